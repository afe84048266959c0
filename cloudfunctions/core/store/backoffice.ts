// Queries of the back office: the group table, counts for the admin home, reading a whole
// conversation in seq pages (export, purge) and purging a deleted conversation's documents.
import { storedNamesOf } from '../domain/audit';
import { nameLookup } from '../domain/nameKeys';
import type { ConversationStatus } from '../../../typings/api';
import { db } from '../platform/cloud';
import type { AuditDoc, ConversationDoc, EmployeeDoc, MessageDoc } from './documents';
import { keysetPage } from './keyset';
import { byId, collection, command, rows, total } from './query';

/** The largest page CloudBase returns from one server-side get(). */
export const READ_PAGE = 1000;

/** Keyset cursor over (createdAt desc, _id desc): stable while new groups are created. */
export interface TimeCursor {
  at: number;
  id: string;
}

export function encodeCursor(c: TimeCursor): string {
  return Buffer.from(JSON.stringify([c.at, c.id])).toString('base64url');
}

/**
 * null for a cursor that is not one of ours (the caller then answers INVALID_ARGUMENT). Strict:
 * only the exact encoding encodeCursor produces is accepted (base64url decoding alone would
 * skip stray characters, and JSON would take 1e3 for 1000).
 */
export function decodeCursor(raw: string): TimeCursor | null {
  try {
    const [at, id] = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown[];
    if (!Number.isSafeInteger(at) || (at as number) < 0 || typeof id !== 'string') return null;
    const c = { at: at as number, id };
    return encodeCursor(c) === raw ? c : null;
  } catch {
    return null;
  }
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export const containsText = (keyword: string) => db().RegExp({ regexp: escapeRegExp(keyword), options: 'i' });

/**
 * Employee ids whose real name is the keyword (for "search by creator"), departed ones too: one
 * equality on the `name` index. A creator is found by full name; "name contains" would read
 * every employee (no index answers a RegExp that is not anchored).
 */
export async function employeeIdsByName(keyword: string): Promise<string[]> {
  const found = await rows<Pick<EmployeeDoc, '_id'>>(
    collection('employees').where({ name: keyword }).field({ _id: true }).limit(READ_PAGE),
  );
  return found.map((e) => e._id);
}

export interface GroupTableQuery {
  keyword?: string;
  status?: ConversationStatus;
  /** Creator ids matching the keyword by name (already looked up). */
  creatorIds?: string[];
  /**
   * Some groups may still lack nameKeys (stored before it existed, until the maintenance step
   * has filled them: services/nameKeysBackfill.ts): match those by a RegExp on the name too.
   */
  withoutKeys?: boolean;
  cursor?: TimeCursor;
  limit: number;
}

/** One page of the group table and where the next starts (null: the last page). */
export interface GroupTablePage {
  groups: ConversationDoc[];
  next: TimeCursor | null;
}

const newerFirst = (a: ConversationDoc, b: ConversationDoc) =>
  b.createdAt - a.createdAt || (a._id < b._id ? 1 : a._id > b._id ? -1 : 0);

/**
 * One page of groups, newest first, read as keyset pages of the (type, status, createdAt) index
 * so that a page reads about `limit` documents whatever the number of groups:
 * - one status: one page of it;
 * - 'disabled' (disabled, or being purged): a page of each, merged as MongoDB merges index ranges;
 * - every status: a page of all groups by (type, createdAt), dropping any still 'creating' (a
 *   create in flight, or left by a crash until the repair finishes it: rare, so such a page is
 *   at most a row or two short, and the cursor still moves past them).
 * A keyword: the groups its term finds through the nameKeys index (the name contains it, or its
 * pinyin/initials start with it: domain/nameKeys.ts), or whose creator — found by full name — is
 * one of `creatorIds`; status and the cursor are applied to that matched set, ordered by time.
 */
export async function listGroupsPage(q: GroupTableQuery): Promise<GroupTablePage> {
  const _ = command();
  const filters: object[] = [{ type: 'group' }];
  const lookup = q.keyword ? nameLookup(q.keyword) : null;
  if (lookup) {
    // One equality on the multikey nameKeys index (domain/nameKeys.ts says what it matches);
    // the matched groups are then filtered and ordered by the page.
    const byName = lookup.rest
      ? { nameKeys: lookup.term, name: containsText(lookup.rest) }
      : { nameKeys: lookup.term };
    const any: object[] = [byName];
    // Transitional: the old way (no index answers it: reads every group) for groups without terms.
    if (q.withoutKeys && q.keyword) any.push({ nameKeys: _.exists(false), name: containsText(q.keyword) });
    if (q.creatorIds?.length) any.push({ creatorId: _.in(q.creatorIds) });
    filters.push(any.length > 1 ? _.or(any) : byName);
  }
  const after = q.cursor && { value: q.cursor.at, id: q.cursor.id };
  const page = (more: object[]) =>
    keysetPage<ConversationDoc>(
      'conversations',
      ['createdAt', 'desc'],
      [...filters, ...more],
      after,
      q.limit,
    );
  // One being purged shows as disabled.
  const statuses = q.status === 'disabled' ? ['disabled', 'deleting'] : q.status ? [q.status] : [];
  const read = statuses.length
    ? (await Promise.all(statuses.map((status) => page([{ status }])))).flat().sort(newerFirst)
    : await page([]);
  const shown = read.slice(0, q.limit);
  const last = shown[shown.length - 1];
  return {
    // A group still being created is nobody's business yet.
    groups: shown.filter((c) => c.status !== 'creating'),
    next: read.length > q.limit && last ? { at: last.createdAt, id: last._id } : null,
  };
}

/**
 * Messages people sent in a conversation up to `seq` (system lines excluded; recalled and
 * removed ones included: they were sent), in one count over its (conversationId, seq) range:
 * the repair of a conversation from before `sentCount` existed.
 */
export const countSentUpTo = (conversationId: string, seq: number): Promise<number> =>
  total(
    collection('messages').where({
      conversationId,
      seq: command().gt(0).and(command().lte(seq)),
      type: command().neq('system'),
    }),
  );

/** Stores a repaired count unless the conversation moved on (or got its count) meanwhile. */
export async function saveSentCount(conversationId: string, lastSeq: number, n: number): Promise<boolean> {
  const res = (await collection('conversations')
    .where({ _id: conversationId, lastSeq, sentCount: command().exists(false) })
    .update({ data: { sentCount: n } })) as { stats: { updated: number } };
  return res.stats.updated > 0;
}

const SENT_COUNTS_CURSOR = 'sentCountsCursor';

/** Where the sentCount repair's walk over the groups stopped (a settings document). */
export async function loadSentCountsCursor(): Promise<TimeCursor | undefined> {
  const doc = await byId<{ at: number; id: string }>('settings', SENT_COUNTS_CURSOR);
  return doc ? { at: doc.at, id: doc.id } : undefined;
}

export async function saveSentCountsCursor(c: TimeCursor): Promise<void> {
  await collection('settings')
    .doc(SENT_COUNTS_CURSOR)
    .set({ data: { at: c.at, id: c.id } });
}

/** Up to `limit` groups in creation order after `after` (the repair's walk, a page a run). */
export async function groupsInCreationOrder(after: TimeCursor | undefined, limit: number) {
  const page = await keysetPage<ConversationDoc>(
    'conversations',
    ['createdAt', 'asc'],
    [{ type: 'group' }],
    after && { value: after.at, id: after.id },
    limit,
  );
  return page.slice(0, limit);
}

// ---- counts for the admin home ----

export const countActiveGroups = (): Promise<number> =>
  total(collection('conversations').where({ type: 'group', status: 'active' }));

// ---- reading a conversation ----

export interface MessageRange {
  from?: number;
  to?: number;
}

/** Up to 1,000 messages after `afterSeq` in seq order, optionally within a creation-time range. */
export function messagesAfter(
  conversationId: string,
  afterSeq: number,
  range: MessageRange = {},
  limit = READ_PAGE,
): Promise<MessageDoc[]> {
  const _ = command();
  const where: Record<string, unknown> = { conversationId, seq: _.gt(afterSeq) };
  if (range.from !== undefined && range.to !== undefined)
    where.createdAt = _.gte(range.from).and(_.lte(range.to));
  else if (range.from !== undefined) where.createdAt = _.gte(range.from);
  else if (range.to !== undefined) where.createdAt = _.lte(range.to);
  return rows<MessageDoc>(collection('messages').where(where).orderBy('seq', 'asc').limit(limit));
}

/** The newest messages before `beforeSeq` (all when omitted), returned in ascending seq. */
export async function messagesBefore(
  conversationId: string,
  beforeSeq: number | undefined,
  limit: number,
): Promise<MessageDoc[]> {
  // seq > 0: a message still pending (services/sequencer.ts) is not part of the history yet.
  const _ = command();
  const where = { conversationId, seq: beforeSeq !== undefined ? _.gt(0).and(_.lt(beforeSeq)) : _.gt(0) };
  const page = await rows<MessageDoc>(
    collection('messages').where(where).orderBy('seq', 'desc').limit(limit),
  );
  return page.reverse();
}

/** Every stored file a conversation's messages point at (read in seq pages of 1,000). */
export async function messageFileIds(conversationId: string): Promise<string[]> {
  const _ = command();
  const out: string[] = [];
  for (let afterSeq = 0; ;) {
    const page = await rows<Pick<MessageDoc, 'seq' | 'fileId'>>(
      collection('messages')
        .where({ conversationId, seq: _.gt(afterSeq), fileId: _.exists(true) })
        .orderBy('seq', 'asc')
        .field({ seq: true, fileId: true })
        .limit(READ_PAGE),
    );
    for (const m of page) if (m.fileId) out.push(m.fileId);
    if (page.length < READ_PAGE) return out;
    afterSeq = page[page.length - 1].seq;
  }
}

/**
 * Files that only the audit log still points at: originals of admin-removed messages and
 * history exports. They belong to the conversation too and go when it is deleted.
 */
export async function auditFileIds(conversationId: string): Promise<string[]> {
  const actions = [...storedNamesOf('message.delete'), ...storedNamesOf('group.exportHistory')];
  const entries = await rows<AuditDoc>(
    collection('audit_log')
      .where({ conversationId, action: command().in(actions) })
      .limit(READ_PAGE),
  );
  const out: string[] = [];
  for (const e of entries) {
    const before = e.before as { fileId?: unknown } | undefined;
    const after = e.after as { fileId?: unknown } | undefined;
    if (typeof before?.fileId === 'string') out.push(before.fileId);
    if (typeof after?.fileId === 'string') out.push(after.fileId);
  }
  return out;
}

/**
 * Removes every member and message document of a conversation. A multi-document remove may stop
 * part-way on CloudBase, so each collection is removed until a count finds nothing left (bounded):
 * the caller deletes the conversation document only after this returns.
 */
export async function removeConversationDocuments(
  conversationId: string,
): Promise<{ members: number; messages: number }> {
  const removeAll = async (name: 'members' | 'messages' | 'message_archive') => {
    let removed = 0;
    for (let attempt = 0; attempt < 20; attempt++) {
      const res = (await collection(name).where({ conversationId }).remove()) as {
        stats?: { removed?: number };
      };
      removed += res.stats?.removed ?? 0;
      if ((await total(collection(name).where({ conversationId }))) === 0) return removed;
    }
    throw new Error(`could not remove all ${name} of ${conversationId}`);
  };
  const members = await removeAll('members');
  const messages = await removeAll('messages');
  // Recalled content kept for the back office goes with the group (store/messageArchive.ts).
  await removeAll('message_archive');
  return { members, messages };
}
