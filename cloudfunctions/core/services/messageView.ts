// The one mapping from a stored message to what the API returns. Recalled and admin-removed
// messages keep their id, seq, sender and time but lose text, file and mention fields here:
// the stored document keeps the content for the back office (export, audit), the API never
// shows it. Every action that returns messages (history, since, search, send, admin views that
// members see) must go through toMessage. The back office reads the same mapping with
// audience 'backoffice': the company keeps the record (as the export does), so a recalled
// message keeps its content and is flagged, and a removed one shows the placeholder text.
// The member's view is built by miniprogram/shared/messages.ts, which the chat page also applies
// to the documents its watch pushes: one mapping for fetched and pushed messages.
import { retractNotices } from '../domain/preview';
import { recallDeadline } from '../domain/recall';
import type { Message } from '../../../typings/api';
import { FLAGGED_PLACEHOLDER, REMOVED_PLACEHOLDER } from '../domain/backoffice';
import type { EmployeeDoc, MessageDoc } from '../store/documents';
import { contentOf, memberMessage, messageBase } from '../../../miniprogram/shared/messages';

export { contentOf };

export type SenderIndex = ReadonlyMap<string, Pick<EmployeeDoc, 'name' | 'position' | 'status'>>;

/** Who reads the message: a member of the conversation, or an admin in the back office. */
export type MessageAudience = 'member' | 'backoffice';

/**
 * `viewerId`: the member reading it; their own live messages carry the recall deadline, so the
 * chat page offers 撤回 exactly while domain/recall allows it.
 */
export function toMessage(
  m: MessageDoc,
  senders: SenderIndex,
  audience: MessageAudience = 'member',
  viewerId?: string,
): Message {
  const sender = m.senderId ? senders.get(m.senderId) : undefined;
  const base = messageBase(m, {
    senderName: sender?.name ?? (m.senderId ? '未知成员' : ''),
    ...(sender?.position ? { senderPosition: sender.position } : {}),
    ...(sender?.status === 'departed' ? { senderDeparted: true } : {}),
  });
  if (audience === 'backoffice') {
    if (m.removed && m.flagged) return { ...base, removed: true, flagged: true, text: FLAGGED_PLACEHOLDER };
    if (m.removed) return { ...base, removed: true, text: REMOVED_PLACEHOLDER };
    return { ...base, ...contentOf(m), ...(m.recalled ? { recalled: true } : {}) };
  }
  const mine = !!viewerId && m.senderId === viewerId;
  const notices =
    m.removed || m.recalled ? retractNotices(m.removed ? 'removed' : 'recalled', base.senderName) : null;
  // An image WeChat's media check found risky reads as such for everyone, the sender included.
  const notice =
    m.removed && m.flagged ? FLAGGED_PLACEHOLDER : notices && (mine ? notices.ownNotice : notices.notice);
  const live = mine && m.type !== 'system' ? { recallDeadline: recallDeadline(m) } : {};
  return memberMessage(m, base, notice ?? undefined, live);
}
