// A message document as the chat page's watch delivers it (database-rules/messages.json: members
// of an active group read `messages` directly) turned into the API's Message, so a push renders
// with no function call. The server already stripped what members must not see: a recalled or
// removed message carries only its place and the line to show (`notice`, `ownNotice`), its
// content lives in the back office's archive. Mirrors services/messageView.ts for members.
import type { Message } from '../../../typings/api';

export interface MessageDocLike {
  _id: string;
  conversationId: string;
  seq: number;
  type: Message['type'];
  senderId: string | null;
  senderName?: string;
  clientMsgId?: string | null;
  text?: string;
  fileId?: string;
  fileName?: string;
  fileSize?: number;
  mentions?: string[] | 'all';
  recalled?: boolean;
  removed?: boolean;
  flagged?: boolean;
  notice?: string;
  ownNotice?: string;
  createdAt: number;
}

export function messageFromDoc(d: MessageDocLike, me: string): Message {
  const base: Message = {
    id: d._id,
    conversationId: d.conversationId,
    seq: d.seq,
    type: d.type,
    senderId: d.senderId,
    senderName: d.senderName ?? '',
    ...(d.clientMsgId ? { clientMsgId: d.clientMsgId } : {}),
    createdAt: d.createdAt,
  };
  const own = !!me && d.senderId === me;
  const notice = (own ? d.ownNotice : d.notice) ?? d.notice;
  if (d.removed)
    return { ...base, removed: true, ...(d.flagged ? { flagged: true } : {}), ...(notice ? { notice } : {}) };
  if (d.recalled) return { ...base, recalled: true, ...(notice ? { notice } : {}) };
  return {
    ...base,
    ...(d.text !== undefined ? { text: d.text } : {}),
    ...(d.fileId !== undefined ? { fileId: d.fileId, fileName: d.fileName, fileSize: d.fileSize } : {}),
    ...(d.mentions !== undefined ? { mentions: d.mentions } : {}),
    // No recallDeadline: my own sends reach the timeline through the send's answer, which has it.
  };
}
