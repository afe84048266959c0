// The message search index (domain/searchTerms.ts explains the terms): collection
// `search_postings`, one POSTING document per (term, conversation, UTC day) listing that day's
// messages of the conversation containing the term, as strings `entryOf(key, type, sender)` in
// an array, and `newest`: the greatest key ever listed (kept with $max in the same update that
// adds an entry; a recall does not lower it, so it is an upper bound of every entry). One
// compound index [term, conversationId, newest] answers every lookup with ordinary index ranges:
//   term = ? AND conversationId IN (≤ 200 ids) AND newest < ? [AND newest >= ?] ORDER BY newest DESC LIMIT n
// (≤ 200 per request: MongoDB merges that many index ranges in sort order instead of sorting
// everything they hold). Ordered by `newest`, the postings come in the order their latest
// messages were sent: after reading down to a posting whose newest is K, every entry ≥ K is
// known (the unread postings hold only entries below their own newest, so below K). A search
// hands those out and reads on only for more — the rows it reads follow the hits, not how
// many chats spoke that day (ordering by day would need a whole day of postings first). Why postings and not one document per term of a message: a message has
// ~15 terms, so 10 M messages would be ~150 M documents and index entries (~100 GB with the
// sender and type indexes it needed); grouped by day a common term costs one document per
// conversation and day, and the sender and type ride in the entry, so one index is enough.
//
// Writes (a message can have ~4,000 terms, too many for a transaction, so after it): the
// postings that exist get the entry with $addToSet (one multi-document update; adding twice is a
// no-op), the missing ones are created holding it (a racing creator's document is then updated
// the same way). Recall and removal $pull the entry. Postings are never deleted, so one that was
// read as existing still exists when updated. A crash in between leaves a message unfindable,
// never a wrong hit (every hit is re-checked on the message itself), and the maintenance
// backfill (services/searchBackfill.ts) files what is missing.
import type { MessageDoc } from './documents';
import { addInOrder, UPDATE_CHUNK } from './batch';
import { byId, byIds, chunks, collection, command, maxString, newestAcross, rows } from './query';
import { dayOf, entryOf, searchableText, termIdPart, termsOf } from '../domain/searchTerms';

export interface PostingDoc {
  _id: string;
  term: string;
  conversationId: string;
  /** The greatest entry key ever listed here (an upper bound of every entry): the sort position. */
  newest: string;
  entries: string[];
}

export const sortKey = (createdAt: number, messageId: string): string =>
  `${String(createdAt).padStart(13, '0')}${messageId}`;

/** Start of the keys at or after a time (the message-id part sorts after the empty string). */
export const keyAt = (at: number): string => String(at).padStart(13, '0');

export const KEY_PATTERN = /^\d{13}[0-9a-f]{32}$/;

export const postingId = (conversationId: string, day: number, term: string): string =>
  `${conversationId}_${day}_${termIdPart(term)}`;

/** Where a message is filed: its entry and the postings that list it (empty when not searchable). */
export interface Filing {
  entry: string;
  /** The message's sort key (the start of its entry). */
  key: string;
  postings: PostingDoc[];
}

/** `asStored`: false to file a message by its content even if it is marked recalled or removed. */
export function filingOf(m: MessageDoc, asStored = true): Filing | null {
  const gone = asStored && (m.recalled || m.removed);
  const text = gone ? null : searchableText(m);
  if (!text || (m.type !== 'text' && m.type !== 'file')) return null;
  const key = sortKey(m.createdAt, m._id);
  const entry = entryOf(key, m.type, m.senderId);
  const day = dayOf(m.createdAt);
  const postings = termsOf(text).map((term) => ({
    _id: postingId(m.conversationId, day, term),
    term,
    conversationId: m.conversationId,
    newest: key,
    entries: [entry],
  }));
  return postings.length ? { entry, key, postings } : null;
}

/** The postings among these ids that exist (ids only: postings can be long). */
async function existingPostings(ids: readonly string[]): Promise<Set<string>> {
  const found = await byIds<{ _id: string }>('search_postings', ids, { fields: { _id: true }, per: 500 });
  return new Set(found.map((d) => d._id));
}

/** One change to many postings (one request per 500). */
async function updatePostings(ids: readonly string[], data: Record<string, unknown>): Promise<number> {
  const _ = command();
  let updated = 0;
  for (const part of chunks(ids, UPDATE_CHUNK)) {
    const res = (await collection('search_postings')
      .where({ _id: _.in(part) })
      .update({ data })) as { stats?: { updated?: number } };
    updated += res.stats?.updated ?? 0;
  }
  return updated;
}

/**
 * Files a message under its terms. Idempotent: run again (a retry, the backfill) it adds
 * nothing. The postings that exist get the entry first (in a busy chat most of a message's
 * terms were said that day already): when every one was changed, that single request is all.
 * Otherwise the missing ones are created holding it (when none was changed, all are tried:
 * none existed, or — a retry — they already held it and the add finds them taken), after
 * learning which exist when some were changed; a racing creator's posting gets the entry too.
 * CloudBase's `stats.updated` may count only documents the update changed (the local engine
 * does): a posting already holding the entry then looks missing, costs a read, never a loss.
 */
