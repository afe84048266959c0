// The chat page's link to the cloud for reading: loading pages of history, read state and
// "N人未读" counts, and two watches (database-rules/README.md):
// - the conversation's messages from the newest loaded ones on (members of an active group only):
//   a push carries the message itself, recalls and removals arrive as the stripped document, so
//   no function is called per message;
// - my own member record of this conversation: it carries the group's list fields (`conv`: name,
//   mute-all, announcement, members, status — store/memberHeads.ts), so a disable, which touches
//   no message, still reaches an open page. A changed `conv`, or a pushed system line (owner and
//   admins change with one), is the page's cue to re-read groups.detail; a refused watch (removed,
//   disabled, deleted) makes it ask why.
// A plain class over a ChatTimeline; the page decides the window and renders. Opened at a search
// hit, the timeline is marked `hasNewer`: pushed new messages are left to loadNewer (adding them
// would open a gap) until it reaches the end.
// Read state goes out at most once per READ_INTERVAL_MS per open chat (the newest seen seq, sent
// on the trailing edge and when the page hides), not once per message.
import type { ReceiptCount, TimelinePage } from '../../../typings/api';
import { call } from '../../services/cloud';
import { live, type Live, type Snapshot } from '../../services/realtime';
import { messageFromDoc, type MessageDocLike } from './pushed';
import { ChatTimeline } from './timeline';

export const PAGE = 30;
/** catchUp's page: a burst of pushes is fetched in as few calls as possible. */
const CATCH_UP_PAGE = 100;
/** markRead at most this often per open chat (the newest seen seq goes out on the trailing edge). */
export const READ_INTERVAL_MS = 5000;
/** CloudBase ends a watch covering more than 5,000 records: the messages watch re-keys before. */
const WATCH_RECORDS = 4000;
/** Loaded messages the watch also covers (recalls within the 2-minute window, admin removals). */
const WATCH_LOADED = 100;

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
  /**
   * Pushed messages changed the timeline (added, or turned into a recall/removal line);
   * `system`: a new system line is among them (the group changed: re-read its detail).
   */
  onMessages(changed: number, system: boolean): void;
  /** My member record says the group's own fields changed (or it is gone): re-read the detail. */
  onGroupChanged(): void;
  /** The rules refused the watch: no longer a member, or the group is no longer active. */
  onDenied(): void;
  /** Reconnecting failed too often: the page falls back to reloading when it shows again. */
  onGiveUp?(): void;
}

export class ChatSync {
  timeline = new ChatTimeline();
  receipts: Record<string, { readCount: number; unreadCount: number }> = {};
  /** The highest seq reported read (markRead is skipped below it). */
  readSeq = 0;
  private watcher: Live | null = null;
  private memberWatcher: Live | null = null;
  /** The group fields last seen on my member record (JSON), '' before the first snapshot. */
  private conv = '';
  /** Who reads (own recalls read 你撤回了一条消息); set by the page before watch(). */
  me = '';
  /** My joinedAtSeq (groups.detail): the rules refuse a watch asking for earlier messages. */
  floorSeq = 0;
  private pendingRead = 0;
  private lastReadAt = -Infinity;
  private readTimer: ReturnType<typeof setTimeout> | null = null;

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

  /**
   * Reports the newest loaded message read, when the reader can see it (`seen`): at once when
   * nothing went out in the last READ_INTERVAL_MS, otherwise on the trailing edge (the seq seen
   * now, so a later scroll up cannot unsee it).
   */
  async markRead(seen: boolean): Promise<void> {
    const seq = this.timeline.lastSeq;
    if (!seen || seq <= Math.max(this.readSeq, this.pendingRead)) return;
    this.pendingRead = seq;
    const wait = this.lastReadAt + READ_INTERVAL_MS - Date.now();
    if (wait > 0) {
      this.readTimer ??= setTimeout(() => void this.flushRead().catch(() => undefined), wait);
      return;
    }
    await this.flushRead();
  }

  /** Sends the pending read position now (the trailing edge, or the page hiding). */
  async flushRead(): Promise<void> {
    if (this.readTimer) clearTimeout(this.readTimer);
    this.readTimer = null;
    const seq = this.pendingRead;
    if (seq <= this.readSeq) return;
    this.lastReadAt = Date.now();
    await this.api.markRead(seq);
    this.readSeq = Math.max(this.readSeq, seq);
  }

