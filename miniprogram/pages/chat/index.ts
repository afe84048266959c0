// Chat page (?id=): the window of rows on screen, the header and banners, the composer and the
// bubble actions. The rest is in plain classes beside it: ChatSync (sync.ts: history pages,
// catch-up after a push, read state, receipt counts, the watch on the conversation document),
// Outbox (outbox.ts: pending sends, uploads, retry), MentionPicker (mentions.ts, shown by the
// mention-picker component) and ChatTimeline (timeline.ts: the loaded messages as rows).
// Only a window of rows (WINDOW) is ever in `data`; scrolling moves the window and fetches older
// pages, anchored with scroll-into-view so the view does not jump.
// Opened with &seq= (a search hit), it loads a page on each side of that message instead of the
// newest page, scrolls it into view and highlights it; scrolling down then fetches towards the
// newest, and once there the page is live again.
import type { ConversationDetail, Message } from '../../../typings/api';
import { call, CloudError, errorMessage } from '../../services/cloud';
import { draftOf, saveDraft } from '../../services/drafts';
import { askOnTap } from '../../services/notifications';
import { downloadUrl, FileLinks } from '../../services/files';
import { coalesce } from '../../services/realtime';
import { loadMe } from '../../services/session';
import { MentionPicker, membersPageOf } from './mentions';
import { closesComposer, cloudOutboxApi, Outbox } from './outbox';
import { ChatSync, type ConversationHead } from './sync';
import type { ChatTimeline, PendingMessage, RowContext } from './timeline';
import { whileBusy } from '../../utils/busy';

export { PAGE } from './sync';
export const WINDOW = 50;
export const STEP = 25;
export const HIGHLIGHT_MS = 2000;
/** About a screen of messages: fewer unread are all in view at the newest. */
const SCREENFUL = 8;
/**
 * Others' reads reach no one by push (that would be a push to every member per read): while my
 * messages in view are unread by someone, "N人未读" is polled this often.
 */
const RECEIPT_POLL_MS = 5000;

/**
 * The bar's size from the capsule, as WeChat lays out its own: as tall as the capsule plus the
 * same gap above and below it, "…" just left of it, the title kept clear of both sides.
 */
function navMetrics(): { statusBar: number; height: number; infoRight: number; side: number } {
  const sys = wx.getSystemInfoSync();
  const menu = wx.getMenuButtonBoundingClientRect();
  const statusBar = sys.statusBarHeight ?? 0;
  const height = Math.max(32, (menu.top - statusBar) * 2 + menu.height);
  const infoRight = sys.windowWidth - menu.left + 4;
  return { statusBar, height, infoRight, side: infoRight + 38 };
}

/** Per-page state that never goes through setData. */
interface Internals {
  conversationId: string;
  me: string;
  myName: string;
  sync: ChatSync;
  outbox: Outbox;
  mentions: MentionPicker;
  /** The loaded messages (the sync's timeline). */
  readonly timeline: ChatTimeline;
  /** Index in the timeline of the first row on screen. */
  start: number;
  detail: ConversationDetail | null;
  /** An admin disabled the group while the page was open: history hidden until it is enabled. */
  disabledWhileOpen?: boolean;
  /** Links to the conversation's files (storage refuses client reads). */
  links: FileLinks;
  visible: boolean;
  catchUp: () => Promise<void>;
  refreshReceipts: () => Promise<void>;
  markRead: () => Promise<void>;
  /** The search hit to open at (0 = open at the newest). */
  targetSeq: number;
  /** Where the pill jumps to (0: no pill). */
  pillSeq: number;
  highlightTimer: ReturnType<typeof setTimeout> | null;
  /** The next "N人未读" poll, while my messages in view are unread by someone. */
  receiptTimer: ReturnType<typeof setTimeout> | null;
}

