// Message search (爬楼 no more): by keyword in one chat or across all my chats. The scope is
// built from the caller's own member records, so a conversation they are not in can never be
// searched, and each conversation only from the member's joinedAtSeq on. Recalled and removed
// messages never match (store/messages.searchMessages filters them).
import type { Page, SearchHit } from '../../../typings/api';
import type { ConversationDoc, EmployeeDoc } from '../store/documents';
import { employeeIndex } from '../store/employees';
import { searchMessages, type SearchScope } from '../store/messages';
import { requireMember } from './access';
import { conversationName, directPeerId, myActiveConversations } from './conversationList';
import { toMessage } from './messageView';

export async function searchMyMessages(
  me: EmployeeDoc,
  keyword: string,
  conversationId: string | undefined,
  skip: number,
  limit: number,
): Promise<Page<SearchHit>> {
  const conversations = new Map<string, ConversationDoc>();
  const scopes: SearchScope[] = [];
  if (conversationId) {
    const { conversation, member } = await requireMember(conversationId, me._id);
    conversations.set(conversation._id, conversation);
    scopes.push({ conversationId, afterSeq: member.joinedAtSeq });
  } else {
    for (const { conversation, member } of await myActiveConversations(me._id)) {
      conversations.set(conversation._id, conversation);
      scopes.push({ conversationId: conversation._id, afterSeq: member.joinedAtSeq });
    }
  }
  const docs = await searchMessages(scopes, keyword, skip, limit + 1);
  const page = docs.slice(0, limit);
  const hitConversations = [...new Set(page.map((d) => d.conversationId))].map(
    (id) => conversations.get(id) as ConversationDoc,
  );
  const peerIds = hitConversations.map((c) => directPeerId(c, me._id)).filter((id): id is string => !!id);
  const senderIds = page.map((d) => d.senderId).filter((id): id is string => !!id);
  const people = page.length
    ? await employeeIndex([...senderIds, ...peerIds])
    : new Map<string, EmployeeDoc>();
  const items = page.map((d): SearchHit => {
    const c = conversations.get(d.conversationId) as ConversationDoc;
    return {
      message: toMessage(d, people),
      conversation: { id: c._id, name: conversationName(c, me._id, people), type: c.type },
    };
  });
  return { items, nextCursor: docs.length > limit ? String(skip + limit) : null };
}
