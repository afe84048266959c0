import type { ConversationDoc, MemberDoc } from './documents';
import { memberId } from './documents';
import { byId, collection, command, rows } from './query';

export function getConversation(id: string): Promise<ConversationDoc | null> {
  return byId<ConversationDoc>('conversations', id);
}

export function getMember(conversationId: string, employeeId: string): Promise<MemberDoc | null> {
  return byId<MemberDoc>('members', memberId(conversationId, employeeId));
}

/** Conversations with a seat reservation older than `before`, oldest first (index on pendingAt). */
export function conversationsPendingBefore(before: number, limit: number): Promise<ConversationDoc[]> {
  return rows<ConversationDoc>(
    collection('conversations')
      .where({ pendingAt: command().lt(before) })
      .orderBy('pendingAt', 'asc')
      .limit(limit),
  );
}

/** Groups an admin's delete left part way (status 'deleting'), oldest first. */
export function conversationsBeingDeleted(limit: number): Promise<ConversationDoc[]> {
  return rows<ConversationDoc>(
    collection('conversations').where({ status: 'deleting' }).orderBy('createdAt', 'asc').limit(limit),
  );
}

// ---- inside transactions (single-document reads; a missing document reads as null) ----

import { txGet, type Tx } from './transaction';

export const getConversationTx = (tx: Tx, id: string): Promise<ConversationDoc | null> =>
  txGet<ConversationDoc>(tx, 'conversations', id);

export const getMemberTx = (tx: Tx, conversationId: string, employeeId: string): Promise<MemberDoc | null> =>
  txGet<MemberDoc>(tx, 'members', memberId(conversationId, employeeId));

/** Documents written with set() must not carry _id in their data. */
export function withoutId<T extends { _id: string }>(doc: T): Omit<T, '_id'> {
  const { _id: ignored, ...rest } = doc;
  void ignored;
  return rest;
}
