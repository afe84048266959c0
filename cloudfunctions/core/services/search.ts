// Message search (爬楼 no more): by keyword, sender, type (file/image) and date range, in one chat
// or across all my chats, newest first. The scope is built from the caller's own member records,
// so a conversation they are not in can never be searched, and each conversation only from the
// member's joinedAtSeq on.
//
// With a keyword the search reads the term index (store/searchTerms.ts), never the messages in
// scope: the newest postings of the keyword's most specific term, then the messages they list
// by id, each checked for the whole keyword, its membership window and visibility (recalled and
// removed messages never match, even if their terms were not dropped yet). A bounded number of
// batches per call keeps the rows read proportional to the page: when the budget runs out before
// the page fills, the page comes back shorter with a cursor to continue. Without a keyword (only
// a sender or a type) the messages' own indexes answer it the same way.
import type { Page, SearchHit } from '../../../typings/api';
import {
  containsKeyword,
  dayOf,
  dayStart,
  keywordTerms,
  parseEntry,
  searchableText,
  type Entry,
} from '../domain/searchTerms';
import { invalid } from '../domain/validation';
import type { ConversationDoc, EmployeeDoc, MessageDoc } from '../store/documents';
import { employeeIndex } from '../store/employees';
import { conversationsByIds, messagesByIds, recentMessages } from '../store/messages';
import { dropFromScope, memberWindows, searchScope } from '../store/searchScopes';
import { KEY_PATTERN, keyAt, postingsOf, postingsWithin, sortKey } from '../store/searchTerms';
import { requireMember } from './access';
import { conversationName, directPeerId } from './conversationList';
import { toMessage } from './messageView';

export interface SearchFilters {
  keyword?: string;
  conversationId?: string;
  senderId?: string;
  type?: 'file' | 'image';
  /** Creation time bounds, inclusive (ms). */
  from?: number;
  to?: number;
  cursor?: string | null;
  limit: number;
}

/** Index batches per call: bounds the rows one call reads (≈ BATCHES × (batch + batch)). */
const BATCHES = 3;
const batchSize = (limit: number) => Math.min(200, limit * 2 + 10);
/** Postings read per batch at most, and per read (each lists up to a day of one chat). */
const POSTING_READS = 2;
const postingBatch = (size: number) => Math.max(10, Math.floor(size / 2));
/** Above every key (9 > any digit of a 13-digit time). */
const TOP = '9999999999999~';

interface Scope {
  /** The member's window per conversation: only messages after joinedAtSeq. */
  afterSeq: Map<string, number>;
  /** Conversations loaded so far (one chat: that one; across chats: those with candidates). */
  conversations: Map<string, ConversationDoc>;
  /** Windows read from the member records themselves (one chat), not from the cached scope. */
  confirmed: boolean;
}

/**
 * Across all chats the caller's conversations come from one cached document
 * (store/searchScopes.ts), not their 300 member records; every candidate's membership is then
 * confirmed on its own member record (`confirmMembership`). A conversation document is loaded
 * only once one of its messages is a candidate, so a search touches the conversations it shows.
 */
async function scopeOf(me: EmployeeDoc, conversationId?: string): Promise<Scope> {
  if (conversationId) {
    const { conversation, member } = await requireMember(conversationId, me._id);
    return {
      afterSeq: new Map([[conversationId, member.joinedAtSeq]]),
      conversations: new Map([[conversationId, conversation]]),
      confirmed: true,
    };
  }
  return { afterSeq: await searchScope(me._id), conversations: new Map(), confirmed: false };
}

/**
 * The cached scope may still list a group the caller has left: candidates are kept only where a
 * member record exists now, and only after its window (one read of just those records).
 */
async function confirmMembership(me: EmployeeDoc, scope: Scope, docs: MessageDoc[]): Promise<MessageDoc[]> {
  if (scope.confirmed || !docs.length) return docs;
  const windows = await memberWindows(
    me._id,
    docs.map((d) => d.conversationId),
  );
  // Left since the scope document learnt of them: out of it for good.
  await dropFromScope(
    me._id,
    [...new Set(docs.map((d) => d.conversationId))].filter((id) => !windows.has(id)),
  );
  return docs.filter((d) => {
    const afterSeq = windows.get(d.conversationId);
    return afterSeq !== undefined && d.seq > afterSeq;
  });
}

