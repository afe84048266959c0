// 消息 tab: my conversations, pinned first then most recent, with unread badges, [有人@我] and
// the tab-bar total (muted chats excluded, counted by the server). Long-press a row (or swipe it)
// for 置顶聊天, 标为未读/已读, 消息免打扰 and 不显示该聊天 — my own settings, kept by the cloud
// (groups.setPrefs) so every device shows the same list. Live: it watches only my own member
// records, each carrying its conversation's head (memberRows.ts, database-rules/README.md): a new
// message, a read on another device, a setting changed elsewhere recompute that one row from the
// push, with no function call; groups.list is reloaded only for what a record cannot say (a chat
// new to the list, a hidden one coming back, a reconnect).
//
// The view is windowed (utils/rowWindow.ts): rows have one fixed height and only those near the
// viewport are rendered into a fixed pool of slots, so 1,000 chats cost the WXML nodes of ~25
// rows and a chat moving to the top is one small setData (applyRowChange). The first page of
// groups.list is shown as soon as it arrives; the rest follow without touching what is on screen.
import type { ConversationListItem, ConversationListPage } from '../../../typings/api';
import { allDrafts } from '../../services/drafts';
import { call, errorMessage } from '../../services/cloud';
import { coalesce, live, type Live } from '../../services/realtime';
import { askOnTap } from '../../services/notifications';
import { ensureBound } from '../../services/session';
import { RowWindow, type Patch } from '../../utils/rowWindow';
import { changeFor } from './memberRows';
import { badgeText, rowMenu, toRow, type ChatRow, type RowAction } from './rows';

/** The first page is small (a screenful and some): it is what the user waits for. */
const FIRST_PAGE = 30;
const PAGE = 100;
/** Up to 1,000 chats: the first page, then pages of 100. */
const MAX_PAGES = 11;
/** The height of a row (index.wxss .slot/.row), in rpx. */
const ROW_RPX = 144;
/** Rows rendered beyond each edge of the screen. */
const OVERSCAN = 6;

function screen(): { rowPx: number; height: number } {
  let width = 375;
  let height = 667;
  try {
    const info = wx.getSystemInfoSync();
    width = info.windowWidth || width;
    height = info.windowHeight || height;
  } catch {
    // keep the defaults
  }
  return { rowPx: (ROW_RPX * width) / 750, height };
}

/** The list's order (groups.list's): pinned first, then the most recent, then by id. */
const before = (a: ConversationListItem, b: ConversationListItem): boolean =>
  a.pinned !== b.pinned ? !!a.pinned : a.updatedAt !== b.updatedAt ? a.updatedAt > b.updatedAt : a.id < b.id;

interface Internals {
  me: string;
  items: ConversationListItem[];
  /** Chats I hid: watched too, so their next message brings them back. */
  hiddenIds: string[];
  win: RowWindow<ChatRow>;
  rowPx: number;
  viewport: number;
  /** The first page, asked for while the binding is checked (onShow). */
  firstPage: Promise<ConversationListPage> | null;
  memberLive: Live | null;
  reload: () => Promise<void>;
}

