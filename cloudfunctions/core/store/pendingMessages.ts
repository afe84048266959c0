// Messages inserted but not yet numbered (seq 0, services/sequencer.ts). The ['conversationId',
// 'seq'] index answers a conversation's pending ones (they are the only rows with seq 0); the
// ['pendingAt'] index answers the repair's "left behind" query, and holds only pending rows.
import type { MessageDoc } from './documents';
import { collection, command, rows } from './query';

/** A conversation's pending messages, oldest first. */
export function pendingMessages(conversationId: string, limit: number): Promise<MessageDoc[]> {
  return rows<MessageDoc>(
    collection('messages').where({ conversationId, seq: 0 }).orderBy('createdAt', 'asc').limit(limit),
  );
}

/** Conversations holding a message pending since before `before` (one request). */
export async function conversationsWithStalePending(before: number, limit: number): Promise<string[]> {
  const found = await rows<Pick<MessageDoc, 'conversationId'>>(
    collection('messages')
      .where({ pendingAt: command().lte(before) })
      .orderBy('pendingAt', 'asc')
      .field({ conversationId: true })
      .limit(limit),
  );
  return [...new Set(found.map((m) => m.conversationId))];
}

/** Of these ids, the messages still pending (seq 0): one request. */
export function stillPending(ids: readonly string[]): Promise<MessageDoc[]> {
  const _ = command();
  return rows<MessageDoc>(
    collection('messages')
      .where({ _id: _.in([...ids]), seq: 0 })
      .limit(ids.length),
  );
}

/**
 * A numbered message gets its seq outside any transaction: conditional on seq 0, so applying a
 * batch twice (its sequencer and a reader finishing it) writes once (services/sequencer.ts).
 */
export async function giveSeq(id: string, seq: number, notifyAt?: number): Promise<void> {
  const _ = command();
  await collection('messages')
    .where({ _id: id, seq: 0 })
    .update({ data: { seq, pendingAt: _.remove(), ...(notifyAt !== undefined ? { notifyAt } : {}) } });
}
