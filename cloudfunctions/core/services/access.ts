// The gate every conversation-scoped action passes: the conversation exists (NOT_FOUND after
// admin deletion), is not dissolved or disabled, and the caller is a member. One place, so
// disable/dissolve/delete behave the same in every function.
import { errors } from '../domain/errors';
import type { ConversationDoc, MemberDoc } from '../store/documents';
import { getConversation, getMember } from '../store/conversations';

export interface MemberAccess {
  conversation: ConversationDoc;
  member: MemberDoc;
}

export function checkConversationOpen(conversation: ConversationDoc | null): ConversationDoc {
  // A group still being created or being purged is not there for anyone.
  if (!conversation || conversation.status === 'creating' || conversation.status === 'deleting')
    throw errors.conversationNotFound();
  if (conversation.status === 'dissolved') throw errors.groupDissolved();
  if (conversation.status === 'disabled') throw errors.groupDisabled();
  return conversation;
}

/** Loads the conversation and the caller's membership (2 reads) or throws the right code. */
export async function requireMember(conversationId: string, employeeId: string): Promise<MemberAccess> {
  const [conversation, member] = await Promise.all([
    getConversation(conversationId),
    getMember(conversationId, employeeId),
  ]);
  const open = checkConversationOpen(conversation);
  if (!member) throw errors.notInConversation();
  return { conversation: open, member };
}
