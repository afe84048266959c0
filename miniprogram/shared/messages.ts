// The one mapping from a `messages` document to the API's Message as a member sees it, used by
// the server (cloudfunctions/core/services/messageView.ts: history, since, send, search) and by the
// chat page for the documents its realtime watch delivers (pages/chat/pushed.ts), so a pushed
// bubble and a fetched one cannot drift apart. What differs stays with each side: the server
// names the sender from the directory and words the notice itself, the phone reads the name and
// the notices stored on the document.
//
// Why it lives under miniprogram/: the mini program's upload (and the browser preview) ship only
// miniprogramRoot, so code the phone runs must sit there; the cloud functions are bundled by
// esbuild (scripts/build.ts), which follows the import from anywhere. Pure on purpose: no wx, no
// SDK, type-only imports (lint enforces it for miniprogram/shared).
import type { Message } from '../../typings/api';

/** What a message carries while live: recall or removal takes all of it away from members. */
export type MessageContent = Pick<Message, 'text' | 'fileId' | 'fileName' | 'fileSize' | 'mentions'>;

/**
 * The fields of a stored message the mapping reads: all a member's watch may receive
 * (database-rules/messages.json). The server's MessageDoc (store/documents.ts) extends it.
 */
export interface MessageDocFields extends MessageContent {
  _id: string;
  conversationId: string;
  /** 1, 2, 3… in the conversation; 0 while pending (inserted, not yet numbered: services/sequencer.ts). */
  seq: number;
  type: Message['type'];
  senderId: string | null;
  /** The sender's name when sent ('' for system lines): a message renders without a lookup. */
  senderName?: string;
  clientMsgId?: string | null;
  recalled?: boolean;
  removed?: boolean;
  /** An image WeChat's media check found risky: removed for everyone (removedBy 'contentSecurity'). */
  flagged?: boolean;
  /**
   * Recalled or removed: the line members see in its place, as others and as the sender read it
   * (domain/preview retractNotices). The content itself is gone from the document: a recall
   * moved it to message_archive, a removal to the audit entry.
   */
  notice?: string;
  ownNotice?: string;
  createdAt: number;
}

/** A message's content fields as stored (text, file, mentions), only those it has. */
export function contentOf(m: MessageContent): MessageContent {
  return {
    ...(m.text !== undefined ? { text: m.text } : {}),
    ...(m.fileId !== undefined ? { fileId: m.fileId, fileName: m.fileName, fileSize: m.fileSize } : {}),
    ...(m.mentions !== undefined ? { mentions: m.mentions } : {}),
  };
}

/** Who sent it, as the reader's side knows them. */
export type SenderView = Pick<Message, 'senderName' | 'senderPosition' | 'senderDeparted'>;

/** Place, sender and time: what every message shows, whatever became of its content. */
export function messageBase(m: MessageDocFields, sender: SenderView): Message {
  return {
    id: m._id,
    conversationId: m.conversationId,
    seq: m.seq,
    type: m.type,
    senderId: m.senderId,
    ...sender,
    ...(m.clientMsgId ? { clientMsgId: m.clientMsgId } : {}),
    createdAt: m.createdAt,
  };
}

/**
 * A member's view: a removed or recalled message keeps only its place and `notice` (the line to
 * show, already worded for this reader); a live one gets its content plus `live` (the server adds
 * the sender's recall deadline there).
 */
export function memberMessage(
  m: MessageDocFields,
  base: Message,
  notice: string | undefined,
  live: Partial<Message> = {},
): Message {
  if (m.removed)
    return { ...base, removed: true, ...(m.flagged ? { flagged: true } : {}), ...(notice ? { notice } : {}) };
  if (m.recalled) return { ...base, recalled: true, ...(notice ? { notice } : {}) };
  return { ...base, ...contentOf(m), ...live };
}