export async function indexMessage(m: MessageDoc): Promise<void> {
  const filing = filingOf(m);
  if (!filing) return;
  const ids = filing.postings.map((p) => p._id);
  const change = { entries: command().addToSet(filing.entry), newest: maxString(filing.key) };
  const updated = await updatePostings(ids, change);
  if (updated === ids.length) return;
  const existing = updated ? await existingPostings(ids) : new Set<string>();
  const missing = filing.postings.filter((p) => !existing.has(p._id));
  const { taken } = await addInOrder('search_postings', missing);
  if (taken.length)
    await updatePostings(
      taken.map((p) => p._id),
      change,
    );
}

/** Takes a message out of its postings (recall, removal): one request. */
export async function unindexMessage(m: MessageDoc): Promise<void> {
  const filing = filingOf(m, false);
  if (filing)
    await updatePostings(
      filing.postings.map((p) => p._id),
      { entries: command().pull(filing.entry) },
    );
}

/**
 * Which of these messages are listed in every one of their postings, each posting's `newest` at
 * or above them (the backfill's check: postings written before `newest` existed are refiled).
 */
export async function indexedAmong(messages: readonly MessageDoc[]): Promise<Set<string>> {
  const filings = messages.map((m) => ({ m, filing: filingOf(m) }));
  const ids = [...new Set(filings.flatMap(({ filing }) => filing?.postings.map((p) => p._id) ?? []))];
  const found = await byIds<Pick<PostingDoc, '_id' | 'entries' | 'newest'>>('search_postings', ids, {
    fields: { _id: true, entries: true, newest: true },
    per: 500,
  });
  const stored = new Map(found.map((p) => [p._id, { entries: new Set(p.entries), newest: p.newest }]));
  const listed = (filing: Filing, id: string) => {
    const p = stored.get(id);
    return !!p && p.entries.has(filing.entry) && p.newest >= filing.key;
  };
  return new Set(
    filings
      .filter(({ filing }) => filing?.postings.every((p) => listed(filing, p._id)))
      .map(({ m }) => m._id),
  );
}

/** Conversations per posting query: MongoDB merges up to 200 index ranges in sort order. */
const IN_LIMIT = 200;

export interface PostingQuery {
  term: string;
  /** Conversations in scope (one request per 200). */
  conversationIds: string[];
  /** Postings whose `newest` is strictly below this. */
  below: string;
  /** Postings whose `newest` is at or above this (the start of a date range). */
  atLeast?: string;
  limit: number;
}

/** The `limit` postings of a term in scope with the latest `newest` below `below`, latest first. */
export function postingsOf(q: PostingQuery): Promise<PostingDoc[]> {
  const _ = command();
  const newest = q.atLeast ? _.and(_.lt(q.below), _.gte(q.atLeast)) : _.lt(q.below);
  return newestAcross<PostingDoc>(
    'search_postings',
    q.conversationIds,
    (conversationId) => ({ term: q.term, conversationId, newest }),
    'newest',
    q.limit,
    IN_LIMIT,
  );
}

export interface StraddleQuery {
  term: string;
  conversationIds: string[];
  /** Newest at or above this … */
  from: string;
  /** … and below this: a range inside ONE UTC day. */
  below: string;
}

/**
 * Every posting of a term in scope whose `newest` lies in a range inside one day (a later page
 * reading again the postings of its cursor's day that end past the cursor): a conversation has
 * one posting per term and day, so one request per 200 conversations takes them all.
 */
export async function postingsWithin(q: StraddleQuery): Promise<PostingDoc[]> {
  const _ = command();
  const parts = await Promise.all(
    chunks(q.conversationIds, IN_LIMIT).map((ids) =>
      rows<PostingDoc>(
        collection('search_postings')
          .where({
            term: q.term,
            conversationId: ids.length === 1 ? ids[0] : _.in(ids),
            newest: _.and(_.gte(q.from), _.lt(q.below)),
          })
          .limit(ids.length),
      ),
    ),
  );
  return parts.flat();
}

// ---- the backfill's place (services/searchBackfill.ts): a cursor document in `settings` ----

// A new id whenever the posting design changes: the walk starts again from the first message and
// refiles every message (this one: postings gained `newest`; the check above finds those without).
const BACKFILL_CURSOR_ID = 'searchPostingsNewest';

/** sortKey of the last message the backfill looked at ('' before its first run). */
export async function loadBackfillCursor(): Promise<string> {
  return (await byId<{ _id: string; key: string }>('settings', BACKFILL_CURSOR_ID))?.key ?? '';
}

export async function saveBackfillCursor(key: string): Promise<void> {
  await collection('settings').doc(BACKFILL_CURSOR_ID).set({ data: { key } });
}