/** Loads the conversations of these messages not loaded yet (one request). */
async function loadConversations(scope: Scope, docs: MessageDoc[]): Promise<void> {
  const missing = [...new Set(docs.map((d) => d.conversationId))].filter(
    (id) => !scope.conversations.has(id),
  );
  if (missing.length) for (const c of await conversationsByIds(missing)) scope.conversations.set(c._id, c);
}

function upperKey(f: SearchFilters): string {
  if (f.cursor != null && !KEY_PATTERN.test(f.cursor))
    throw invalid([{ path: 'cursor', message: '分页游标无效' }]);
  const end = f.to !== undefined ? keyAt(f.to + 1) : TOP;
  return f.cursor != null && f.cursor < end ? f.cursor : end;
}

/** One batch of candidates below `below`: the messages, and the key to continue from. */
type Batch = (below: string, size: number) => Promise<{ docs: MessageDoc[]; last: string | null }>;

/**
 * Keyword candidates from the postings of the keyword's most specific term
 * (store/searchTerms.ts). Postings come latest `newest` first, so after reading down to a
 * posting whose newest is K every entry at or above K has been seen (an unread posting holds only
 * entries below its own newest): those are handed out newest first, older entries of the
 * postings read wait in the pool until the reads have gone below them. Entries are filtered by
 * sender, type and date on the entry itself; only the ones handed out are read as messages
 * (≤ `size` per batch).
 */
function keywordBatch(f: SearchFilters & { keyword: string }, ids: string[]): Batch {
  const term = keywordTerms(f.keyword)[0];
  const from = f.from !== undefined ? keyAt(f.from) : undefined;
  /** Postings with `newest` below this are unread. */
  let unreadBelow: string | null = null;
  let exhausted = false;
  let pool: Entry[] = [];
  /** Entries at or above this key are all in the pool or handed out. */
  let complete = TOP;
  const wanted = (e: Entry, below: string) =>
    e.key < below &&
    (from === undefined || e.key >= from) &&
    (!f.senderId || e.senderId === f.senderId) &&
    (!f.type || e.type === f.type);
  return async (below, size) => {
    if (unreadBelow === null) {
      unreadBelow = below;
      // A later page: the postings of the cursor's day that end past the cursor may still list
      // entries below it. They are taken first, all at once (one per chat, so ≤ the chats in
      // scope, one request per 200); every other posting with an entry below the cursor ends
      // below it and comes through the reads below.
      if (below !== TOP) {
        const dayEnd = keyAt(dayStart(dayOf(Number(below.slice(0, 13))) + 1));
        const straddling = await postingsWithin({
          term,
          conversationIds: ids,
          from: from !== undefined && from > below ? from : below,
          below: dayEnd,
        });
        for (const p of straddling) pool.push(...p.entries.map(parseEntry).filter((e) => wanted(e, below)));
      }
    }
    pool = pool.filter((e) => e.key < below);
    for (let read = 0; !exhausted && read < POSTING_READS && !pool.some((e) => e.key >= complete); read++) {
      const limit = postingBatch(size);
      const postings = await postingsOf({
        term,
        conversationIds: ids,
        below: unreadBelow,
        atLeast: from,
        limit,
      });
      for (const p of postings) pool.push(...p.entries.map(parseEntry).filter((e) => wanted(e, below)));
      exhausted = postings.length < limit;
      if (!exhausted) {
        unreadBelow = postings[postings.length - 1].newest;
        complete = unreadBelow;
      }
    }
    pool.sort((a, b) => (a.key < b.key ? 1 : a.key > b.key ? -1 : 0));
    const ready = pool.filter((e) => exhausted || e.key >= complete).slice(0, size);
    pool = pool.slice(ready.length);
    const found = ready.length ? await messagesByIds(ready.map((e) => e.messageId)) : [];
    const byId = new Map(found.map((m) => [m._id, m]));
    const docs = ready.map((e) => byId.get(e.messageId)).filter((m): m is MessageDoc => !!m);
    if (exhausted && !pool.length) return { docs, last: null };
    // Continue below what was handed out, or below everything known complete.
    const handed = ready.length ? ready[ready.length - 1].key : complete;
    return { docs, last: handed < below ? handed : below };
  };
}

