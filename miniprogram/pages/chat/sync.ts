// The chat page's link to the cloud for reading: loading pages of history, catching up after a
// push, read state and "N人未读" counts, and the watch on the conversation document
// (database-rules: members only). A plain class over a ChatTimeline; the page decides the window
// and renders. Opened at a search hit, the timeline is marked `hasNewer`: a push then fetches
// nothing (that would load the whole gap at once) until loadNewer reaches the end.
import type { ReceiptCount, TimelinePage } from '../../../typings/api';
import { call } from '../../services/cloud';
import { live, type Live, type Snapshot } from '../../services/realtime';
import { ChatTimeline } from './timeline';

export const PAGE = 30;
/** catchUp's page: a burst of pushes is fetched in as few calls as possible. */
const CATCH_UP_PAGE = 100;

/** The fields of the watched conversation document the page reacts to. */
export interface ConversationHead {
  lastSeq?: number;
  name?: string;
  memberCount?: number;
  muteAll?: boolean;
  status?: string;
  announcement?: string;
  ownerId?: string | null;
  adminIds?: string[];
  lastRetract?: {
    messageId: string;
    kind: 'recalled' | 'removed';
    /** The line in its place, as others and as the sender read it (worded by the server). */
    notice?: string;
    ownNotice?: string;
  } | null;
}

export interface SyncApi {
  history(beforeSeq: number | undefined, limit: number): Promise<TimelinePage>;
  since(afterSeq: number, limit: number): Promise<TimelinePage>;
  markRead(seq: number): Promise<unknown>;
  receiptCounts(messageIds: string[]): Promise<{ items: ReceiptCount[] }>;
}

export const cloudSyncApi = (conversationId: string): SyncApi => ({
  history: (beforeSeq, limit) =>
    call('messages', 'history', { conversationId, ...(beforeSeq ? { beforeSeq } : {}), limit }),
  since: (afterSeq, limit) => call('messages', 'since', { conversationId, afterSeq, limit }),
  markRead: (seq) => call('messages', 'markRead', { conversationId, seq }),
  receiptCounts: (messageIds) => call('messages', 'receiptCounts', { conversationId, messageIds }),
});

export interface WatchHandlers {
  /** The conversation document (undefined: it was deleted) and whether a catch-up is due. */
  onHead(head: ConversationHead | undefined, catchUp: boolean): void;
  /** The rules refused the watch: no longer a member. */
  onDenied(): void;
}

export class ChatSync {
  timeline = new ChatTimeline();
  receipts: Record<string, { readCount: number; unreadCount: number }> = {};
  /** The highest seq reported read (markRead is skipped below it). */
  readSeq = 0;
  private lastRetractId = '';
  private watcher: Live | null = null;

  constructor(
    readonly conversationId: string,
    private readonly api: SyncApi = cloudSyncApi(conversationId),
  ) {}

  /** The newest page in a fresh timeline; `keepPending` carries unsent messages over. */
  async loadLatest(keepPending: boolean): Promise<void> {
    const page = await this.api.history(undefined, PAGE);
    const fresh = new ChatTimeline();
    if (keepPending) fresh.pending = this.timeline.pending;
    fresh.addOlder(page.items, page.hasMore);
    this.timeline = fresh;
  }

  /**
   * A page on each side of `seq` (history up to and including it, since after it), in a fresh
   * timeline. Returns the index of the row standing for the hit — a hit from before I joined is
   * not served, the nearest message I can see stands in — or -1 when there is nothing to show.
   */
  async loadAround(seq: number): Promise<number> {
    const [older, newer] = await Promise.all([this.api.history(seq + 1, PAGE), this.api.since(seq, PAGE)]);
    const t = new ChatTimeline();
    t.addOlder(older.items, older.hasMore);
    t.addNewer(newer.items);
    t.hasNewer = newer.hasMore && newer.items.length > 0;
    this.timeline = t;
    return t.length ? t.indexAtSeq(seq) : -1;
  }

  /** The page before the oldest loaded; resolves to how many messages were added (null: none left). */
  async loadOlder(): Promise<number | null> {
    const t = this.timeline;
    if (!t.hasMore || t.firstSeq === null) return null;
    const page = await this.api.history(t.firstSeq, PAGE);
    return t.addOlder(page.items, page.hasMore);
  }

  /** Opened at a search hit: the next page towards the newest. Resolves to true once live again. */
  async loadNewer(): Promise<boolean> {
    const t = this.timeline;
    const page = await this.api.since(t.lastSeq, PAGE);
    t.addNewer(page.items);
    t.hasNewer = page.hasMore && page.items.length > 0;
    return !t.hasNewer;
  }

  /** Everything after the newest loaded message; resolves to how many were added. */
  async catchUp(): Promise<number> {
    const t = this.timeline;
    // Away from the newest (a search hit): scrolling down fetches, a push does not.
    if (t.hasNewer) return 0;
    let added = 0;
    let more = true;
    while (more) {
      const page = await this.api.since(t.lastSeq, CATCH_UP_PAGE);
      added += t.addNewer(page.items);
      more = page.hasMore && page.items.length > 0;
    }
    return added;
  }

  /** Reports the newest loaded message read, when the reader can see it (`seen`). */
  async markRead(seen: boolean): Promise<void> {
    const seq = this.timeline.lastSeq;
    if (!seen || seq <= this.readSeq) return;
    await this.api.markRead(seq);
    this.readSeq = seq;
  }

  /** My own send is read by me. */
  noteSent(seq: number): void {
    this.readSeq = Math.max(this.readSeq, seq);
  }

  /** Fresh read/unread counts for my messages in view; resolves to whether any changed. */
  async refreshReceipts(messageIds: string[]): Promise<boolean> {
    if (!messageIds.length) return false;
    const { items } = await this.api.receiptCounts(messageIds.slice(-100));
    for (const c of items)
      this.receipts[c.messageId] = { readCount: c.readCount, unreadCount: c.unreadCount };
    return true;
  }

  /** A recall or removal announced on the document; true when a loaded bubble changed. */
  applyRetract(head: ConversationHead, me: string): boolean {
    const retract = head.lastRetract;
    if (!retract || retract.messageId === this.lastRetractId) return false;
    this.lastRetractId = retract.messageId;
    const mine = this.timeline.messages.find((m) => m.id === retract.messageId)?.senderId === me;
    const notice = (mine ? retract.ownNotice : retract.notice) ?? retract.notice ?? '';
    return this.timeline.retract(retract.messageId, retract.kind, notice);
  }

  get watching(): boolean {
    return !!this.watcher;
  }

  /** Watches the conversation document; every (re)connect's init snapshot asks for a catch-up. */
  watch(handlers: WatchHandlers): void {
    this.watcher?.close();
    this.watcher = live({
      collection: 'conversations',
      where: () => ({ _id: this.conversationId }),
      onSnapshot: (s: Snapshot) => {
        const head = s.docs[0] as ConversationHead | undefined;
        handlers.onHead(head, !!head && (s.type === 'init' || (head.lastSeq ?? 0) > this.timeline.lastSeq));
      },
      onDenied: handlers.onDenied,
    });
  }

  close(): void {
    this.watcher?.close();
    this.watcher = null;
  }
}
