// The message search index (domain/searchTerms.ts explains the terms): collection `search_terms`,
// one document per distinct term of a searchable message, with the message's conversation,
// sender, type and a sort key. Ordinary scalar fields and compound indexes only, so CloudBase
// answers every lookup with an index range — `term = ? [AND conversationId IN (…)] [AND senderId
// = ?] [AND type = ?] AND key < cursor ORDER BY key DESC LIMIT n` — and reads only the entries
// it returns. `key` is the creation time (13 digits) followed by the 32-character message id:
// unique, so it orders newest first without ties and is the page cursor.
//
// Writes: the send path adds a message's terms right after its transaction (a message can have
// up to ~4,000 terms, too many for one transaction); recall and removal delete them. A crash in
// between leaves a message unfindable (never a wrong hit: every hit is re-checked on the message
// itself), and the maintenance backfill (services/searchBackfill.ts) adds what is missing.
import type { MessageDoc } from './documents';
import { addInOrder } from './batch';
import { byId, chunks, collection, command, newestAcross, rows } from './query';
import { searchableText, termsOf } from '../domain/searchTerms';

export interface TermDoc {
  _id: string;
  term: string;
  messageId: string;
  conversationId: string;
  senderId: string | null;
  type: MessageDoc['type'];
  key: string;
}

export const sortKey = (createdAt: number, messageId: string): string =>
  `${String(createdAt).padStart(13, '0')}${messageId}`;

/** Start of the keys at or after a time (the message-id part sorts after the empty string). */
export const keyAt = (at: number): string => String(at).padStart(13, '0');

export const KEY_PATTERN = /^\d{13}[0-9a-f]{32}$/;

export function termDocsOf(m: MessageDoc): TermDoc[] {
  const text = m.recalled || m.removed ? null : searchableText(m);
  if (!text) return [];
  const key = sortKey(m.createdAt, m._id);
  return termsOf(text).map((term, k) => ({
    _id: `${m._id}_${k}`,
    term,
    messageId: m._id,
    conversationId: m.conversationId,
    senderId: m.senderId,
    type: m.type,
    key,
  }));
}

/** Indexes a message (idempotent: the same message always yields the same documents). */
export async function indexMessage(m: MessageDoc): Promise<void> {
  const docs = termDocsOf(m);
  if (docs.length) await addInOrder('search_terms', docs);
}

/** Drops a message's terms (recall, removal): one request. */
export async function unindexMessage(messageId: string): Promise<void> {
  await collection('search_terms').where({ messageId }).remove();
}

/** Which of these messages have their terms stored (their first term document exists). */
export async function indexedAmong(messageIds: string[]): Promise<Set<string>> {
  const _ = command();
  const found = await Promise.all(
    chunks(messageIds, 500).map((part) =>
      rows<Pick<TermDoc, 'messageId'>>(
        collection('search_terms')
          .where({ _id: _.in(part.map((id) => `${id}_0`)) })
          .field({ messageId: true })
          .limit(part.length),
      ),
    ),
  );
  return new Set(found.flat().map((d) => d.messageId));
}

export interface TermQuery {
  term: string;
  /** Conversations in scope (one request per 500). */
  conversationIds: string[];
  senderId?: string;
  type?: MessageDoc['type'];
  /** Keys strictly below this (the cursor, or the end of the date range). */
  below: string;
  /** Keys at or above this (the start of the date range). */
  atLeast?: string;
  limit: number;
}

/** The newest `limit` entries of a term in scope, newest first. */
export function termEntries(q: TermQuery): Promise<TermDoc[]> {
  const _ = command();
  const key = q.atLeast ? _.and(_.lt(q.below), _.gte(q.atLeast)) : _.lt(q.below);
  return newestAcross<TermDoc>(
    'search_terms',
    q.conversationIds,
    (conversationId) => ({
      term: q.term,
      conversationId,
      ...(q.senderId ? { senderId: q.senderId } : {}),
      ...(q.type ? { type: q.type } : {}),
      key,
    }),
    'key',
    q.limit,
  );
}

// ---- the backfill's place (services/searchBackfill.ts): a cursor document in `settings` ----

const BACKFILL_CURSOR_ID = 'searchBackfill';

/** sortKey of the last message the backfill looked at ('' before its first run). */
export async function loadBackfillCursor(): Promise<string> {
  return (await byId<{ _id: string; key: string }>('settings', BACKFILL_CURSOR_ID))?.key ?? '';
}

export async function saveBackfillCursor(key: string): Promise<void> {
  await collection('settings').doc(BACKFILL_CURSOR_ID).set({ data: { key } });
}
