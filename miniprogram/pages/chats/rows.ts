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
  /** 全员禁言 in that group. */
  muted: boolean;
  notice: boolean;
  /** My own settings: pinned rows are shaded; a chat I muted has a grey badge and a mark. */
  pinned: boolean;
  quiet: boolean;
}

export type RowAction = 'pin' | 'unpin' | 'read' | 'unread' | 'mute' | 'unmute' | 'hide';

/** The long-press menu, as WeChat words it for this row's current state. */
export function rowMenu(c: ConversationListItem): { label: string; action: RowAction }[] {
  return [
    c.pinned ? { label: '取消置顶', action: 'unpin' } : { label: '置顶聊天', action: 'pin' },
    c.unread > 0 ? { label: '标为已读', action: 'read' } : { label: '标为未读', action: 'unread' },
    c.muted ? { label: '开启新消息提醒', action: 'unmute' } : { label: '消息免打扰', action: 'mute' },
    { label: '不显示该聊天', action: 'hide' },
  ];
}

export const badgeText = (n: number): string => (n <= 0 ? '' : n > 99 ? '99+' : String(n));

export function toRow(c: ConversationListItem, me: string, now: number, draft = ''): ChatRow {
  const m = c.lastMessage;
  let preview = '';
  // [公告] marks the announcement's own line only, not every later message of the group.
  // The server marks the line that published it (`announcement`: the announcement itself).
  const announced = !!(m?.type === 'system' && c.hasAnnouncement && m.announcement !== undefined);
  if (announced) preview = m?.announcement ?? '';
  else if (m) {
    // Groups name the sender ("张伟: 收到"); recalls, removals (`state`, with the server's status
    // line as the preview, 你撤回了一条消息 for my own) and system lines read on their own.
    const plain = m.type === 'system' || !!m.state;
    preview =
      c.type === 'group' && !plain && m.senderName
        ? `${m.senderId === me ? '我' : m.senderName}: ${m.preview}`
        : m.preview;
  }
  // An unsent draft leads the row, as in WeChat: "[草稿] 明天见".
  if (draft.trim()) preview = draft.replace(/\s+/g, ' ').slice(0, 60);
  return {
    id: c.id,
    name: c.name,
    title: c.type === 'group' ? `${c.name} (${c.memberCount})` : c.name,
    isGroup: c.type === 'group',
    seed: c.peerId ?? c.id,
    prefix: draft.trim() ? '[草稿]' : c.mentionedAll ? '[@所有人]' : c.mentionedMe ? '[有人@我]' : '',
    preview,
    time: listTime(m?.createdAt ?? c.updatedAt, now),
    unread: badgeText(c.unread),
    muted: !!c.muteAll,
    notice: announced && !draft.trim(),
    pinned: !!c.pinned,
    quiet: !!c.muted,
  };
}
