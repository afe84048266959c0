// Queries for messages, read state and the conversation list. Every function here is a fixed
// number of database requests whatever the group size or the number of conversations
// (chunked only past the 1,000-row server cap), so callers can promise constant costs.
import type { ConversationDoc, MemberDoc, MessageDoc } from './documents';
import { SERVER_CAP, byId, byIds, collection, command, newestAcross, rows, total } from './query';
import { txGet, txWrites, type Tx } from './transaction';

export { SERVER_CAP };

export function getMessage(id: string): Promise<MessageDoc | null> {
  return byId<MessageDoc>('messages', id);
}

/** A page of a conversation's timeline, newest first, strictly between two seqs. */
export function messagesBetween(
  conversationId: string,
  afterSeq: number,
  beforeSeq: number | null,
  limit: number,
  order: 'asc' | 'desc',
): Promise<MessageDoc[]> {
  const _ = command();
  const seq = beforeSeq === null ? _.gt(afterSeq) : _.and(_.gt(afterSeq), _.lt(beforeSeq));
  return rows<MessageDoc>(
    collection('messages').where({ conversationId, seq }).orderBy('seq', order).limit(limit),
  );
}

/** Every membership of an employee (store/members.ts: one request per 1,000). */
export { membershipsOf } from './members';

export const conversationsByIds = (ids: string[]): Promise<ConversationDoc[]> =>
  byIds<ConversationDoc>('conversations', ids);

/** Members of a conversation other than `exceptId`, who have (or have not) read up to `seq`. */
/**
 * Members who could read message `seq` (joined before it: a later joiner never sees it, and their
 * read marker starts past it) and have, or have not, read it.
 */
function readersWhere(conversationId: string, exceptId: string | null, seq: number, read: boolean) {
  const _ = command();
  return {
    conversationId,
    ...(exceptId ? { employeeId: _.neq(exceptId) } : {}),
    joinedAtSeq: _.lt(seq),
    lastReadSeq: read ? _.gte(seq) : _.lt(seq),
  };
}

export function countReaders(
  conversationId: string,
  exceptId: string | null,
  seq: number,
  read: boolean,
): Promise<number> {
  return total(collection('members').where(readersWhere(conversationId, exceptId, seq, read)));
}

export function readersPage(
  conversationId: string,
  exceptId: string | null,
  seq: number,
  read: boolean,
  skip: number,
  limit: number,
): Promise<MemberDoc[]> {
  return rows<MemberDoc>(
    collection('members')
      .where(readersWhere(conversationId, exceptId, seq, read))
      .orderBy('joinSeq', 'asc')
      .skip(skip)
      .limit(limit),
  );
}

/**
 * Forward-only read marker as one conditional update: the `lastReadSeq < seq` filter makes it
 * atomic without a transaction (two markReads racing can only move it forward). Returns whether
 * it moved.
 */
export async function advanceReadSeq(memberDocId: string, seq: number): Promise<boolean> {
  const _ = command();
  const res = (await collection('members')
    .where({ _id: memberDocId, lastReadSeq: _.lt(seq) })
    .update({ data: { lastReadSeq: seq } })) as { stats?: { updated?: number } };
  return (res.stats?.updated ?? 0) > 0;
}

export interface RecentQuery {
  conversationIds: string[];
  senderId?: string;
  types: MessageDoc['type'][];
  /** Created at or before this (ms). */
  atMost: number;
  from?: number;
  limit: number;
}

/**
 * The newest messages of these types in these conversations (optionally by one sender), for
 * search by sender or type without a keyword: answered by the ['type', 'createdAt'] and
 * ['senderId', 'createdAt'] indexes, one request per 500 conversations, merged newest first.
 */
export function recentMessages(q: RecentQuery): Promise<MessageDoc[]> {
  const _ = command();
  const createdAt = q.from !== undefined ? _.lte(q.atMost).and(_.gte(q.from)) : _.lte(q.atMost);
  return newestAcross<MessageDoc>(
    'messages',
    q.conversationIds,
    (conversationId) => ({
      conversationId,
      type: q.types.length === 1 ? q.types[0] : _.in(q.types),
      ...(q.senderId ? { senderId: q.senderId } : {}),
      createdAt,
    }),
    'createdAt',
    q.limit,
  );
}

/** Every member's read marker in a conversation (one request up to the 1,000-member cap). */
export async function readMarkers(
  conversationId: string,
): Promise<Pick<MemberDoc, 'employeeId' | 'lastReadSeq' | 'joinedAtSeq'>[]> {
  return rows<Pick<MemberDoc, 'employeeId' | 'lastReadSeq' | 'joinedAtSeq'>>(
    collection('members')
      .where({ conversationId })
      .field({ employeeId: true, lastReadSeq: true, joinedAtSeq: true })
      .limit(SERVER_CAP),
  );
}

export const messagesByIds = (ids: string[]): Promise<MessageDoc[]> => byIds<MessageDoc>('messages', ids);

// ---- inside transactions ----

export const getMessageTx = (tx: Tx, id: string): Promise<MessageDoc | null> =>
  txGet<MessageDoc>(tx, 'messages', id);

/** An add refused because the id is taken (a racing copy of the same send stored it first). */
export { isDuplicateKey } from './batch';

export const {
  add: addMessageTx,
  update: updateMessageTx,
  remove: removeMessageTx,
} = txWrites<MessageDoc>('messages');

/** Messages created in [from, to], oldest first (the search backfill's walk). */
export function messagesCreatedBetween(from: number, to: number, limit: number): Promise<MessageDoc[]> {
  const _ = command();
  return rows<MessageDoc>(
    collection('messages')
      .where({ createdAt: _.gte(from).and(_.lte(to)) })
      .orderBy('createdAt', 'asc')
      .limit(limit),
  );
}
