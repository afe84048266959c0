// Appending to a conversation's timeline: the one place that hands out `seq`.
// Called inside a transaction that has already read the conversation document, so two appends
// racing on the same conversation conflict on that document and one of them retries
// (store/transaction.ts): seq stays 1, 2, 3… without gaps or repeats. It writes exactly two
// documents (the conversation and the message) whatever the group size.
import crypto from 'crypto';
import type { NotifyKind } from '../domain/notify';
import { announcementPreview, previewText } from '../domain/preview';
import type { ConversationDoc, MessageDoc, MessagePreviewDoc } from '../store/documents';
import { whole } from '../store/query';
import type { Tx } from '../store/transaction';

export interface MessageDraft {
  type: MessageDoc['type'];
  senderId: string | null;
  senderName: string;
  clientMsgId?: string | null;
  text?: string;
  fileId?: string;
  fileName?: string;
  fileSize?: number;
  mentions?: string[] | 'all';
  /** Marks the message for the notify function (no extra write: fields of this document). */
  notify?: NotifyKind;
  /** Who caused a system message that notifies (the announcer): never notified about it. */
  notifyFrom?: string;
  /** The announcement a system line publishes: list rows show it marked [公告] (no text parsing). */
  announcement?: string;
}

/** A message id derived from who sent what retry-key where: the same send twice = the same id. */
export function messageIdFor(conversationId: string, senderId: string | null, clientMsgId: string): string {
  return crypto
    .createHash('sha256')
    .update(`${conversationId}\u0000${senderId ?? ''}\u0000${clientMsgId}`)
    .digest('hex')
    .slice(0, 32);
}

export function previewOf(message: MessageDoc, senderName: string): MessagePreviewDoc {
  return {
    id: message._id,
    seq: message.seq,
    type: message.type,
    senderId: message.senderId,
    senderName,
    preview: previewText({ ...message, senderName }),
    createdAt: message.createdAt,
  };
}

export interface Appended {
  message: MessageDoc;
  conversation: ConversationDoc;
}

export async function appendMessage(
  tx: Tx,
  conversation: ConversationDoc,
  draft: MessageDraft,
  now: number,
): Promise<Appended> {
  const seq = conversation.lastSeq + 1;
  const id = draft.clientMsgId
    ? messageIdFor(conversation._id, draft.senderId, draft.clientMsgId)
    : crypto.randomBytes(16).toString('hex');
  const message: MessageDoc = {
    _id: id,
    conversationId: conversation._id,
    seq,
    type: draft.type,
    senderId: draft.senderId,
    clientMsgId: draft.clientMsgId ?? null,
    ...(draft.text !== undefined ? { text: draft.text } : {}),
    ...(draft.fileId !== undefined
      ? { fileId: draft.fileId, fileName: draft.fileName, fileSize: draft.fileSize }
      : {}),
    ...(draft.mentions !== undefined ? { mentions: draft.mentions } : {}),
    ...(draft.notify !== undefined ? { notify: draft.notify, notifyAt: now } : {}),
    ...(draft.notify !== undefined && draft.notifyFrom ? { notifyFrom: draft.notifyFrom } : {}),
    createdAt: now,
  };
  const lastMessage: MessagePreviewDoc = {
    ...previewOf(message, draft.senderName),
    ...(draft.announcement !== undefined ? { announcement: announcementPreview(draft.announcement) } : {}),
  };
  const fields: Partial<ConversationDoc> = { lastSeq: seq, lastMessage, updatedAt: now };
  if (draft.mentions === 'all') fields.mentionAllSeq = seq;
  else if (draft.mentions?.length) {
    const mentionSeqs = { ...conversation.mentionSeqs };
    for (const employeeId of draft.mentions) mentionSeqs[employeeId] = seq;
    fields.mentionSeqs = mentionSeqs;
  }
  await tx.collection('messages').add({ data: { ...message } });
  // Object fields are written whole (store/query `whole`): a new conversation holds
  // `lastMessage: null`, which a dotted merge cannot write into.
  await tx
    .collection('conversations')
    .doc(conversation._id)
    .update({
      data: {
        ...fields,
        lastMessage: whole(lastMessage),
        ...(fields.mentionSeqs ? { mentionSeqs: whole(fields.mentionSeqs) } : {}),
      },
    });
  return {
    message,
    conversation: { ...conversation, ...fields },
  };
}
