// Appending to a conversation's timeline: the two places that hand out `seq`.
// - appendMessage, for system lines written inside a larger transaction (create, members added or
//   removed, handover, dissolve…): that transaction has read the conversation document, so two
//   appends racing on it conflict and one retries (store/transaction.ts).
// - services/sequencer.ts, for people's messages: inserted pending (seq 0) outside any lock, then
//   numbered in batches by one short transaction per batch (see there for why).
// Both write the conversation head through headAfter/writeHead, so seq stays 1, 2, 3… without
// gaps or repeats and lastSeq, lastMessage and the mention markers always describe the newest
// numbered message. Whatever the group size, a message costs the same writes.
import crypto from 'crypto';
import type { NotifyKind } from '../domain/notify';
import { announcementPreview, previewText } from '../domain/preview';
import type { ConversationDoc, MessageDoc, MessagePreviewDoc } from '../store/documents';
import { updateConversationTx } from '../store/conversations';
import { headAppendedTx } from '../store/memberHeads';
import { addMessageTx } from '../store/messages';
import type { Changes, Tx } from '../store/transaction';
import type { MessageContent } from '../../../miniprogram/shared/messages';

export interface MessageDraft extends MessageContent {
  type: MessageDoc['type'];
  senderId: string | null;
  senderName: string;
  clientMsgId?: string | null;
  /** Marks the message for the notify function (no extra write: fields of this document). */
  notify?: NotifyKind;
  /** Who caused a system message that notifies (the announcer): never notified about it. */
  notifyFrom?: string;
  /** The announcement a system line publishes: list rows show it marked [公告] (no text parsing). */
  announcement?: string;
}

/** A system line (joins, leaves, renames…): no sender. */
export const systemLine = (text: string): MessageDraft => ({
  type: 'system',
  senderId: null,
  senderName: '',
  text,
});

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

/** The message document a draft becomes at `seq` (0 = pending: services/sequencer.ts numbers it). */
export function buildMessage(
  conversationId: string,
  draft: MessageDraft,
  seq: number,
  now: number,
): MessageDoc {
  const id = draft.clientMsgId
    ? messageIdFor(conversationId, draft.senderId, draft.clientMsgId)
    : crypto.randomBytes(16).toString('hex');
  return {
    _id: id,
    conversationId,
    seq,
    type: draft.type,
    senderId: draft.senderId,
    senderName: draft.senderName,
    clientMsgId: draft.clientMsgId ?? null,
    ...(draft.text !== undefined ? { text: draft.text } : {}),
    ...(draft.fileId !== undefined
      ? { fileId: draft.fileId, fileName: draft.fileName, fileSize: draft.fileSize }
      : {}),
    ...(draft.mentions !== undefined ? { mentions: draft.mentions } : {}),
    ...(draft.notify !== undefined ? { notify: draft.notify } : {}),
    ...(draft.notify !== undefined && seq > 0 ? { notifyAt: now } : {}),
    ...(draft.notify !== undefined && draft.notifyFrom ? { notifyFrom: draft.notifyFrom } : {}),
    createdAt: now,
  };
}

/** What the conversation head becomes once `message` (numbered) is its newest message. */
export function headAfter(
  conversation: ConversationDoc,
  message: MessageDoc,
  senderName: string,
  now: number,
  announcement?: string,
): ConversationDoc {
  const next: ConversationDoc = {
    ...conversation,
    lastSeq: message.seq,
    ...(conversation.sentCount !== undefined
      ? { sentCount: conversation.sentCount + (message.type === 'system' ? 0 : 1) }
      : {}),
    lastMessage: {
      ...previewOf(message, senderName),
      ...(announcement !== undefined ? { announcement: announcementPreview(announcement) } : {}),
    },
    updatedAt: now,
  };
  if (message.mentions === 'all') next.mentionAllSeq = message.seq;
  else if (message.mentions?.length) {
    next.mentionSeqs = { ...conversation.mentionSeqs };
    for (const employeeId of message.mentions) next.mentionSeqs[employeeId] = message.seq;
  }
  return next;
}

/** Writes the head fields that `headAfter` may have changed (and `extra`), in one update. */
export async function writeHead(
  tx: Tx,
  before: ConversationDoc,
  after: ConversationDoc,
  extra: Changes<ConversationDoc> = {},
): Promise<void> {
  // Object fields (lastMessage, mentionSeqs) are written whole by the store.
  await updateConversationTx(tx, after._id, {
    lastSeq: after.lastSeq,
    updatedAt: after.updatedAt,
    lastMessage: after.lastMessage,
    ...(after.sentCount !== before.sentCount ? { sentCount: after.sentCount } : {}),
    ...(after.mentionAllSeq !== before.mentionAllSeq ? { mentionAllSeq: after.mentionAllSeq } : {}),
    ...(after.mentionSeqs !== before.mentionSeqs ? { mentionSeqs: after.mentionSeqs } : {}),
    ...extra,
  });
  // Once committed, every member's list row gets the new head (store/memberHeads.ts), with the
  // mentions this head brought (a batch's @all, or the people it named).
  const named = Object.keys(after.mentionSeqs ?? {}).filter(
    (id) => after.mentionSeqs[id] !== before.mentionSeqs?.[id],
  );
  const mentions = after.mentionAllSeq !== before.mentionAllSeq ? 'all' : named.length ? named : undefined;
  if (after.lastMessage) headAppendedTx(tx, after._id, after.lastMessage, after.updatedAt, mentions);
}

/** Appends inside a transaction that has read `conversation`: the conflict on it keeps seq gap-free. */
export async function appendMessage(
  tx: Tx,
  conversation: ConversationDoc,
  draft: MessageDraft,
  now: number,
): Promise<Appended> {
  const { messages, conversation: next } = await appendMessages(tx, conversation, [draft], now);
  return { message: messages[0], conversation: next };
}

/**
 * Appends several lines at once (a reorganisation's 新同事 X 加入了群聊 …), numbered in order after
 * `conversation`, with the head written ONCE — together with `changes` the caller makes to the
 * conversation in the same transaction (memberCount, a reservation settled…). A line costs its own
 * add (CloudBase allows only single-record operations inside a transaction), no head write.
 */
export async function appendMessages(
  tx: Tx,
  conversation: ConversationDoc,
  drafts: readonly MessageDraft[],
  now: number,
  changes: Changes<ConversationDoc> = {},
): Promise<{ messages: MessageDoc[]; conversation: ConversationDoc }> {
  const before = { ...conversation, ...changes };
  let next = before;
  const messages: MessageDoc[] = [];
  for (const draft of drafts) {
    const message = buildMessage(conversation._id, draft, next.lastSeq + 1, now);
    next = headAfter(next, message, draft.senderName, now, draft.announcement);
    await addMessageTx(tx, message);
    messages.push(message);
  }
  if (messages.length) await writeHead(tx, conversation, next, changes);
  else if (Object.keys(changes).length) await updateConversationTx(tx, conversation._id, changes);
  return { messages, conversation: next };
}
