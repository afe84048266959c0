// groups.list: my conversations, pinned first then most recent, with unread counts and mention
// markers; the caller's own chat settings (pinned, muted, marked unread, hidden) ride on their
// member records, so they cost nothing extra.
// Constant cost whatever the number of conversations (one request each, chunked only past the
// 1,000-row server cap): my member records → those conversations → the direct peers' names.
// Unread and mentions come from the conversation head (lastSeq, mentionSeqs) against my own
// member record, so nothing per recipient was ever written.
import { previewFor } from '../domain/preview';
import type { ConversationListItem, ConversationListPage } from '../../../typings/api';
import { compareRows, isHidden, rowUnread } from '../domain/chatPrefs';
import { mentionedAll, mentionedMe, unreadCount } from '../domain/unread';
import type { ConversationDoc, EmployeeDoc, MemberDoc } from '../store/documents';
import { employeeIndex } from '../store/employees';
import { conversationsByIds, membershipsOf } from '../store/messages';

/** The other person of a direct chat (directKey = both ids sorted, joined with '|'). */
export function directPeerId(c: Pick<ConversationDoc, 'type' | 'directKey'>, me: string): string | null {
  if (c.type !== 'direct' || !c.directKey) return null;
  return c.directKey.split('|').find((id) => id !== me) ?? null;
}

/** Conversation display name: the group's name, or the other person's real name. */
export function conversationName(
  c: ConversationDoc,
  me: string,
  people: ReadonlyMap<string, EmployeeDoc>,
): string {
  if (c.type === 'direct') return people.get(directPeerId(c, me) ?? '')?.name ?? '单聊';
  return c.name || '群聊';
}

export interface MyConversation {
  conversation: ConversationDoc;
  member: MemberDoc;
}

/** My active conversations with my membership, newest activity first. */
export async function myActiveConversations(employeeId: string): Promise<MyConversation[]> {
  const memberships = await membershipsOf(employeeId);
  if (!memberships.length) return [];
  const byConversation = new Map(memberships.map((m) => [m.conversationId, m]));
  const conversations = await conversationsByIds([...byConversation.keys()]);
  return conversations
    .filter((c) => c.status === 'active')
    .map((c) => ({ conversation: c, member: byConversation.get(c._id) as MemberDoc }))
    .sort(
      (a, b) =>
        b.conversation.updatedAt - a.conversation.updatedAt ||
        (a.conversation._id < b.conversation._id ? -1 : 1),
    );
}

export async function listConversations(
  me: EmployeeDoc,
  skip: number,
  limit: number,
): Promise<ConversationListPage> {
  // Hidden chats stay out until their next message; pinned ones lead (domain/chatPrefs.ts).
  // A direct chat someone opened from my card but never wrote in is theirs alone to see: it
  // reaches my list with its first message (WeChat lists no empty chat for the other side).
  const all = await myActiveConversations(me._id);
  const hiddenIds = all
    .filter((x) => isHidden(x.member, x.conversation.lastSeq))
    .map((x) => x.conversation._id);
  const mine = all
    .filter((x) => !isHidden(x.member, x.conversation.lastSeq))
    .filter(({ conversation: c }) => !(c.type === 'direct' && c.lastSeq === 0 && c.creatorId !== me._id))
    .map((x) => ({
      ...x,
      pinned: !!x.member.pinned,
      id: x.conversation._id,
      updatedAt: x.conversation.updatedAt,
    }))
    .sort(compareRows);
  // Muted chats keep their own badge but add nothing to the tab-bar total.
  const totalUnread = mine.reduce(
    (sum, x) => sum + (x.member.muted ? 0 : rowUnread(unreadCount(x.conversation, x.member), x.member)),
    0,
  );
  const page = mine.slice(skip, skip + limit);
  const peers = page.map((x) => directPeerId(x.conversation, me._id)).filter((id): id is string => !!id);
  const people = peers.length ? await employeeIndex(peers) : new Map<string, EmployeeDoc>();
  const items = page.map(({ conversation: c, member }): ConversationListItem => {
    const peerId = directPeerId(c, me._id);
    const all = mentionedAll(c, member);
    const byName = mentionedMe(c, member, me._id);
    return {
      id: c._id,
      type: c.type,
      name: conversationName(c, me._id, people),
      memberCount: c.memberCount,
      lastMessage: c.lastMessage && previewFor(c.lastMessage, me._id),
      unread: rowUnread(unreadCount(c, member), member),
      pinned: !!member.pinned,
      muted: !!member.muted,
      ...(member.markedUnread ? { markedUnread: true } : {}),
      mentionedMe: byName || all,
      // Only when no one named me: the row then reads [@所有人] rather than [有人@我].
      mentionedAll: all && !byName,
      updatedAt: c.updatedAt,
      hasAnnouncement: !!c.announcement,
      muteAll: c.muteAll,
      ...(peerId ? { peerId } : {}),
    };
  });
  const end = skip + limit;
  return { items, nextCursor: end < mine.length ? String(end) : null, totalUnread, hiddenIds };
}
