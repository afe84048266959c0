// The chat page's sends: a message is first a pending bubble with a fresh clientMsgId, a file is
// uploaded to storage before its send, and a failed send is retried with the same clientMsgId
// (if the first attempt did reach the server, messages.send returns that message again).
// A plain class; the page shows the pending bubbles (ChatTimeline) and renders.
import type { ErrorCode, SendResult } from '../../../typings/api';
import { call, CloudError } from '../../services/cloud';
import { storedName, uploadFile } from '../../services/files';
import type { PendingMessage } from './timeline';

let clientSeq = 0;
export const newClientMsgId = (): string =>
  `${Date.now().toString(36)}${(clientSeq++).toString(36)}${Math.random().toString(36).slice(2, 8)}`;

export interface OutboxApi {
  /** The message, and its "N人未读" counts as it was numbered (none for an earlier send's retry). */
  send(p: PendingMessage): Promise<SendResult>;
  /** Uploads a picked file for a pending message; resolves to its fileID. */
  upload(p: PendingMessage, filePath: string): Promise<string>;
}

/** `me`: my employee id, known once the page has loaded who I am. */
export const cloudOutboxApi = (conversationId: string, me: () => string): OutboxApi => ({
  send: (p) =>
    call('messages', 'send', {
      conversationId,
      clientMsgId: p.clientMsgId,
      type: p.type,
      ...(p.text !== undefined ? { text: p.text } : {}),
      ...(p.fileId !== undefined ? { fileId: p.fileId, fileName: p.fileName, fileSize: p.fileSize } : {}),
      ...(p.mentions ? { mentions: p.mentions } : {}),
    }),
  // The storage rule lets a client write only chat/<conversation>/<own employee id>/<random>.<ext>.
  upload: (p, filePath) =>
    uploadFile(`chat/${conversationId}/${me()}`, storedName(p.fileName ?? ''), filePath),
});

/** Refusals that mean nobody may send here now: the page closes the composer. */
const CLOSING: readonly ErrorCode[] = ['GROUP_DISABLED', 'GROUP_DISSOLVED', 'MUTED', 'FORBIDDEN'];
export const closesComposer = (e: unknown): boolean => e instanceof CloudError && CLOSING.includes(e.code);

export class Outbox {
  constructor(private readonly api: OutboxApi) {}

  text(text: string, mentions: string[] | 'all' | undefined): PendingMessage {
    return {
      clientMsgId: newClientMsgId(),
      type: 'text',
      text,
      ...(mentions ? { mentions } : {}),
      status: 'pending',
      createdAt: Date.now(),
    };
  }

  /** A picked file; an image shows from `localPath` on this device until it has its own link. */
  file(type: 'image' | 'file', fileName: string, fileSize: number, localPath: string): PendingMessage {
    return {
      clientMsgId: newClientMsgId(),
      type,
      fileName,
      fileSize,
      ...(type === 'image' ? { localPath } : {}),
      status: 'pending',
      createdAt: Date.now(),
    };
  }

  async upload(p: PendingMessage, filePath: string): Promise<void> {
    p.fileId = await this.api.upload(p, filePath);
  }

  send(p: PendingMessage): Promise<SendResult> {
    return this.api.send(p);
  }

  /**
   * A failed bubble was tapped: back to pending, and true when it can be sent again now. A file
   * whose upload failed has nothing to send (the picked file's path is gone): it stays pending.
   */
  retry(p: PendingMessage): boolean {
    if (p.status !== 'failed') return false;
    p.status = 'pending';
    return !!p.fileId || p.type === 'text';
  }
}
