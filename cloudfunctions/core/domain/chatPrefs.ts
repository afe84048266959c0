// Per-member chat settings kept on the member document: 置顶聊天, 消息免打扰, 标为未读 and
// "hide until the next message". They order and badge the conversation list and gate
// notifications (a muted chat never spends a subscription credit).
import type { ChatPrefs } from '../../../typings/api';

export interface ChatPrefsState {
  pinned?: boolean;
  muted?: boolean;
  /** conversation.lastSeq when the member hid the chat: shown again once a newer message exists. */
  hiddenSeq?: number;
  /** 标为未读: counts as one unread until the member opens (reads) the chat. */
  markedUnread?: boolean;
}

/** What groups.setPrefs answers and groups.detail carries: the contract's own shape. */
export type { ChatPrefs };

export const isHidden = (m: ChatPrefsState, lastSeq: number): boolean =>
  typeof m.hiddenSeq === 'number' && lastSeq <= m.hiddenSeq;

export const prefsOf = (m: ChatPrefsState, lastSeq: number): ChatPrefs => ({
  pinned: !!m.pinned,
  muted: !!m.muted,
  hidden: isHidden(m, lastSeq),
  unread: !!m.markedUnread,
});

/** What a list row counts: real unread, or one for a chat marked unread. */
export const rowUnread = (unread: number, m: ChatPrefsState): number =>
  unread > 0 ? unread : m.markedUnread ? 1 : 0;

/** Pinned first, then most recent activity (ties by id so pages are stable). */
export function compareRows(
  a: { pinned: boolean; updatedAt: number; id: string },
  b: { pinned: boolean; updatedAt: number; id: string },
): number {
  if (a.pinned !== b.pinned) return a.pinned ? -1 : 1;
  return b.updatedAt - a.updatedAt || (a.id < b.id ? -1 : 1);
}
