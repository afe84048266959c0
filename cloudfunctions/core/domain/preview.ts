// How a message reads in the conversation list ("张伟: 收到", "[图片]", "[文件] 报价单.xlsx").
import type { MessageType } from '../../../typings/api';

export interface PreviewSource {
  type: MessageType;
  senderName: string;
  text?: string;
  fileName?: string;
  recalled?: boolean;
  removed?: boolean;
}

const MAX_PREVIEW = 60;

/** How the sender reads their own recall, in the list and in the chat. */
export const OWN_RECALL_TEXT = '你撤回了一条消息';

export interface RetractNotices {
  /** As everyone but the sender reads it. */
  notice: string;
  /** As the sender reads it. */
  ownNotice: string;
}

/** The line that stands in place of a recalled or removed message. */
export function retractNotices(kind: 'recalled' | 'removed', senderName: string): RetractNotices {
  const notice = previewText({ type: 'text', senderName, [kind]: true });
  return { notice, ownNotice: kind === 'recalled' ? OWN_RECALL_TEXT : notice };
}

/** The list preview as one member reads it: their own recall reads 你撤回了一条消息. */
export function previewFor<
  P extends { preview: string; state?: 'recalled' | 'removed'; senderId: string | null },
>(p: P, viewerId: string): P {
  return p.state === 'recalled' && p.senderId === viewerId ? { ...p, preview: OWN_RECALL_TEXT } : p;
}

/** What a list row shows of an announcement its system line publishes (marked [公告] there). */
export function announcementPreview(announcement: string): string {
  return announcement.slice(0, MAX_PREVIEW);
}

export function previewText(m: PreviewSource): string {
  if (m.removed) return '该消息已被管理员删除';
  if (m.recalled) return `${m.senderName}撤回了一条消息`;
  switch (m.type) {
    case 'image':
      return '[图片]';
    case 'file':
      return `[文件] ${m.fileName ?? ''}`.trim();
    case 'system':
      return (m.text ?? '').slice(0, MAX_PREVIEW);
    default:
      return (m.text ?? '').replace(/\s+/g, ' ').slice(0, MAX_PREVIEW);
  }
}
