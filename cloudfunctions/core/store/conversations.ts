import type { ConversationDoc, MemberDoc } from './documents';
import { memberId } from './documents';
import { byId } from './query';

export function getConversation(id: string): Promise<ConversationDoc | null> {
  return byId<ConversationDoc>('conversations', id);
}

export function getMember(conversationId: string, employeeId: string): Promise<MemberDoc | null> {
  return byId<MemberDoc>('members', memberId(conversationId, employeeId));
}