function filterBatch(f: SearchFilters, ids: string[]): Batch {
  return async (below, size) => {
    const found = await recentMessages({
      conversationIds: ids,
      senderId: f.senderId,
      types: f.type ? [f.type] : ['text', 'file', 'image'],
      atMost: Number(below.slice(0, 13)),
      from: f.from,
      limit: size,
    });
    // Same-millisecond neighbours of the cursor were on the previous page when their key is ≥ it.
    const docs = found.filter((m) => sortKey(m.createdAt, m._id) < below);
    docs.sort((a, b) => (sortKey(a.createdAt, a._id) < sortKey(b.createdAt, b._id) ? 1 : -1));
    const last =
      found.length < size || !docs.length
        ? null
        : sortKey(docs[docs.length - 1].createdAt, docs[docs.length - 1]._id);
    return { docs, last };
  };
}

export async function searchMyMessages(me: EmployeeDoc, f: SearchFilters): Promise<Page<SearchHit>> {
  const scope = await scopeOf(me, f.conversationId);
  let below = upperKey(f);
  if (!scope.afterSeq.size) return { items: [], nextCursor: null };
  const ids = [...scope.afterSeq.keys()];
  const keyword = f.keyword;
  const next: Batch = keyword ? keywordBatch({ ...f, keyword }, ids) : filterBatch(f, ids);
  const matches = (m: MessageDoc): boolean => {
    const afterSeq = scope.afterSeq.get(m.conversationId);
    if (afterSeq === undefined || m.seq <= afterSeq || m.recalled || m.removed) return false;
    if (f.senderId && m.senderId !== f.senderId) return false;
    if (f.type && m.type !== f.type) return false;
    if (f.from !== undefined && m.createdAt < f.from) return false;
    if (f.to !== undefined && m.createdAt > f.to) return false;
    return keyword ? containsKeyword(searchableText(m) ?? undefined, keyword) : true;
  };
  const hits: MessageDoc[] = [];
  let more = true;
  for (let round = 0; round < BATCHES && hits.length < f.limit; round++) {
    const { docs, last } = await next(below, batchSize(f.limit));
    const candidates = await confirmMembership(me, scope, docs.filter(matches));
    await loadConversations(scope, candidates);
    // A disabled (or deleted) group is out of search as it is out of the chat list.
    for (const m of candidates) {
      if (hits.length === f.limit) break;
      if (scope.conversations.get(m.conversationId)?.status === 'active') hits.push(m);
    }
    if (last === null) {
      more = false;
      break;
    }
    below = last;
  }
  // A full page continues after its last hit; a short one after everything this call examined.
  const nextCursor =
    hits.length === f.limit
      ? sortKey(hits[hits.length - 1].createdAt, hits[hits.length - 1]._id)
      : more
        ? below
        : null;
  return { items: await toHits(me, scope, hits), nextCursor };
}

async function toHits(me: EmployeeDoc, scope: Scope, page: MessageDoc[]): Promise<SearchHit[]> {
  const conv = (id: string) => scope.conversations.get(id) as ConversationDoc;
  const peerIds = page
    .map((d) => directPeerId(conv(d.conversationId), me._id))
    .filter((id): id is string => !!id);
  const senderIds = page.map((d) => d.senderId).filter((id): id is string => !!id);
  const people = page.length
    ? await employeeIndex([...senderIds, ...peerIds])
    : new Map<string, EmployeeDoc>();
  return page.map((d): SearchHit => {
    const c = conv(d.conversationId);
    return {
      message: toMessage(d, people),
      conversation: { id: c._id, name: conversationName(c, me._id, people), type: c.type },
    };
  });
}