Component({
  data: {
    rows: [] as ReturnType<ChatTimeline['rows']>,
    loading: true,
    loadingOlder: false,
    loadingNewer: false,
    highlightKey: '',
    error: '',
    empty: false,
    scrollInto: '',
    announcement: '',
    banner: '',
    inputDisabled: false,
    placeholder: '',
    text: '',
    /** The server's text limit (directory.me); -1 (no cap) until known, the server refuses past it. */
    textMax: -1,
    isGroup: false,
    canMentionAll: false,
    pickerOpen: false,
    pickerRows: [] as { id: string; name: string; sub: string }[],
    pickerMore: false,
    pickerKeyword: '',
    pickerLoading: false,
    infoUrl: '',
    title: '',
    /** The chat's own navigation bar, measured against WeChat's capsule (px). */
    nav: { statusBar: 0, height: 44, infoRight: 100, side: 140 },
    historyHidden: false,
    /** Jump pill, top right: "有人@我" or "N条新消息" (what was unread when the chat opened). */
    pill: '',
  },
  methods: {
    st(): Internals {
      return (this as unknown as { _st: Internals })._st;
    },

    async onLoad(query: Record<string, string>) {
      const self = this as unknown as { _st: Internals };
      const conversationId = query.id ?? '';
      const sync = new ChatSync(conversationId);
      self._st = {
        conversationId,
        me: '',
        myName: '',
        sync,
        outbox: new Outbox(cloudOutboxApi(conversationId, () => this.st().me)),
        mentions: new MentionPicker('', membersPageOf(conversationId)),
        get timeline() {
          return sync.timeline;
        },
        start: 0,
        detail: null,
        links: new FileLinks(conversationId),
        visible: true,
        catchUp: coalesce(() => this.catchUpNow()),
        refreshReceipts: coalesce(() => this.refreshReceiptsNow()),
        markRead: coalesce(() => this.markReadNow()),
        targetSeq: Number(query.seq) > 0 ? Math.floor(Number(query.seq)) : 0,
        pillSeq: 0,
        highlightTimer: null,
        receiptTimer: null,
      };
      this.setData({ nav: navMetrics() });
      // What I typed here last time and did not send.
      const draft = draftOf(conversationId);
      if (draft) this.setData({ text: draft });
      await this.loadFirst();
    },

    onShow() {
      const st = this.st();
      if (!st) return;
      st.visible = true;
      // Back from another page: reopen the watch; its init snapshot catches up on what we missed.
      if (st.detail && !st.sync.watching) this.watch();
      void st.markRead();
      // Others' reads do not touch the conversation document: refresh "N人未读" when coming back.
      if (st.detail) void st.refreshReceipts();
    },

    onHide() {
      const st = this.st();
      if (!st) return;
      st.visible = false;
      saveDraft(st.conversationId, this.data.text);
      // A hidden page needs no push; browsers also cap open streams per origin (the preview).
      st.sync.close();
      this.stopReceiptPoll();
    },

    onUnload() {
      const st = this.st();
      if (st) saveDraft(st.conversationId, this.data.text);
      st?.sync.close();
      if (st?.highlightTimer) clearTimeout(st.highlightTimer);
      this.stopReceiptPoll();
    },

    async loadFirst() {
      const st = this.st();
      this.setData({ loading: true, error: '' });
      try {
        const me = await loadMe();
        st.me = me.employee?.id ?? '';
        st.myName = me.employee?.name ?? '';
        this.setData({ textMax: me.limits?.text ?? -1 });
        st.mentions = new MentionPicker(st.me, membersPageOf(st.conversationId));
        const detail = await call('groups', 'detail', { conversationId: st.conversationId });
        st.detail = detail;
        this.applyHead(detail);
        if (st.targetSeq) await this.loadAround(st.targetSeq);
        else {
          await st.sync.loadLatest(false);
          st.start = Math.max(0, st.timeline.length - WINDOW);
          this.openAtUnread(detail.unread);
        }
        this.setData({ loading: false, empty: st.timeline.length === 0 });
        void st.markRead();
        void st.refreshReceipts();
        this.watch();
      } catch (e) {
        this.setData({ loading: false });
        this.showClosed(e);
      }
    },

    /** Opens at a search hit: scrolled into view and highlighted for a moment. */
    async loadAround(seq: number) {
      const st = this.st();
      const i = await st.sync.loadAround(seq);
      if (i < 0) return this.render(true);
      // Some rows above the hit stay in the window so scrolling up is smooth.
      st.start = Math.max(0, Math.min(i - STEP, st.timeline.length - WINDOW));
      this.highlight(st.timeline.messages[i].id);
    },

    /**
     * Opens where my unread part begins when more than a screenful is unread and it is loaded;
     * otherwise at the newest. A pill offers the jump: to the unread @ of me ("有人@我") or to the
     * first unread message ("N条新消息") when that is not on screen.
     */
    openAtUnread(unread: ConversationDetail['unread']) {
      const st = this.st();
      const t = st.timeline;
      const loaded = (seq: number) => t.length > 0 && seq >= (t.messages[0]?.seq ?? Infinity);
      if (unread && unread.count > SCREENFUL && loaded(unread.fromSeq)) {
        const i = t.indexAtSeq(unread.fromSeq);
        st.start = Math.max(0, Math.min(i - 2, t.length - WINDOW));
        this.render(false, t.messages[i].id);
      } else this.render(true);
      if (unread?.mentionSeq) this.showPill('有人@我', unread.mentionSeq);
      else if (unread && unread.count > SCREENFUL && !loaded(unread.fromSeq))
        this.showPill(`${unread.count > 99 ? '99+' : unread.count}条新消息`, unread.fromSeq);
    },

    showPill(text: string, seq: number) {
      this.st().pillSeq = seq;
      this.setData({ pill: text });
    },

    /** The pill's jump: to that message (loaded around it when it is not), highlighted. */
    async onPill() {
      const st = this.st();
      const seq = st.pillSeq;
      st.pillSeq = 0;
      this.setData({ pill: '' });
      if (!seq) return;
      const t = st.timeline;
      if (t.length && seq >= t.messages[0].seq && seq <= (t.messages[t.length - 1]?.seq ?? 0)) {
        const i = t.indexAtSeq(seq);
        st.start = Math.max(0, Math.min(i - STEP, t.length - WINDOW));
        this.highlight(t.messages[i].id);
        return;
      }
      try {
        await this.loadAround(seq);
      } catch (e) {
        wx.showToast({ title: errorMessage(e), icon: 'none' });
      }
    },

    /** Renders with `key` scrolled into view and highlighted for a moment. */
    highlight(key: string) {
      const st = this.st();
      this.render(false, key);
      this.setData({ highlightKey: key });
      if (st.highlightTimer) clearTimeout(st.highlightTimer);
      st.highlightTimer = setTimeout(() => {
        st.highlightTimer = null;
        this.setData({ highlightKey: '' });
      }, HIGHLIGHT_MS);
    },

    /** Back to the newest page (before a send from a hit's window: the gap is never loaded). */
    async toLatest() {
      const st = this.st();
      if (!st.timeline.hasNewer) return;
      await st.sync.loadLatest(true);
      st.start = Math.max(0, st.timeline.length - WINDOW);
      this.render(true);
    },

    showClosed(e: unknown) {
      const code = e instanceof CloudError ? e.code : '';
      const closed: Record<string, string> = {
        GROUP_DISABLED: errorMessage(e),
        GROUP_DISSOLVED: errorMessage(e),
        FORBIDDEN: '你已不在该群聊中',
        NOT_FOUND: '该会话已被删除',
      };
      if (code === 'GROUP_DISABLED') {
        // Disabled, not gone: no history on screen (what the disable dialog promises); my own
        // member record stays watched, and its change on re-enable brings the chat back.
        this.setData({
          banner: closed[code],
          inputDisabled: true,
          placeholder: closed[code],
          historyHidden: true,
        });
        const st = this.st();
        if (st) {
          st.disabledWhileOpen = true;
          st.sync.closeMessages();
        }
      } else if (closed[code]) {
        this.setData({ banner: closed[code], inputDisabled: true, placeholder: closed[code] });
        // Nothing more can arrive: stop the watches (the rules refuse them from now on anyway).
        this.st()?.sync.close();
      } else this.setData({ error: errorMessage(e) });
    },

    onRetryLoad() {
      void this.loadFirst();
    },

    watch() {
      const st = this.st();
      st.sync.me = st.me;
      st.sync.floorSeq = st.detail?.joinedAtSeq ?? 0;
      st.sync.watch({
        onMessages: (changed, system) => {
          this.showPushed(changed);
          // A system line: the group changed (name, mute-all, announcement, roles, members).
          if (system) void this.refreshDetail();
        },
        onGroupChanged: () => void this.refreshDetail(),
        // Refused: no longer a member, or the group was disabled or deleted — the detail says which.
        onDenied: () => void this.refreshDetail(),
      });
    },

    /** Pushed messages are in the timeline: follow them when at the newest, and read them. */
    showPushed(added: number) {
      const st = this.st();
      // Where the window was before they came (atBottom() now counts them).
      const wasAtBottom = st.start + WINDOW >= st.timeline.length - added && !st.timeline.hasNewer;
      if (wasAtBottom) st.start = Math.max(0, st.timeline.length - WINDOW);
      this.render(wasAtBottom);
      void st.markRead();
    },

    /** The detail again (its capability flags) after the watched document changed a rule's input. */
    async refreshDetail() {
      const st = this.st();
      try {
        const detail = await call('groups', 'detail', { conversationId: st.conversationId });
        st.detail = detail;
        this.applyHead(detail);
        if (st.disabledWhileOpen) {
          // Enabled again: the newest messages, and the message watch the rules refused meanwhile.
          st.disabledWhileOpen = false;
          await st.sync.loadLatest(true);
          st.start = Math.max(0, st.timeline.length - WINDOW);
          this.render(true);
          this.watch();
        }
      } catch (e) {
        this.showClosed(e);
      }
    },

    /** Header, banners and input state from the conversation (detail or watched document). */
    applyHead(head: ConversationHead & { type?: string; myRole?: string }) {
      const st = this.st();
      const d = st.detail;
      if (!d) return;
      // The watched document carries the group's own fields; a direct chat's name stays the peer's.
      const live: (keyof ConversationHead)[] = [
        'memberCount',
        'muteAll',
        'status',
        'announcement',
        'ownerId',
        'adminIds',
      ];
      if (d.type === 'group') live.push('name');
      // Roles, mute-all and status decide what I may do: the server recomputes its flags.
      const decisive: (keyof ConversationHead)[] = ['ownerId', 'adminIds', 'muteAll', 'status'];
      const rulesChanged =
        head !== d &&
        decisive.some(
          (k) =>
            head[k] !== undefined &&
            JSON.stringify(head[k]) !== JSON.stringify((d as unknown as Record<string, unknown>)[k]),
        );
      for (const k of live) if (head[k] !== undefined) (d as unknown as Record<string, unknown>)[k] = head[k];
      if (rulesChanged) void this.refreshDetail();
      const isGroup = d.type === 'group';
      const banner = d.sendBlocked?.label ?? '';
      const reason = d.sendBlocked?.message ?? '';
      const infoUrl =
        isGroup && d.status === 'active'
          ? `/pages/group-settings/index?id=${d.id}`
          : !isGroup && d.peer
            ? `/pages/direct-info/index?id=${d.id}`
            : '';
      // A group an admin disabled shows no history, even on a page that was already open (what
      // the disable dialog promises); re-enabled, the messages come back.
      const disabled = isGroup && d.status === 'disabled';
      this.setData({
        infoUrl,
        isGroup,
        historyHidden: disabled,
        canMentionAll: d.canMentionAll,
        announcement: isGroup ? (d.announcement ?? '') : '',
        banner,
        inputDisabled: !!banner,
        placeholder: reason,
      });
      const title = isGroup ? `${d.name} (${d.memberCount})` : d.name;
      this.setData({ title });
      // Also the native title: the page stack and the task switcher name the page by it.
      wx.setNavigationBarTitle({ title });
    },

    ctx(): RowContext {
      const st = this.st();
      return {
        me: st.me,
        myName: st.myName,
        isGroup: st.detail?.type === 'group',
        now: Date.now(),
        receipts: st.sync.receipts,
        fileUrl: (id) => st.links.url(id),
      };
    },

    atBottom(): boolean {
      const st = this.st();
      return st.start + WINDOW >= st.timeline.length && !st.timeline.hasNewer;
    },

    /** setData of the visible window only; optionally scrolls to its end or to a row. */
    render(toBottom: boolean, anchorKey = '') {
      const st = this.st();
      const rows = st.timeline.rows(st.start, st.start + WINDOW, this.ctx());
      const scrollInto = anchorKey
        ? `m${anchorKey}`
        : toBottom && rows.length
          ? `m${rows[rows.length - 1].key}`
          : '';
      this.setData({ rows, empty: st.timeline.length === 0, ...(scrollInto ? { scrollInto } : {}) });
      const images = rows.filter((r) => r.type === 'image' && r.id && r.kind === 'bubble' && !r.imageUrl);
      if (images.length) void this.loadLinks(images.map((r) => r.id));
    },

    /** Links for the images on screen; one call per window, then the rows show them. */
    async loadLinks(ids: string[]) {
      try {
        if (await this.st().links.fetch(ids)) this.render(false);
      } catch {
        // The image stays blank; the next render asks again.
      }
    },

    async onTop() {
      const st = this.st();
      if (this.data.loadingOlder) return;
      const anchor = this.data.rows[0]?.key ?? '';
      if (st.start > 0) {
        st.start = Math.max(0, st.start - STEP);
        this.render(false, anchor);
        return;
      }
      if (!st.timeline.hasMore || st.timeline.firstSeq === null) return;
      await whileBusy(this, 'loadingOlder', async () => {
        const added = (await st.sync.loadOlder()) ?? 0;
        // The rows that were on screen shift down by `added`; show STEP of the new ones above.
        st.start = Math.max(0, added - STEP);
        this.render(false, anchor);
      });
    },

    async onBottom() {
      const st = this.st();
      if (this.data.loadingNewer) return;
      const anchor = this.data.rows[this.data.rows.length - 1]?.key ?? '';
      if (st.start + WINDOW < st.timeline.length) {
        st.start = Math.min(Math.max(0, st.timeline.length - WINDOW), st.start + STEP);
        this.render(false, anchor);
        return;
      }
      if (!st.timeline.hasNewer) return;
      // Opened at a search hit: the next page towards the newest.
      await whileBusy(this, 'loadingNewer', async () => {
        const liveAgain = await st.sync.loadNewer();
        st.start = Math.min(Math.max(0, st.timeline.length - WINDOW), st.start + STEP);
        this.render(false, anchor);
        if (liveAgain) {
          // Live again: pick up anything pushed meanwhile, and this is now read.
          void st.catchUp();
          void st.markRead();
          void st.refreshReceipts();
        }
      });
    },

    async catchUpNow() {
      const st = this.st();
      const wasAtBottom = this.atBottom();
      const added = await st.sync.catchUp();
      if (!added) return;
      if (wasAtBottom) st.start = Math.max(0, st.timeline.length - WINDOW);
      this.render(wasAtBottom);
      void st.markRead();
      void st.refreshReceipts();
    },

    markReadNow() {
      const st = this.st();
      return st.sync.markRead(st.visible && this.atBottom());
    },

    /** My messages in the window on screen (those "N人未读" is shown under). */
    mineInView(): string[] {
      const st = this.st();
      return st.timeline
        .rows(st.start, st.start + WINDOW, this.ctx())
        .filter((r) => r.mine && r.id && r.kind === 'bubble')
        .map((r) => r.id);
    },

    async refreshReceiptsNow() {
      const st = this.st();
      if (!st.detail) return;
      const ids = this.mineInView();
      if (await st.sync.refreshReceipts(ids)) this.render(false);
      this.pollReceipts(ids);
    },

    /** (Re)starts the "N人未读" poll: the next refresh in RECEIPT_POLL_MS, while it is worth one. */
    pollReceipts(ids?: string[]) {
      const st = this.st();
      this.stopReceiptPoll();
      if (st.visible && st.sync.unreadByOthers(ids ?? this.mineInView()))
        st.receiptTimer = setTimeout(() => {
          st.receiptTimer = null;
          void st.refreshReceipts();
        }, RECEIPT_POLL_MS);
    },

    stopReceiptPoll() {
      const st = this.st();
      if (st?.receiptTimer) clearTimeout(st.receiptTimer);
      if (st) st.receiptTimer = null;
    },

    // ---- composing ----

    onInput(e: WechatMiniprogram.Input) {
      const text = e.detail.value;
      const typedAt = text.length > this.data.text.length && text.endsWith('@');
      this.setData({ text });
      if (typedAt && this.data.isGroup) void this.openPicker();
    },

    async openPicker() {
      const st = this.st();
      void st.mentions.search('');
      this.setData({ pickerOpen: true, pickerKeyword: '' });
      if (!st.mentions.loaded) await this.loadMembers();
      else this.showPickerRows();
    },

    async loadMembers() {
      try {
        await this.st().mentions.loadPage();
        this.showPickerRows();
      } catch (e) {
        wx.showToast({ title: errorMessage(e), icon: 'none' });
      }
    },

    /** The server searches the whole group (mentions.ts); a later keystroke's answer wins. */
    async onPickerSearch(e: { detail: string }) {
      const { mentions } = this.st();
      const keyword = (typeof e.detail === 'string' ? e.detail : '').trim();
      this.setData({ pickerLoading: !!keyword });
      try {
        await mentions.search(keyword);
      } catch (err) {
        wx.showToast({ title: errorMessage(err), icon: 'none' });
      } finally {
        if (mentions.keyword === keyword) this.setData({ pickerLoading: false });
      }
      // A later keystroke has already rendered its own result.
      if (mentions.keyword === keyword) this.showPickerRows();
    },

    showPickerRows() {
      const { mentions } = this.st();
      this.setData({
        pickerRows: mentions.rows(this.data.canMentionAll),
        pickerKeyword: mentions.keyword,
        pickerMore: mentions.hasMore,
      });
    },

    onPickerMore() {
      void this.loadMembers();
    },

    /** From the mention-picker component (detail) or a row's dataset. */
    onPick(e: {
      detail?: { id?: string; name?: string };
      currentTarget?: { dataset?: { id?: string; name?: string } };
    }) {
      const { id, name } = e.detail?.id ? e.detail : (e.currentTarget?.dataset ?? {});
      if (!id || !name) return;
      this.st().mentions.pick(id, name);
      this.setData({ text: `${this.data.text}${name} `, pickerOpen: false });
    },

    onPickerClose() {
      this.setData({ pickerOpen: false });
    },

    onSend() {
      const text = this.data.text;
      if (!text.trim() || this.data.inputDisabled) return;
      // Sending is a natural tap to keep 服务通知 on for replies (quiet when enough are banked).
      void askOnTap();
      const st = this.st();
      const mentions = st.mentions.mentionsFor(text);
      st.mentions.clearPicks();
      this.setData({ text: '' });
      void this.sendPending(st.outbox.text(text, mentions));
    },

    async sendPending(p: PendingMessage) {
      const st = this.st();
      if (!st.timeline.find(`p_${p.clientMsgId}`)) st.timeline.addPending(p);
      st.start = Math.max(0, st.timeline.length - WINDOW);
      this.render(true);
      try {
        // Sent from a hit's window: jump to the newest first so the timeline stays contiguous.
        await this.toLatest();
        const { message, receipt } = await st.outbox.send(p);
        st.timeline.addNewer([message]);
        // The answer carries the new message's "N人未读": no call per message sent. The other
        // messages' counts come with the poll — started now if none is due; a due one is kept, so
        // someone sending every few seconds still sees the others' counts move.
        const counted = st.sync.noteSent(message.seq, receipt);
        if (this.atBottom() || st.start + WINDOW >= st.timeline.length - 1)
          st.start = Math.max(0, st.timeline.length - WINDOW);
        this.render(true);
        if (!counted) void st.refreshReceipts();
        else if (!st.receiptTimer) this.pollReceipts();
      } catch (e) {
        st.timeline.setPendingStatus(p.clientMsgId, 'failed');
        this.render(false);
        wx.showToast({ title: errorMessage(e), icon: 'none' });
        if (closesComposer(e)) this.showClosed(e);
      }
    },

    onPlus() {
      if (this.data.inputDisabled) return;
      wx.showActionSheet({
        itemList: ['图片', '文件'],
        success: (res) => void (res.tapIndex === 0 ? this.pickImage() : this.pickFile()),
      });
    },

    async pickImage() {
      const res = await wx.chooseMedia({ count: 1, mediaType: ['image'], sizeType: ['compressed'] });
      const f = res.tempFiles[0];
      await this.upload('image', f.tempFilePath, f.tempFilePath.split('/').pop() ?? 'image.jpg', f.size);
    },

    async pickFile() {
      const res = await wx.chooseMessageFile({ count: 1, type: 'file' });
      const f = res.tempFiles[0];
      await this.upload('file', f.path, f.name, f.size);
    },

    async upload(type: 'image' | 'file', filePath: string, fileName: string, fileSize: number) {
      const st = this.st();
      const p = st.outbox.file(type, fileName, fileSize, filePath);
      st.timeline.addPending(p);
      st.start = Math.max(0, st.timeline.length - WINDOW);
      this.render(true);
      try {
        await st.outbox.upload(p, filePath);
        await this.sendPending(p);
      } catch (e) {
        st.timeline.setPendingStatus(p.clientMsgId, 'failed');
        this.render(false);
        wx.showToast({ title: errorMessage(e), icon: 'none' });
      }
    },

    // ---- bubble actions ----

    onBubble(e: WechatMiniprogram.CustomEvent<{ kind: string; key: string }>) {
      const st = this.st();
      const { kind, key } = e.detail;
      const entry = st.timeline.find(key);
      if (!entry) return;
      if ('pending' in entry) {
        if (kind === 'imageload') this.followImage(key);
        if (kind === 'retry' && st.outbox.retry(entry.pending)) void this.sendPending(entry.pending);
        return;
      }
      const m = entry.message;
      if (kind === 'avatar') {
        if (m.senderId) wx.navigateTo({ url: `/pages/profile/index?id=${m.senderId}` });
      } else if (kind === 'mention') this.mention(m);
      else if (kind === 'imageload') this.followImage(key);
      else if (kind === 'receipt' && this.data.isGroup)
        wx.navigateTo({ url: `/pages/receipts/index?messageId=${m.id}` });
      else if (kind === 'image' && m.fileId) void this.previewImage(m.id);
      else if (kind === 'file' && m.fileId) void this.openFile(m.id);
      else if (kind === 'longpress') this.showActions(m);
    },

    /** Long-press on someone's avatar in a group: "@name " into the composer, as WeChat does. */
    mention(m: Message) {
      const st = this.st();
      if (!this.data.isGroup || !m.senderId || m.senderId === st.me || this.data.inputDisabled) return;
      st.mentions.pick(m.senderId, m.senderName);
      this.setData({ text: `${this.data.text}@${m.senderName} ` });
    },

    /**
     * An image gets its height only once loaded: when it is among the newest rows and the view was
     * following the newest, scroll to the end again so the image is not cut off.
     */
    followImage(key: string) {
      const rows = this.data.rows;
      const near = rows.slice(-3).some((r) => r.key === key);
      if (!near || !this.atBottom() || !rows.length) return;
      const last = `m${rows[rows.length - 1].key}`;
      // scroll-into-view only acts on a change: clear it, then name the last row again.
      this.setData({ scrollInto: '' });
      this.setData({ scrollInto: last });
    },

    async previewImage(messageId: string) {
      try {
        const url = await this.st().links.one(messageId);
        if (url) await wx.previewImage({ urls: [url], current: url });
        else wx.showToast({ title: '图片已失效', icon: 'none' });
      } catch (e) {
        wx.showToast({ title: errorMessage(e), icon: 'none' });
      }
    },

    /** Storage refuses client reads: the link comes from messages.fileUrls after a membership check. */
    async openFile(messageId: string) {
      try {
        const url = await this.st().links.one(messageId);
        if (!url) {
          wx.showToast({ title: '文件已失效', icon: 'none' });
          return;
        }
        await wx.openDocument({ filePath: await downloadUrl(url), showMenu: true });
      } catch (e) {
        wx.showToast({ title: errorMessage(e), icon: 'none' });
      }
    },

    showActions(m: Message) {
      const st = this.st();
      if (m.recalled || m.removed || m.type === 'system') return;
      const d = st.detail;
      const actions: { label: string; run: () => void }[] = [];
      if (m.type === 'text')
        actions.push({ label: '复制', run: () => wx.setClipboardData({ data: m.text ?? '' }) });
      // Only my own messages carry a recall deadline (domain/recall.ts decides it).
      if (m.recallDeadline !== undefined && Date.now() <= m.recallDeadline)
        actions.push({ label: '撤回', run: () => void this.recall(m) });
      if (d?.type === 'group' && (m.senderId === st.me || d.canManage))
        actions.push({
          label: '查看已读',
          run: () => wx.navigateTo({ url: `/pages/receipts/index?messageId=${m.id}` }),
        });
      if (!actions.length) return;
      wx.showActionSheet({
        itemList: actions.map((a) => a.label),
        success: (res) => actions[res.tapIndex]?.run(),
      });
    },

    async recall(m: Message) {
      const st = this.st();
      try {
        const { notice } = await call('messages', 'recall', { messageId: m.id });
        st.sync.timeline.retract(m.id, 'recalled', notice);
        this.render(false);
      } catch (e) {
        wx.showToast({ title: errorMessage(e), icon: 'none' });
      }
    },

    /** 聊天信息: a group's settings, or a one-to-one chat's (the colleague, search, 置顶, 免打扰). */
    onInfo() {
      if (this.data.infoUrl) wx.navigateTo({ url: this.data.infoUrl });
    },

    onBack() {
      wx.navigateBack({ fail: () => wx.switchTab({ url: '/pages/chats/index' }) });
    },

    onAnnouncement() {
      wx.showModal({ title: '群公告', content: this.data.announcement, showCancel: false });
    },
  },
});
