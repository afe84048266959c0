// Every collection the product uses, with the indexes its queries rely on. Production: create
// these collections and indexes in the CloudBase console (README lists them); the local cloud
// creates them from this table. Indexed fields hold scalars; timestamps are stored as
// milliseconds (numbers) so they index and sort the same way everywhere.
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
    ],
  },
  departments: { indexes: [['parentId', 'order']] },
  /**
   * Address-book index (store/directoryKeys.ts): one document per term of an active employee
   * (department, subtree, name/pinyin/mobile), `key` = term + address-book position, so every
   * listing is one index range. A separate collection because array fields (`departmentIds`)
   * cannot be indexed and a RegExp on names reads every employee.
   */
  directory_keys: { indexes: [['key'], ['employeeId']] },
  /** Active people per department subtree, recounted from directory_keys (one per department). */
  department_counts: { indexes: [] },
  bindings: { indexes: [['employeeId']] },
  settings: { indexes: [] },
  /**
   * Leases with an end time (`until`): the roster-import lease that serialises imports, and the
   * per-request locks that let a retried groups.create find the group it made.
   */
  locks: { indexes: [] },
  /** Per-user throttles (domain/rateLimit.ts): one token bucket document per user and kind. */
  rate_limits: { indexes: [] },
  /** Image checks waiting for WeChat's verdict (store/mediaChecks.ts), by trace id. */
  media_checks: { indexes: [] },
  conversations: {
    indexes: [
      ['directKey'],
      ['type', 'createdAt'],
      ['status', 'createdAt'],
      ['creatorId'],
      ['pendingAt'],
      // Auto-synced department groups (services/orgSync.ts finds those a change of the org chart touches).
      ['autoSync', 'status'],
    ],
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
      ['createdAt'],
      ['notifyAt'],
      ['type', 'createdAt'],
      ['senderId', 'createdAt'],
      ['pendingAt'],
      // Recalled messages by recall time (only they have the field): the repair moving content
      // recalled before the archive existed (services/archiveRepair.ts) walks them once.
      ['recalledAt'],
    ],
  },
  /**
   * Recalled messages' content (store/messageArchive.ts), by message id: `messages` is
   * client-readable, this is not; the back office reads it.
   */
  message_archive: { indexes: [['conversationId', 'seq']] },
  /** Message search index (store/searchTerms.ts): one document per distinct term of a message. */
  search_terms: {
    indexes: [
      ['term', 'key'],
      ['term', 'conversationId', 'key'],
      ['term', 'senderId', 'key'],
      ['term', 'type', 'key'],
      ['messageId'],
    ],
  },
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
  jobs: { indexes: [['status', 'updatedAt'], ['updatedAt']] },
  /** Messages sent per hour (store/messageCounts.ts), summed per China day by admin.stats. */
  message_counts: { indexes: [['day']] },
  audit_log: { indexes: [['at'], ['actorId', 'at'], ['conversationId', 'at'], ['action', 'at']] },
} as const satisfies Record<string, { indexes: readonly (readonly string[])[] }>;

export type CollectionName = keyof typeof COLLECTIONS;
