// Chat page (?id=). Loads the newest page of history, then stays live by watching the
// conversation document (database-rules: members only): a higher lastSeq → messages.since, a
// lastRetract → that bubble becomes a recall/removal line, muteAll/status/announcement → banners.
// Only a window of rows (WINDOW) is ever in `data`; scrolling moves the window and fetches older
// pages, anchored with scroll-into-view so the view does not jump.
// Opened with &seq= (a search hit), it loads a page on each side of that message instead of the
// newest page, scrolls it into view and highlights it; the timeline is then marked `hasNewer`:
// live pushes do not fetch (that would load the whole gap at once), scrolling down fetches the
// next page through `since`, and once a `since` page reaches the end the page is live again.
import type { ConversationDetail, GroupMember, Message } from '../../../typings/api';
import { call, CloudError, errorMessage } from '../../services/cloud';
import { coalesce, live, type Live, type Snapshot } from '../../services/realtime';
import { downloadUrl, FileLinks, storedName, uploadFile } from '../../services/files';
import { loadMe } from '../../services/session';
import { ChatTimeline, type PendingMessage, type RowContext } from './timeline';

export const WINDOW = 50;
export const STEP = 25;
export const PAGE = 30;
const RECALL_WINDOW_MS = 2 * 60 * 1000;
export const HIGHLIGHT_MS = 2000;

interface ConversationHead {
  lastSeq?: number;
  name?: string;
  memberCount?: number;
  muteAll?: boolean;
  status?: string;
  announcement?: string;
  ownerId?: string | null;
  adminIds?: string[];
  lastRetract?: { messageId: string; kind: 'recalled' | 'removed' } | null;
}

/** Per-page state that never goes through setData. */
interface Internals {
  conversationId: string;
  me: string;
  myName: string;
  timeline: ChatTimeline;
  start: number;
  detail: ConversationDetail | null;
  receipts: Record<string, { readCount: number; unreadCount: number }>;
  links: FileLinks;
  live: Live | null;
  visible: boolean;
  catchUp: () => Promise<void>;
  refreshReceipts: () => Promise<void>;
  markRead: () => Promise<void>;
  readSeq: number;
  picked: { id: string; name: string }[];
  mentionAll: boolean;
  members: GroupMember[];
  membersCursor: string | null;
  /** Paging in every member before a picker search; shared so fast typing starts it once. */
  allMembers: Promise<void> | null;
  pickerKeyword: string;
  lastRetractId: string;
  /** The search hit to open at (0 = open at the newest). */
  targetSeq: number;
  highlightTimer: ReturnType<typeof setTimeout> | null;
}

