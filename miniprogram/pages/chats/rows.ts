// Conversation list rows: only what a row shows, so 300 conversations stay small in setData.
import type { ConversationListItem } from '../../../typings/api';
import { listTime } from '../../utils/time';

export interface ChatRow {
  id: string;
  name: string;
  title: string;
  isGroup: boolean;
  seed: string;
  prefix: string;
  preview: string;
  time: string;
  unread: string;
  muted: boolean;
  notice: boolean;
}

export const badgeText = (n: number): string => (n <= 0 ? '' : n > 99 ? '99+' : String(n));

export function toRow(c: ConversationListItem, me: string, now: number): ChatRow {
  const m = c.lastMessage;
  let preview = '';
  if (m) {
    // Groups name the sender ("张伟: 收到"); recalls, removals and system lines read on their own.
    const plain = m.type === 'system' || /撤回了一条消息$|已被管理员删除$/.test(m.preview);
    preview =
      c.type === 'group' && !plain && m.senderName
        ? `${m.senderId === me ? '我' : m.senderName}: ${m.preview}`
        : m.preview;
  }
  return {
    id: c.id,
    name: c.name,
    title: c.type === 'group' ? `${c.name} (${c.memberCount})` : c.name,
    isGroup: c.type === 'group',
    seed: c.peerId ?? c.id,
    prefix: c.mentionedAll ? '[@所有人]' : c.mentionedMe ? '[有人@我]' : '',
    preview,
    time: listTime(m?.createdAt ?? c.updatedAt, now),
    unread: badgeText(c.unread),
    muted: !!c.muteAll,
    notice: !!c.hasAnnouncement,
  };
}
