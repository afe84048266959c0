// Queries for messages, read state and the conversation list. Every function here is a fixed
// number of database requests whatever the group size or the number of conversations
// (chunked only past the 1,000-row server cap), so callers can promise constant costs.
import type { ConversationDoc, MemberDoc, MessageDoc } from './documents';
import { byId, chunks, collection, command, rows, total } from './query';
import { db } from '../platform/cloud';

/** The server refuses to return more than this many documents per request. */
export const SERVER_CAP = 1000;

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

/** Every membership of an employee (one request per 1,000). */
export async function membershipsOf(employeeId: string): Promise<MemberDoc[]> {
  const out: MemberDoc[] = [];
  for (let skip = 0; ; skip += SERVER_CAP) {
    const page = await rows<MemberDoc>(
      collection('members')
        .where({ employeeId })
        .orderBy('conversationId', 'asc')
        .skip(skip)
        .limit(SERVER_CAP),
    );
    out.push(...page);
    if (page.length < SERVER_CAP) return out;
  }
}

export async function conversationsByIds(ids: string[]): Promise<ConversationDoc[]> {
  const _ = command();
  const found = await Promise.all(
    chunks(ids, SERVER_CAP).map((part) =>
      rows<ConversationDoc>(
        collection('conversations')
          .where({ _id: _.in(part) })
          .limit(SERVER_CAP),
      ),
    ),
  );
  return found.flat();
}

/** Members of a conversation other than `exceptId`, who have (or have not) read up to `seq`. */
function readersWhere(conversationId: string, exceptId: string | null, seq: number, read: boolean) {
  const _ = command();
  return {
    conversationId,
    ...(exceptId ? { employeeId: _.neq(exceptId) } : {}),
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

export interface SearchScope {
  conversationId: string;
  /** Only messages after the member joined. */
  afterSeq: number;
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Text messages containing `keyword`, and files whose name contains it, in the given conversations
 * (each only after the member joined), newest first. Recalled and removed messages never match.
 * One request per 50 conversations in scope (100 $or clauses).
 */
export async function searchMessages(
  scopes: SearchScope[],
  keyword: string,
  skip: number,
  limit: number,
): Promise<MessageDoc[]> {
  if (!scopes.length) return [];
  const _ = command();
  const pattern = () => db().RegExp({ regexp: escapeRegExp(keyword), options: 'i' });
  // Text messages by their text, file messages by their file name.
  const kinds = [
    { type: 'text', text: pattern() },
    { type: 'file', fileName: pattern() },
  ];
  const visible = { recalled: _.neq(true), removed: _.neq(true) };
  const query = (part: SearchScope[]) =>
    collection('messages').where(
      _.or(
        part.flatMap((s) =>
          kinds.map((k) => ({ ...k, ...visible, conversationId: s.conversationId, seq: _.gt(s.afterSeq) })),
        ),
      ),
    );
  if (scopes.length <= 50) {
    return rows<MessageDoc>(query(scopes).orderBy('createdAt', 'desc').skip(skip).limit(limit));
  }
  // Many conversations: take the first skip+limit of each part, merge, then cut the page.
  const parts = await Promise.all(
    chunks(scopes, 50).map((part) =>
      rows<MessageDoc>(
        query(part)
          .orderBy('createdAt', 'desc')
          .limit(Math.min(SERVER_CAP, skip + limit)),
      ),
    ),
  );
  return parts
    .flat()
    .sort((a, b) => b.createdAt - a.createdAt || (a._id < b._id ? -1 : 1))
    .slice(skip, skip + limit);
}

/** Every member's read marker in a conversation (one request up to the 1,000-member cap). */
export async function readMarkers(
  conversationId: string,
): Promise<Pick<MemberDoc, 'employeeId' | 'lastReadSeq'>[]> {
  return rows<Pick<MemberDoc, 'employeeId' | 'lastReadSeq'>>(
    collection('members')
      .where({ conversationId })
      .field({ employeeId: true, lastReadSeq: true })
      .limit(SERVER_CAP),
  );
}

export async function messagesByIds(ids: string[]): Promise<MessageDoc[]> {
  const _ = command();
  return rows<MessageDoc>(
    collection('messages')
      .where({ _id: _.in(ids) })
      .limit(ids.length),
  );
}