  /** Whether any of my messages in view is still unread by someone ("N人未读" worth polling). */
  unreadByOthers(messageIds: string[]): boolean {
    return messageIds.some((id) => (this.receipts[id]?.unreadCount ?? 0) > 0);
  }

  /**
   * My own send is read by me; `receipt` (from the send's answer): its counts as it was numbered,
   * so "N人未读" shows without a receiptCounts call. False when there is none (a retry of an
   * earlier send: others may have read it since) and the caller should ask.
   */
  noteSent(seq: number, receipt?: ReceiptCount): boolean {
    this.readSeq = Math.max(this.readSeq, seq);
    if (!receipt) return false;
    this.receipts[receipt.messageId] = { readCount: receipt.readCount, unreadCount: receipt.unreadCount };
    return true;
  }

  /** Fresh read/unread counts for my messages in view; resolves to whether any changed. */
  async refreshReceipts(messageIds: string[]): Promise<boolean> {
    if (!messageIds.length) return false;
    const { items } = await this.api.receiptCounts(messageIds.slice(-100));
    for (const c of items)
      this.receipts[c.messageId] = { readCount: c.readCount, unreadCount: c.unreadCount };
    return true;
  }

  get watching(): boolean {
    return !!this.watcher;
  }

  /**
   * Watches the conversation's messages: the newest loaded ones (up to WATCH_LOADED) and all
   * after, rebuilt on every reconnect so the init snapshot is exactly what changed meanwhile.
   * The rule pins `conversationId ==` (database-rules/messages.json).
   */
  watch(handlers: WatchHandlers): void {
    this.close();
    this.watcher = live({
      collection: 'messages',
      where: (db) => {
        const t = this.timeline;
        const from = Math.max(t.lastSeq - WATCH_LOADED, (t.firstSeq ?? t.lastSeq + 1) - 1, this.floorSeq);
        return { conversationId: this.conversationId, seq: db.command.gt(from) };
      },
      onSnapshot: (s: Snapshot) => {
        const { changed, system } = this.applyPushed(s);
        if (changed) handlers.onMessages(changed, system);
        // Far from the 5,000-record cap: open a fresh watch from the newest messages.
        if (s.docs.length > WATCH_RECORDS) this.watch(handlers);
      },
      onDenied: handlers.onDenied,
      onGiveUp: handlers.onGiveUp,
    });
    if (!this.me) return;
    this.memberWatcher = live({
      collection: 'members',
      where: () => ({ employeeId: this.me, conversationId: this.conversationId }),
      onSnapshot: (s: Snapshot) => {
        const doc = s.docs[0] as { conv?: unknown } | undefined;
        const conv = JSON.stringify(doc?.conv ?? null);
        const changed = s.type !== 'init' && (!doc || conv !== this.conv);
        this.conv = conv;
        if (changed) handlers.onGroupChanged();
      },
      onDenied: handlers.onDenied,
    });
  }

  /** Applies a messages snapshot: how many bubbles were added or changed, and any new system line. */
  applyPushed(s: Snapshot): { changed: number; system: boolean } {
    const t = this.timeline;
    let changed = 0;
    let system = false;
    for (const c of s.docChanges) {
      if (c.dataType === 'remove' || !c.doc) continue;
      const m = messageFromDoc(c.doc as unknown as MessageDocLike, this.me);
      if (t.find(m.id)) {
        if (m.recalled || m.removed)
          changed += t.retract(m.id, m.recalled ? 'recalled' : 'removed', m.notice ?? '') ? 1 : 0;
        continue;
      }
      // Opened at a search hit: newer pages come through loadNewer, in order.
      if (t.hasNewer) continue;
      const added = t.addNewer([m]);
      changed += added;
      // My own send, pushed before its answer came: the send moved my read marker to it already.
      if (added && this.me && m.senderId === this.me) this.readSeq = Math.max(this.readSeq, m.seq);
      system = system || (added > 0 && m.type === 'system');
    }
    return { changed, system };
  }

  /** Stops the message pushes only (my member record stays watched: it says when the group changes). */
  closeMessages(): void {
    this.watcher?.close();
    this.watcher = null;
  }

  /** Stops the pushes; a read position still pending goes out now. */
  close(): void {
    this.watcher?.close();
    this.watcher = null;
    this.memberWatcher?.close();
    this.memberWatcher = null;
    if (this.readTimer) void this.flushRead().catch(() => undefined);
  }
}