let clientSeq = 0;
const newClientMsgId = (): string =>
  `${Date.now().toString(36)}${(clientSeq++).toString(36)}${Math.random().toString(36).slice(2, 8)}`;

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
    isGroup: false,
    canMentionAll: false,
    pickerOpen: false,
    pickerRows: [] as { id: string; name: string; sub: string }[],
    pickerMore: false,
    pickerKeyword: '',
    pickerLoading: false,
    infoUrl: '',
  },
  methods: {
    st(): Internals {
      return (this as unknown as { _st: Internals })._st;
    },

    async onLoad(query: Record<string, string>) {
      const self = this as unknown as { _st: Internals };
      self._st = {
        conversationId: query.id ?? '',
        me: '',
        myName: '',
        timeline: new ChatTimeline(),
        start: 0,
        detail: null,
        receipts: {},
        links: new FileLinks(query.id ?? ''),
        live: null,
        visible: true,
        catchUp: coalesce(() => this.catchUpNow()),
        refreshReceipts: coalesce(() => this.refreshReceiptsNow()),
        markRead: coalesce(() => this.markReadNow()),
        readSeq: 0,
        picked: [],
        mentionAll: false,
        members: [],
        membersCursor: null,
        allMembers: null,
        pickerKeyword: '',
        lastRetractId: '',
        targetSeq: Number(query.seq) > 0 ? Math.floor(Number(query.seq)) : 0,
        highlightTimer: null,
      };
      await this.loadFirst();
    },

    onShow() {
      const st = this.st();
      if (!st) return;
      st.visible = true;
      // Back from another page: reopen the watch; its init snapshot catches up on what we missed.
      if (st.detail && !st.live) this.watch();
      void st.markRead();
      // Others' reads do not touch the conversation document: refresh "N人未读" when coming back.
      if (st.detail) void st.refreshReceipts();
    },

    onHide() {
      const st = this.st();
      if (!st) return;
      st.visible = false;
      // A hidden page needs no push; browsers also cap open streams per origin (the preview).
      st.live?.close();
      st.live = null;
    },

    onUnload() {
      const st = this.st();
      st?.live?.close();
      if (st) st.live = null;
      if (st?.highlightTimer) clearTimeout(st.highlightTimer);
    },

    async loadFirst() {
      const st = this.st();
      this.setData({ loading: true, error: '' });
      try {
        const me = await loadMe();
        st.me = me.employee?.id ?? '';
        st.myName = me.employee?.name ?? '';
        const detail = await call('groups', 'detail', {
          conversationId: st.conversationId,
        });
        st.detail = detail;
        this.applyHead(detail);
        st.timeline = new ChatTimeline();
        if (st.targetSeq) await this.loadAround(st.targetSeq);
        else {
          const page = await call('messages', 'history', {
            conversationId: st.conversationId,
            limit: PAGE,
          });
          st.timeline.addOlder(page.items, page.hasMore);
          st.start = Math.max(0, st.timeline.length - WINDOW);
          this.render(true);
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

    /** A page on each side of `seq` (history up to and including it, since after it). */
    async loadAround(seq: number) {
      const st = this.st();
      const [older, newer] = await Promise.all([
        call('messages', 'history', {
          conversationId: st.conversationId,
          beforeSeq: seq + 1,
          limit: PAGE,
        }),
        call('messages', 'since', {
          conversationId: st.conversationId,
          afterSeq: seq,
          limit: PAGE,
        }),
      ]);
      st.timeline.addOlder(older.items, older.hasMore);
      st.timeline.addNewer(newer.items);
      st.timeline.hasNewer = newer.hasMore && newer.items.length > 0;
      if (!st.timeline.length) return this.render(true);
      // A hit before I joined is not served: the nearest message I can see stands in for it.
      const i = st.timeline.indexAtSeq(seq);
      // Some rows above the hit stay in the window so scrolling up is smooth; the hit itself is
      // scrolled into view and highlighted for a moment.
      st.start = Math.max(0, Math.min(i - STEP, st.timeline.length - WINDOW));
      const key = st.timeline.messages[i].id;
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
      const page = await call('messages', 'history', {
        conversationId: st.conversationId,
        limit: PAGE,
      });
      const fresh = new ChatTimeline();
      fresh.pending = st.timeline.pending;
      fresh.addOlder(page.items, page.hasMore);
      st.timeline = fresh;
      st.start = Math.max(0, fresh.length - WINDOW);
      this.render(true);
    },

    showClosed(e: unknown) {
      const code = e instanceof CloudError ? e.code : '';
      const closed: Record<string, string> = {
        GROUP_DISABLED: '该群已被管理员禁用',
        GROUP_DISSOLVED: '该群已解散',
        FORBIDDEN: '你已不在该群聊中',
        NOT_FOUND: '该会话已被删除',
      };
      if (closed[code])
        this.setData({ banner: closed[code], inputDisabled: true, placeholder: closed[code] });
      else this.setData({ error: errorMessage(e) });
    },

    onRetryLoad() {
      void this.loadFirst();
    },

    watch() {
      const st = this.st();
      st.live?.close();
      st.live = live({
        collection: 'conversations',
        where: () => ({ _id: st.conversationId }),
        onSnapshot: (s) => this.onSnapshot(s),
        onDenied: () =>
          this.setData({ banner: '你已不在该群聊中', inputDisabled: true, placeholder: '你已不在该群聊中' }),
      });
    },

    onSnapshot(s: Snapshot) {
      const st = this.st();
      const head = s.docs[0] as ConversationHead | undefined;
      if (!head) {
        this.setData({ banner: '该会话已被删除', inputDisabled: true });
        return;
      }
      this.applyHead(head);
      const retract = head.lastRetract;
      if (retract && retract.messageId !== st.lastRetractId) {
        st.lastRetractId = retract.messageId;
        if (st.timeline.retract(retract.messageId, retract.kind)) this.render(false);
      }
      if (s.type === 'init' || (head.lastSeq ?? 0) > st.timeline.lastSeq) void st.catchUp();
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
      for (const k of live) if (head[k] !== undefined) (d as unknown as Record<string, unknown>)[k] = head[k];
      const isGroup = d.type === 'group';
      const manager = isGroup && (d.ownerId === st.me || (d.adminIds ?? []).includes(st.me));
      let banner = '';
      if (d.status === 'disabled') banner = '该群已被管理员禁用';
      else if (d.status === 'dissolved') banner = '该群已解散';
      else if (isGroup && d.muteAll && !manager) banner = '全员禁言中';
      const reason = banner === '全员禁言中' ? '全员禁言中，仅群主和管理员可发言' : banner;
      const infoUrl =
        isGroup && d.status === 'active'
          ? `/pages/group-settings/index?id=${d.id}`
          : !isGroup && d.peer
            ? `/pages/profile/index?id=${d.peer.id}`
            : '';
      this.setData({
        infoUrl,
        isGroup,
        canMentionAll: manager,
        announcement: isGroup ? (d.announcement ?? '') : '',
        banner,
        inputDisabled: !!banner,
        placeholder: reason,
      });
      wx.setNavigationBarTitle({ title: isGroup ? `${d.name} (${d.memberCount})` : d.name });
    },

    ctx(): RowContext {
      const st = this.st();
      return {
        me: st.me,
        myName: st.myName,
        isGroup: st.detail?.type === 'group',
        now: Date.now(),
        receipts: st.receipts,
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
      this.setData({ loadingOlder: true });
      try {
        const page = await call('messages', 'history', {
          conversationId: st.conversationId,
          beforeSeq: st.timeline.firstSeq,
          limit: PAGE,
        });
        const added = st.timeline.addOlder(page.items, page.hasMore);
        // The rows that were on screen shift down by `added`; show STEP of the new ones above.
        st.start = Math.max(0, added - STEP);
        this.render(false, anchor);
      } catch (e) {
        wx.showToast({ title: errorMessage(e), icon: 'none' });
      } finally {
        this.setData({ loadingOlder: false });
      }
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
      // Opened at a search hit: the next page towards the newest, through since.
      this.setData({ loadingNewer: true });
      try {
        const page = await call('messages', 'since', {
          conversationId: st.conversationId,
          afterSeq: st.timeline.lastSeq,
          limit: PAGE,
        });
        st.timeline.addNewer(page.items);
        st.timeline.hasNewer = page.hasMore && page.items.length > 0;
        st.start = Math.min(Math.max(0, st.timeline.length - WINDOW), st.start + STEP);
        this.render(false, anchor);
        if (!st.timeline.hasNewer) {
          // Live again: pick up anything pushed meanwhile, and this is now read.
          void st.catchUp();
          void st.markRead();
          void st.refreshReceipts();
        }
      } catch (e) {
        wx.showToast({ title: errorMessage(e), icon: 'none' });
      } finally {
        this.setData({ loadingNewer: false });
      }
    },

    async catchUpNow() {
      const st = this.st();
      // Away from the newest (a search hit): scrolling down fetches, a push does not.
      if (st.timeline.hasNewer) return;
      let more = true;
      let added = 0;
      const wasAtBottom = this.atBottom();
      while (more) {
        const page = await call('messages', 'since', {
          conversationId: st.conversationId,
          afterSeq: st.timeline.lastSeq,
          limit: 100,
        });
        added += st.timeline.addNewer(page.items);
        more = page.hasMore && page.items.length > 0;
      }
      if (!added) return;
      if (wasAtBottom) st.start = Math.max(0, st.timeline.length - WINDOW);
      this.render(wasAtBottom);
      void st.markRead();
      void st.refreshReceipts();
    },

    async markReadNow() {
      const st = this.st();
      const seq = st.timeline.lastSeq;
      if (!st.visible || seq <= st.readSeq || !this.atBottom()) return;
      await call('messages', 'markRead', { conversationId: st.conversationId, seq });
      st.readSeq = seq;
    },

    async refreshReceiptsNow() {
      const st = this.st();
      if (st.detail?.type !== 'group') return;
      const ids = st.timeline
        .rows(st.start, st.start + WINDOW, this.ctx())
        .filter((r) => r.mine && r.id && r.kind === 'bubble')
        .map((r) => r.id);
      if (!ids.length) return;
      const { items } = await call('messages', 'receiptCounts', {
        conversationId: st.conversationId,
        messageIds: ids.slice(-100),
      });
      for (const c of items)
        st.receipts[c.messageId] = { readCount: c.readCount, unreadCount: c.unreadCount };
      this.render(false);
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
      st.pickerKeyword = '';
      this.setData({ pickerOpen: true, pickerKeyword: '' });
      if (!st.members.length) await this.loadMembers();
      else this.showPickerRows();
    },

    /** The next page of members (100) into st.members; no render. */
    async fetchMembers() {
      const st = this.st();
      const page = await call('groups', 'members', {
        conversationId: st.conversationId,
        limit: 100,
        ...(st.membersCursor ? { cursor: st.membersCursor } : {}),
      });
      st.members.push(...page.items.filter((m) => m.employeeId !== st.me));
      st.membersCursor = page.nextCursor;
    },

    async loadMembers() {
      try {
        await this.fetchMembers();
        this.showPickerRows();
      } catch (e) {
        wx.showToast({ title: errorMessage(e), icon: 'none' });
      }
    },

    /**
     * Search filters the group's own members on the phone (directory.members would search the
     * whole company), so a search first pages in the members not loaded yet, 100 per call.
     */
    async onPickerSearch(e: { detail: string }) {
      const st = this.st();
      const keyword = (typeof e.detail === 'string' ? e.detail : '').trim();
      st.pickerKeyword = keyword;
      if (keyword && st.membersCursor) {
        this.setData({ pickerLoading: true });
        st.allMembers ??= (async () => {
          while (st.membersCursor) await this.fetchMembers();
        })().finally(() => (st.allMembers = null));
        try {
          await st.allMembers;
        } catch (err) {
          wx.showToast({ title: errorMessage(err), icon: 'none' });
        } finally {
          this.setData({ pickerLoading: false });
        }
      }
      // A later keystroke has already rendered its own result.
      if (st.pickerKeyword === keyword) this.showPickerRows();
    },

    showPickerRows() {
      const st = this.st();
      const kw = st.pickerKeyword.toLowerCase();
      const shown = kw
        ? st.members.filter((m) => m.name.toLowerCase().includes(kw) || (m.nameInitials ?? '').includes(kw))
        : st.members;
      const rows = shown.map((m) => ({ id: m.employeeId, name: m.name, sub: m.position }));
      // Owner/admins keep 所有人 on top whatever the keyword.
      if (this.data.canMentionAll) rows.unshift({ id: 'all', name: '所有人', sub: '' });
      this.setData({
        pickerRows: rows,
        pickerKeyword: st.pickerKeyword,
        pickerMore: !kw && !!st.membersCursor,
      });
    },

    onPickerMore() {
      void this.loadMembers();
    },

    onPick(e: WechatMiniprogram.TouchEvent) {
      const st = this.st();
      const { id, name } = e.currentTarget.dataset as { id: string; name: string };
      if (id === 'all') st.mentionAll = true;
      else if (!st.picked.some((p) => p.id === id)) st.picked.push({ id, name });
      this.setData({ text: `${this.data.text}${name} `, pickerOpen: false });
    },

    onPickerClose() {
      this.setData({ pickerOpen: false });
    },

    mentionsFor(text: string): string[] | 'all' | undefined {
      const st = this.st();
      if (st.mentionAll && text.includes('@所有人')) return 'all';
      const ids = st.picked.filter((p) => text.includes(`@${p.name}`)).map((p) => p.id);
      return ids.length ? ids : undefined;
    },

    onSend() {
      const text = this.data.text;
      if (!text.trim() || this.data.inputDisabled) return;
      const st = this.st();
      const mentions = this.mentionsFor(text);
      st.picked = [];
      st.mentionAll = false;
      this.setData({ text: '' });
      void this.sendPending({
        clientMsgId: newClientMsgId(),
        type: 'text',
        text,
        ...(mentions ? { mentions } : {}),
        status: 'pending',
        createdAt: Date.now(),
      });
    },

    async sendPending(p: PendingMessage) {
      const st = this.st();
      if (!st.timeline.find(`p_${p.clientMsgId}`)) st.timeline.addPending(p);
      st.start = Math.max(0, st.timeline.length - WINDOW);
      this.render(true);
      try {
        // Sent from a hit's window: jump to the newest first so the timeline stays contiguous.
        await this.toLatest();
        const { message } = await call('messages', 'send', {
          conversationId: st.conversationId,
          clientMsgId: p.clientMsgId,
          type: p.type,
          ...(p.text !== undefined ? { text: p.text } : {}),
          ...(p.fileId !== undefined ? { fileId: p.fileId, fileName: p.fileName, fileSize: p.fileSize } : {}),
          ...(p.mentions ? { mentions: p.mentions } : {}),
        });
        st.timeline.addNewer([message]);
        if (this.atBottom() || st.start + WINDOW >= st.timeline.length - 1)
          st.start = Math.max(0, st.timeline.length - WINDOW);
        this.render(true);
        st.readSeq = Math.max(st.readSeq, message.seq);
        void st.catchUp();
        void st.refreshReceipts();
      } catch (e) {
        st.timeline.setPendingStatus(p.clientMsgId, 'failed');
        this.render(false);
        wx.showToast({ title: errorMessage(e), icon: 'none' });
        if (
          e instanceof CloudError &&
          ['GROUP_DISABLED', 'GROUP_DISSOLVED', 'MUTED', 'FORBIDDEN'].includes(e.code)
        )
          this.showClosed(e);
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
      const clientMsgId = newClientMsgId();
      const p: PendingMessage = {
        clientMsgId,
        type,
        fileName,
        fileSize,
        ...(type === 'image' ? { localPath: filePath } : {}),
        status: 'pending',
        createdAt: Date.now(),
      };
      st.timeline.addPending(p);
      st.start = Math.max(0, st.timeline.length - WINDOW);
      this.render(true);
      try {
        p.fileId = await uploadFile(`chat/${st.conversationId}/${st.me}`, storedName(fileName), filePath);
        await this.sendPending(p);
      } catch (e) {
        st.timeline.setPendingStatus(clientMsgId, 'failed');
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
        if (kind === 'retry' && entry.pending.status === 'failed') {
          entry.pending.status = 'pending';
          // The same clientMsgId: if the first attempt did reach the server, this returns it.
          if (entry.pending.fileId || entry.pending.type === 'text') void this.sendPending(entry.pending);
        }
        return;
      }
      const m = entry.message;
      if (kind === 'receipt') wx.navigateTo({ url: `/pages/receipts/index?messageId=${m.id}` });
      else if (kind === 'image' && m.fileId) void this.previewImage(m.id);
      else if (kind === 'file' && m.fileId) void this.openFile(m.id);
      else if (kind === 'longpress') this.showActions(m);
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
      const manager = !!d && (d.ownerId === st.me || (d.adminIds ?? []).includes(st.me));
      const actions: { label: string; run: () => void }[] = [];
      if (m.type === 'text')
        actions.push({ label: '复制', run: () => wx.setClipboardData({ data: m.text ?? '' }) });
      if (m.senderId === st.me && Date.now() - m.createdAt <= RECALL_WINDOW_MS)
        actions.push({ label: '撤回', run: () => void this.recall(m) });
      if (d?.type === 'group' && (m.senderId === st.me || manager))
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
        await call('messages', 'recall', { messageId: m.id });
        st.timeline.retract(m.id, 'recalled');
        this.render(false);
      } catch (e) {
        wx.showToast({ title: errorMessage(e), icon: 'none' });
      }
    },

    /** Group → 聊天信息 (settings); one-to-one → the colleague's card. */
    onInfo() {
      if (this.data.infoUrl) wx.navigateTo({ url: this.data.infoUrl });
    },

    onAnnouncement() {
      wx.showModal({ title: '群公告', content: this.data.announcement, showCancel: false });
    },
  },
});
