// The gate every conversation-scoped action passes: the conversation exists (NOT_FOUND after
// admin deletion), is not dissolved or disabled, and the caller is a member. One place, so
// disable/dissolve/delete behave the same in every function.
import { AppError } from '../domain/errors';
import type { ConversationDoc, MemberDoc } from '../store/documents';
import { getConversation, getMember } from '../store/conversations';

export interface MemberAccess {
  conversation: ConversationDoc;
  member: MemberDoc;
}

export function checkConversationOpen(conversation: ConversationDoc | null): ConversationDoc {
  if (!conversation) throw new AppError('NOT_FOUND', '会话不存在或已被删除');
  if (conversation.status === 'dissolved') throw new AppError('GROUP_DISSOLVED', '该群已解散');
  if (conversation.status === 'disabled') throw new AppError('GROUP_DISABLED', '该群已被管理员禁用');
  return conversation;
}

/** Loads the conversation and the caller's membership (2 reads) or throws the right code. */
export async function requireMember(conversationId: string, employeeId: string): Promise<MemberAccess> {
  const [conversation, member] = await Promise.all([
    getConversation(conversationId),
    getMember(conversationId, employeeId),
  ]);
  const open = checkConversationOpen(conversation);
  if (!member) throw new AppError('FORBIDDEN', '你不在该会话中');
  return { conversation: open, member };
}

export const isManager = (member: Pick<MemberDoc, 'role'>): boolean =>
  member.role === 'owner' || member.role === 'admin';
