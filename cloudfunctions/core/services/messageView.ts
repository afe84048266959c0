// The one mapping from a stored message to what the API returns. Recalled and admin-removed
// messages keep their id, seq, sender and time but lose text, file and mention fields here:
// the stored document keeps the content for the back office (export, audit), the API never
// shows it. Every action that returns messages (history, since, search, send, admin views that
// members see) must go through toMessage.
import type { Message } from '../../../typings/api';
import type { EmployeeDoc, MessageDoc } from '../store/documents';

export type SenderIndex = ReadonlyMap<string, Pick<EmployeeDoc, 'name' | 'position' | 'status'>>;

export function toMessage(m: MessageDoc, senders: SenderIndex): Message {
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
  if (m.removed) return { ...base, removed: true };
  if (m.recalled) return { ...base, recalled: true };
  return {
    ...base,
    ...(m.text !== undefined ? { text: m.text } : {}),
    ...(m.fileId !== undefined ? { fileId: m.fileId, fileName: m.fileName, fileSize: m.fileSize } : {}),
    ...(m.mentions !== undefined ? { mentions: m.mentions } : {}),
  };
}
