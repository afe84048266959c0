// Every collection the product uses, with the indexes its queries rely on. Production: create
// these collections and indexes in the CloudBase console (README lists them); the local cloud
// creates them from this table. Indexed fields hold scalars; timestamps are stored as
// milliseconds (numbers) so they index and sort the same way everywhere.
//
// Every query the functions make on a collection is answered through one of its indexes: the
// function and page tests fail a test whose functions scan (test/scanCheck.ts). Two optional
// words per collection tell that check what a scan is:
// - `small`: why the collection stays small whatever the company's size or history (its
//   queries may read all of it);
// - `coarse`: indexed fields with a handful of values (a status, a type): an index narrowing by
//   them alone still reads most of the collection, unless it also gives the order and the page
//   ends the read;
// - `terms`: indexed fields holding "term + position" keys: a range on one is one term's entries
//   (a department's people, a word's messages), as pinned as an equality;
// - `arrays`: indexed fields holding arrays (MongoDB makes their index multikey: one key per
//   element, so `{ f: x }` and `{ f: { $in } }` read only the documents holding x). Indexed
//   alone: MongoDB refuses a compound index over two array fields, and the local engine, stricter,
//   over any.
export const COLLECTIONS = {
  employees: {
    indexes: [
      ['openid'],
      ['mobile'],
      ['employeeNo'],
      ['inviteCode'],
      ['status', 'nameInitials'],
      ['formerOpenid'],
      ['offboardingAt'],
      ['keysPendingAt'],
      // The admin roster table in address-book order (store/employees.ts listActiveEmployees),
      // and each of its status filters (在职/未绑定/离职处理中/离职): the stored roster status,
      // then the order — one index-ordered page.
      ['namePinyin'],
      ['rosterStatus', 'namePinyin'],
      // The active admins (few): who may still sign in to the back office.
      ['isAdmin', 'status'],
      // The back office's group table searched by creator: people by full name (store/backoffice.ts).
      ['name'],
      // Multikey: who belongs to a department (store/candidates.ts, department groups).
      ['departmentIds'],
      // Multikey: the admin roster's keyword (domain/nameKeys.ts), one equality.
      ['nameKeys'],
    ],
    coarse: ['status', 'rosterStatus'],
    arrays: ['departmentIds', 'nameKeys'],
  },
  departments: {
    indexes: [['parentId', 'order']],
    small: 'the org chart (hundreds of departments): read whole, in one request, to build the tree',
  },
  /**
   * Address-book index (store/directoryKeys.ts): one document per term of an active employee
   * (department, subtree, name/pinyin/mobile), `key` = term + address-book position, so every
   * listing is one index range. A separate collection because the address book pages in
   * address-book order within a department subtree (a multikey index on `departmentIds` gives
   * membership, not that order) and a RegExp on names reads every employee.
   */
  directory_keys: { indexes: [['key'], ['employeeId']], terms: ['key'] },
  /** Active people per department subtree, recounted from directory_keys (one per department). */
  department_counts: { indexes: [], small: 'one document per department' },
  bindings: { indexes: [['employeeId']] },
  settings: { indexes: [], small: 'a few company-wide documents' },
  /**
   * Leases with an end time (`until`): the roster-import lease that serialises imports, and the
   * per-request locks that let a retried groups.create find the group it made.
   */
  locks: {
    indexes: [['until']],
    small: 'leases and request keys that expire (maintenance removes them), one per department group',
  },
  /** Per-user throttles (domain/rateLimit.ts): one token bucket document per user and kind. */
  rate_limits: { indexes: [] },
  /** Image checks waiting for WeChat's verdict (store/mediaChecks.ts), by trace id. */
  media_checks: { indexes: [] },
  conversations: {
    indexes: [
      ['directKey'],
      ['type', 'createdAt'],
      // The back office's group table, one status at a time (store/backoffice.ts listGroupsPage).
      ['type', 'status', 'createdAt'],
      ['status', 'createdAt'],
      ['creatorId'],
      ['pendingAt'],
      // Auto-synced department groups (services/orgSync.ts finds those a change of the org chart touches).
      ['autoSync', 'status'],
      // Multikey: the back office's group table searched by name (domain/nameKeys.ts).
      ['nameKeys'],
    ],
    arrays: ['nameKeys'],
    // Not autoSync: `true` marks department groups (one per department at most), the only ones asked for.
    coarse: ['type', 'status'],
  },
  members: {
    indexes: [
      ['conversationId', 'joinSeq'],
      ['employeeId', 'conversationId'],
      ['employeeId', 'joinedAt'],
    ],
  },
  /** Per employee, the conversations they may search (store/searchScopes.ts, a cache). */
  search_scopes: { indexes: [] },
  messages: {
    indexes: [
      ['conversationId', 'seq'],
      ['conversationId', 'createdAt'],
      // Search by type without a keyword (store/messages.ts recentMessages): files/images of my chats.
      ['conversationId', 'type', 'createdAt'],
      ['createdAt'],
      ['notifyAt'],
      ['type', 'createdAt'],
      ['senderId', 'createdAt'],
      ['pendingAt'],
      // Recalled messages by recall time (only they have the field): the repair moving content
      // recalled before the archive existed (services/archiveRepair.ts) walks them once.
      ['recalledAt'],
    ],
    coarse: ['type'],
  },
  /**
   * Recalled messages' content (store/messageArchive.ts), by message id: `messages` is
   * client-readable, this is not; the back office reads it.
   */
  message_archive: { indexes: [['conversationId', 'seq']] },
  /**
   * Message search index (store/searchTerms.ts): one posting per term, conversation and day,
   * listing that day's messages containing the term.
   */
  search_postings: { indexes: [['term', 'conversationId', 'newest']] },
  /** Subscription-message credits per employee and template (`${employeeId}_${templateId}`). */
  subscriptions: { indexes: [['employeeId']] },
  /** Every subscription message sent or failed (one per message and recipient). */
  notifications: {
    indexes: [
      ['employeeId', 'at'],
      ['conversationId', 'at'],
    ],
  },
  /**
   * Long work done in steps (services/jobs.ts): offboardings, imports, group deletions, exports,
   * reorganisations — progress for the admin pages and what the repair run continues.
   */
  // Not `coarse: ['status']`: finished jobs are 'done', and queries ask for the rare others.
  jobs: { indexes: [['status', 'updatedAt'], ['updatedAt']] },
  /** Messages sent per hour (store/messageCounts.ts), summed per China day by admin.stats. */
  message_counts: { indexes: [['day']] },
  audit_log: { indexes: [['at'], ['actorId', 'at'], ['conversationId', 'at'], ['action', 'at']] },
} as const satisfies Record<
  string,
  {
    indexes: readonly (readonly string[])[];
    small?: string;
    coarse?: readonly string[];
    terms?: readonly string[];
    arrays?: readonly string[];
  }
>;

export type CollectionName = keyof typeof COLLECTIONS;