Component({
  data: {
    /** The window's slots (utils/rowWindow.ts): each holds a row and its y, or nothing. */
    slots: [] as Record<string, unknown>[],
    listHeight: 0,
    count: 0,
    loading: true,
    error: '',
    menuOpen: false,
    confirmDelete: false,
    deleteName: '',
  },
  methods: {
    st(): Internals {
      const self = this as unknown as { _st?: Internals };
      const { rowPx, height } = screen();
      self._st ??= {
        me: '',
        items: [],
        hiddenIds: [],
        win: new RowWindow<ChatRow>({
          capacity: Math.ceil(height / rowPx) + 1 + 2 * OVERSCAN,
          rowHeight: rowPx,
          overscan: OVERSCAN,
        }),
        rowPx,
        viewport: height,
        firstPage: null,
        memberLive: null,
        reload: coalesce(() => this.load()),
      };
      return self._st;
    },

    onLoad() {
      const st = this.st();
      this.setData({ slots: st.win.initialSlots(), ...st.win.scroll(0, st.viewport) });
    },

    async onShow() {
      const st = this.st();
      // Asked at once, alongside the binding check: the first rows wait for one round trip, not two.
      const firstPage = call('groups', 'list', { limit: FIRST_PAGE });
      firstPage.catch(() => undefined); // not bound: ensureBound redirects, the page is dropped
      st.firstPage = firstPage;
      try {
        const me = await ensureBound();
        if (!me) return;
        st.me = me.employee?.id ?? '';
      } catch (e) {
        this.setData({ loading: false, error: errorMessage(e) });
        return;
      }
      await st.reload();
      this.watchMembers();
    },

    /** Tab switched or a chat opened: stop the pushes; onShow reloads and watches again. */
    onHide() {
      this.closeWatches();
    },

    onUnload() {
      this.closeWatches();
    },

    closeWatches() {
      const st = this.st();
      st.memberLive?.close();
      st.memberLive = null;
    },

    async load() {
      const st = this.st();
      try {
        let cursor: string | null = null;
        const items: ConversationListItem[] = [];
        for (let i = 0; i < MAX_PAGES; i++) {
          const prefetched = i === 0 ? st.firstPage : null;
          st.firstPage = null;
          const page: ConversationListPage = await (prefetched ??
            call('groups', 'list', { limit: i === 0 ? FIRST_PAGE : PAGE, ...(cursor ? { cursor } : {}) }));
          items.push(...page.items);
          cursor = page.nextCursor;
          if (i === 0) {
            // The first rows on screen at once; later pages land below them.
            st.hiddenIds = page.hiddenIds ?? [];
            st.items = cursor ? [...items, ...st.items.slice(items.length)] : items;
            this.show({ loading: false, error: '' }, st.win.length === 0);
            this.setBadge(page.totalUnread ?? 0);
          }
          if (!cursor) break;
        }
        if (items.length !== st.items.length || items.some((x, i) => x !== st.items[i])) {
          st.items = items;
          this.show();
        }
      } catch (e) {
        this.setData({ loading: false, error: errorMessage(e) });
      }
    },

    /**
     * The whole list (re)computed; only the slots whose row changed go out, in one setData.
     * `screenFirst` (an empty list filling): the rows on screen go first and the rows just beyond
     * it once those are drawn, so the first screen does not wait for rows nobody sees yet.
     */
    show(extra: Record<string, unknown> = {}, screenFirst = false) {
      const st = this.st();
      const now = Date.now();
      const drafts = allDrafts();
      const onScreen = Math.ceil(st.viewport / st.rowPx) + 1;
      const rows = (screenFirst ? st.items.slice(0, onScreen) : st.items).map((c) =>
        toRow(c, st.me, now, drafts[c.id]),
      );
      const patch = { ...st.win.set(rows), ...extra };
      if (screenFirst && rows.length < st.items.length) this.setData(patch, () => this.show());
      else this.send(patch);
    },

    send(patch: Patch) {
      if (Object.keys(patch).length) this.setData(patch);
    },

    /**
     * One conversation changed (a new message, a read on another device, a setting): its row is
     * recomputed and moved to where the list's order puts it, in ONE small setData (the row's
     * content, a y per shifted row). The tab badge follows. For live list sources.
     */
    applyRowChange(item: ConversationListItem) {
      const st = this.st();
      const rest = st.items.filter((x) => x.id !== item.id);
      let to = rest.findIndex((x) => before(item, x));
      if (to < 0) to = rest.length;
      rest.splice(to, 0, item);
      st.items = rest;
      this.send(st.win.upsert(toRow(item, st.me, Date.now(), allDrafts()[item.id]), to));
      this.setBadge(st.items.reduce((n, x) => n + (x.muted ? 0 : x.unread), 0));
    },

    /** A conversation left the list (hidden, left, disabled): one setData. */
    removeRow(id: string) {
      const st = this.st();
      st.items = st.items.filter((x) => x.id !== id);
      this.send(st.win.remove(id));
    },

    onPageScroll(e: { scrollTop: number }) {
      const st = this.st();
      this.send(st.win.scroll(e.scrollTop, st.viewport));
    },

    setBadge(total: number) {
      const text = badgeText(total);
      try {
        if (text) wx.setTabBarBadge({ index: 0, text });
        else wx.removeTabBarBadge({ index: 0 });
      } catch {
        // Not a tab page in some hosts (tests open it directly).
      }
    },

    /**
     * My member records: each pushed one recomputes its own row (applyRowChange, one small
     * setData) or takes it out; a record the list cannot place reloads groups.list.
     */
    watchMembers() {
      const st = this.st();
      if (st.memberLive || !st.me) return;
      let connected = false;
      st.memberLive = live({
        collection: 'members',
        where: () => ({ employeeId: st.me }),
        onSnapshot: (s) => {
          // The first init follows onShow's own load; a reconnect's may have missed anything.
          if (s.type === 'init') {
            if (connected) void st.reload();
            connected = true;
            return;
          }
          for (const c of s.docChanges) {
            const next = changeFor(st.items, c, st.me);
            if (next.kind === 'reload') {
              void st.reload();
              return;
            }
            if (next.kind === 'row') this.applyRowChange(next.item);
            else if (next.kind === 'drop') this.removeRow(next.id);
          }
        },
      });
    },

    onRetry() {
      this.setData({ loading: true, error: '' });
      void this.st().reload();
    },

    onOpen(e: WechatMiniprogram.TouchEvent) {
      // Opening a chat is a natural moment to keep notifications on (quiet when enough are banked).
      void askOnTap();
      const { id } = e.currentTarget.dataset as { id: string };
      wx.navigateTo({ url: `/pages/chat/index?id=${id}` });
    },

    onSearch() {
      wx.navigateTo({ url: '/pages/search/index' });
    },

    onMenu() {
      this.setData({ menuOpen: true });
    },

    onMenuClose() {
      this.setData({ menuOpen: false });
    },

    onMenuSelect() {
      this.setData({ menuOpen: false });
      wx.navigateTo({ url: '/pages/group-create/index' });
    },

    onMarkRead(e: WechatMiniprogram.TouchEvent) {
      const { id } = e.currentTarget.dataset as { id: string };
      return this.apply(id, 'read');
    },

    /** Long-press on a row: WeChat's menu of my own settings for that chat. */
    async onRowMenu(e: WechatMiniprogram.TouchEvent) {
      const { id } = e.currentTarget.dataset as { id: string };
      const c = this.st().items.find((x) => x.id === id);
      if (!c) return;
      const menu = rowMenu(c);
      let tapIndex: number;
      try {
        ({ tapIndex } = await wx.showActionSheet({ itemList: menu.map((m) => m.label) }));
      } catch {
        return; // cancelled
      }
      await this.apply(id, menu[tapIndex].action);
    },

    async apply(id: string, action: RowAction, row?: ConversationListItem) {
      const st = this.st();
      const c = row ?? st.items.find((x) => x.id === id);
      if (!c) return;
      try {
        if (action === 'read') {
          if (c.markedUnread) await call('groups', 'setPrefs', { conversationId: id, unread: false });
          if (c.lastMessage)
            await call('messages', 'markRead', { conversationId: id, seq: c.lastMessage.seq });
        } else if (action === 'unread')
          await call('groups', 'setPrefs', { conversationId: id, unread: true });
        else if (action === 'pin' || action === 'unpin')
          await call('groups', 'setPrefs', { conversationId: id, pinned: action === 'pin' });
        else if (action === 'mute' || action === 'unmute')
          await call('groups', 'setPrefs', { conversationId: id, muted: action === 'mute' });
        // Up to what this row showed: a message that arrived meanwhile keeps the chat listed.
        else if (action === 'hide')
          await call('groups', 'setPrefs', {
            conversationId: id,
            hidden: true,
            seq: c.lastMessage?.seq ?? 0,
          });
        await st.reload();
      } catch (err) {
        wx.showToast({ title: errorMessage(err), icon: 'none' });
        if (row) await st.reload(); // an optimistic removal that did not stick comes back
      }
    },

    onAskDelete(e: WechatMiniprogram.TouchEvent) {
      const { id, name } = e.currentTarget.dataset as { id: string; name: string };
      (this as unknown as { _deleting: string })._deleting = id;
      this.setData({ confirmDelete: true, deleteName: name });
    },

    /** 删除 = 不显示该聊天: hidden by the cloud until the chat's next message, on every device. */
    onDeleteConfirm() {
      const st = this.st();
      const id = (this as unknown as { _deleting: string })._deleting;
      const row = st.items.find((x) => x.id === id);
      // Gone at once; the cloud call then makes it stick (and a failure brings it back).
      this.setData({ confirmDelete: false });
      this.removeRow(id);
      return row ? this.apply(id, 'hide', row) : undefined;
    },

    onDeleteCancel() {
      this.setData({ confirmDelete: false });
    },
  },
});
