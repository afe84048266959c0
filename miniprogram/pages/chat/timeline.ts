// The chat page's model: every loaded message (ascending seq, no duplicates) plus pending sends,
// and the mapping of a window of them to bubble rows. The page keeps this outside `data` and
// only ever setData's the rows of the visible window, so 5,000 loaded messages cost the same
// to render as 50.
import type { Message, MessageType } from '../../../typings/api';
import type { ParamsOf } from '../../../typings/contract';
import { chatTime, needsSeparator } from '../../utils/time';

/** A message not sent yet: what messages.send will carry, plus its state on this phone. */
export interface PendingMessage extends Omit<ParamsOf<'messages', 'send'>, 'conversationId'> {
  /** The picked image on this device, shown until the sent message has its own link. */
  localPath?: string;
  status: 'pending' | 'failed';
  createdAt: number;
}

export interface MessageRow {
  key: string;
  id: string;
  kind: 'bubble' | 'system';
  mine: boolean;
  type: MessageType;
  text: string;
  fileId: string;
  /** What an image bubble shows: a link from messages.fileUrls (storage refuses client reads). */
  imageUrl: string;
  fileName: string;
  sizeLabel: string;
  senderId: string;
  senderName: string;
  senderLine: string;
  showSender: boolean;
  status: '' | 'pending' | 'failed';
  receipt: string;
  allRead: boolean;
  timeLabel: string;
  line: string;
}

export interface RowContext {
  me: string;
  myName?: string;
  isGroup: boolean;
  now: number;
  receipts: Readonly<Record<string, { readCount: number; unreadCount: number }>>;
  /** The live link of a message's file, '' while none is known. */
  fileUrl?: (messageId: string) => string;
}

type Entry = { message: Message } | { pending: PendingMessage };

export function sizeLabel(bytes: number | undefined): string {
  if (bytes === undefined) return '';
  if (bytes < 1024) return `${bytes}B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)}KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)}MB`;
}

export class ChatTimeline {
  messages: Message[] = [];
  pending: PendingMessage[] = [];
  /** Older messages exist on the server before messages[0]. */
  hasMore = true;
  /**
   * Newer messages exist on the server after the last loaded one: the page was opened at a
   * search hit (loaded around it) and has not scrolled down to the newest yet. While set, the
   * loaded messages are still one contiguous run, but not the live end of the conversation.
   */
  hasNewer = false;

  get length(): number {
    return this.messages.length + this.pending.length;
  }

  get lastSeq(): number {
    return this.messages.length ? this.messages[this.messages.length - 1].seq : 0;
  }

  get firstSeq(): number | null {
    return this.messages.length ? this.messages[0].seq : null;
  }

  /** Older page from history (ascending). Returns how many were new. */
  addOlder(items: Message[], hasMore: boolean): number {
    this.hasMore = hasMore;
    const first = this.firstSeq ?? Infinity;
    const older = items.filter((m) => m.seq < first);
    this.messages = [...older, ...this.messages];
    return older.length;
  }

  /** Newer messages (since / a confirmed send). Pending sends they confirm are dropped. */
  addNewer(items: Message[]): number {
    let added = 0;
    for (const m of items) {
      if (m.clientMsgId) this.pending = this.pending.filter((p) => p.clientMsgId !== m.clientMsgId);
      const known = this.messages.find((x) => x.id === m.id);
      if (known) {
        // My send's answer after its own push: only the answer says until when I may recall it.
        if (
          m.recallDeadline !== undefined &&
          known.recallDeadline === undefined &&
          !known.recalled &&
          !known.removed
        )
          known.recallDeadline = m.recallDeadline;
        continue;
      }
      // Usually appended; a confirmed send can arrive after later messages from since.
      let i = this.messages.length;
      while (i > 0 && this.messages[i - 1].seq > m.seq) i--;
      this.messages.splice(i, 0, m);
      added++;
    }
    return added;
  }

  addPending(p: PendingMessage): void {
    this.pending.push(p);
  }

  setPendingStatus(clientMsgId: string, status: PendingMessage['status']): PendingMessage | null {
    const p = this.pending.find((x) => x.clientMsgId === clientMsgId) ?? null;
    if (p) p.status = status;
    return p;
  }

