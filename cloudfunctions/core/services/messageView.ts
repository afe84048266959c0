// The one mapping from a stored message to what the API returns. Recalled and admin-removed
// messages keep their id, seq, sender and time but lose text, file and mention fields here:
// the stored document keeps the content for the back office (export, audit), the API never
// shows it. Every action that returns messages (history, since, search, send, admin views that
// members see) must go through toMessage. The back office reads the same mapping with
// audience 'backoffice': the company keeps the record (as the export does), so a recalled
// message keeps its content and is flagged, and a removed one shows the placeholder text.
import { retractNotices } from '../domain/preview';
import { recallDeadline } from '../domain/recall';
import type { Message } from '../../../typings/api';
import { FLAGGED_PLACEHOLDER, REMOVED_PLACEHOLDER } from '../domain/backoffice';
import type { EmployeeDoc, MessageDoc } from '../store/documents';

export type SenderIndex = ReadonlyMap<string, Pick<EmployeeDoc, 'name' | 'position' | 'status'>>;

/** A message's content fields as stored (text, file, mentions), only those it has. */
export function contentOf(
  m: MessageDoc,
): Pick<Message, 'text' | 'fileId' | 'fileName' | 'fileSize' | 'mentions'> {
  return {
    ...(m.text !== undefined ? { text: m.text } : {}),
    ...(m.fileId !== undefined ? { fileId: m.fileId, fileName: m.fileName, fileSize: m.fileSize } : {}),
    ...(m.mentions !== undefined ? { mentions: m.mentions } : {}),
  };
}

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
  const base: Message = {
    id: m._id,
    conversationId: m.conversationId,
    seq: m.seq,
    type: m.type,
    senderId: m.senderId,
    senderName: sender?.name ?? (m.senderId ? '未知成员' : ''),
    ...(sender?.position ? { senderPosition: sender.position } : {}),
    ...(sender?.status === 'departed' ? { senderDeparted: true } : {}),
    ...(m.clientMsgId ? { clientMsgId: m.clientMsgId } : {}),
    createdAt: m.createdAt,
  };
  const notices =
    m.removed || m.recalled ? retractNotices(m.removed ? 'removed' : 'recalled', base.senderName) : null;
  const notice = notices && (viewerId && m.senderId === viewerId ? notices.ownNotice : notices.notice);
  // An image WeChat's media check found risky reads as such for everyone, the sender included.
  if (m.removed && m.flagged)
    return audience === 'backoffice'
      ? { ...base, removed: true, flagged: true, text: FLAGGED_PLACEHOLDER }
      : { ...base, removed: true, flagged: true, notice: FLAGGED_PLACEHOLDER };
  if (m.removed)
    return audience === 'backoffice'
      ? { ...base, removed: true, text: REMOVED_PLACEHOLDER }
      : { ...base, removed: true, ...(notice ? { notice } : {}) };
  if (m.recalled && audience === 'member') return { ...base, recalled: true, ...(notice ? { notice } : {}) };
  const own = audience === 'member' && !!viewerId && m.senderId === viewerId && m.type !== 'system';
  return {
    ...base,
    ...contentOf(m),
    ...(m.recalled ? { recalled: true } : {}),
    ...(own && !m.recalled ? { recallDeadline: recallDeadline(m) } : {}),
  };
}
