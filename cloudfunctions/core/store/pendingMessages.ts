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