  /** A recall or admin removal seen through the conversation document. */
  /** Turns a loaded message into its recall/removal line (`notice`, worded by the server). */
  retract(messageId: string, kind: 'recalled' | 'removed', notice: string): boolean {
    const i = this.messages.findIndex((m) => m.id === messageId);
    if (i < 0) return false;
    const m = this.messages[i];
    this.messages[i] = {
      id: m.id,
      conversationId: m.conversationId,
      seq: m.seq,
      type: m.type,
      senderId: m.senderId,
      senderName: m.senderName,
      createdAt: m.createdAt,
      ...(m.senderPosition ? { senderPosition: m.senderPosition } : {}),
      [kind]: true,
      notice,
    };
    return true;
  }

  /** Index of the first loaded message at or after `seq` (the last one when none is). */
  indexAtSeq(seq: number): number {
    const i = this.messages.findIndex((m) => m.seq >= seq);
    return i < 0 ? this.messages.length - 1 : i;
  }

  find(key: string): Entry | null {
    if (key.startsWith('p_')) {
      const p = this.pending.find((x) => `p_${x.clientMsgId}` === key);
      return p ? { pending: p } : null;
    }
    const m = this.messages.find((x) => x.id === key);
    return m ? { message: m } : null;
  }

  private entry(i: number): Entry {
    return i < this.messages.length
      ? { message: this.messages[i] }
      : { pending: this.pending[i - this.messages.length] };
  }

  private static createdAt(e: Entry): number {
    return 'message' in e ? e.message.createdAt : e.pending.createdAt;
  }

  /** Rows for entries [start, end). */
  rows(start: number, end: number, ctx: RowContext): MessageRow[] {
    const out: MessageRow[] = [];
    for (let i = Math.max(0, start); i < Math.min(end, this.length); i++) {
      const e = this.entry(i);
      const prev = i > 0 ? ChatTimeline.createdAt(this.entry(i - 1)) : null;
      const at = ChatTimeline.createdAt(e);
      out.push(toRow(e, needsSeparator(prev, at) ? chatTime(at, ctx.now) : '', ctx));
    }
    return out;
  }
}

const blank = {
  text: '',
  fileId: '',
  imageUrl: '',
  fileName: '',
  sizeLabel: '',
  senderId: '',
  senderName: '',
  senderLine: '',
  showSender: false,
  status: '' as const,
  receipt: '',
  allRead: false,
  line: '',
};

function toRow(e: Entry, timeLabel: string, ctx: RowContext): MessageRow {
  if ('pending' in e) {
    const p = e.pending;
    return {
      ...blank,
      key: `p_${p.clientMsgId}`,
      id: '',
      kind: 'bubble',
      mine: true,
      type: p.type,
      text: p.text ?? '',
      fileId: p.fileId ?? '',
      imageUrl: p.type === 'image' ? (p.localPath ?? '') : '',
      fileName: p.fileName ?? '',
      sizeLabel: sizeLabel(p.fileSize),
      senderId: ctx.me,
      senderName: ctx.myName ?? '',
      status: p.status,
      timeLabel,
    };
  }
  const m = e.message;
  const mine = m.senderId === ctx.me;
  const base = {
    ...blank,
    key: m.id,
    id: m.id,
    mine,
    type: m.type,
    timeLabel,
    senderId: m.senderId ?? '',
    senderName: m.senderName,
  };
  if (m.type === 'system') return { ...base, kind: 'system', line: m.text ?? '' };
  if (m.removed || m.recalled) return { ...base, kind: 'system', line: m.notice ?? '' };
  const counts = ctx.receipts[m.id];
  // Groups count who has not read it; a one-to-one chat says 已读 / 未读, as WeCom does.
  const receipt =
    mine && counts
      ? ctx.isGroup
        ? counts.unreadCount > 0
          ? `${counts.unreadCount}人未读`
          : '全部已读'
        : counts.unreadCount > 0
          ? '未读'
          : '已读'
      : '';
  return {
    ...base,
    kind: 'bubble',
    text: m.text ?? '',
    fileId: m.fileId ?? '',
    imageUrl: m.type === 'image' ? (ctx.fileUrl?.(m.id) ?? '') : '',
    fileName: m.fileName ?? '',
    sizeLabel: sizeLabel(m.fileSize),
    showSender: ctx.isGroup && !mine,
    senderLine: [m.senderName + (m.senderDeparted ? '（已离职）' : ''), m.senderPosition]
      .filter(Boolean)
      .join(' · '),
    receipt,
    allRead: !!counts && counts.unreadCount === 0,
  };
}
