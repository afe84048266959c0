// 消息 tab: my conversations, pinned first then most recent, with unread badges, [有人@我] and
// the tab-bar total (muted chats excluded, counted by the server). Long-press a row (or swipe it)
// for 置顶聊天, 标为未读/已读, 消息免打扰 and 不显示该聊天 — my own settings, kept by the cloud
// (groups.setPrefs) so every device shows the same list. Live: it watches my member records (joins, removals, reads on another device) and my
// conversations' documents (new messages bump lastSeq), and reloads groups.list — one
// request, constant cost — at most once per burst of snapshots.
import type { ConversationListItem, ConversationListPage } from '../../../typings/api';
import { allDrafts } from '../../services/drafts';
import { call, errorMessage } from '../../services/cloud';
import { coalesce, live, type Live } from '../../services/realtime';
import { askOnTap } from '../../services/notifications';
import { ensureBound } from '../../services/session';
import { badgeText, rowMenu, toRow, type ChatRow, type RowAction } from './rows';

const PAGE_ROWS = 40;
const MAX_PAGES = 10;

interface Internals {
  me: string;
  items: ConversationListItem[];
  /** Chats I hid: watched too, so their next message brings them back. */
  hiddenIds: string[];
  shown: number;
  watchedIds: string;
  /**
   * Every conversation I am a member of, listed or not: a group an admin disabled drops out of
   * groups.list but stays watched, so its re-enabling brings it back into an open list.
   */
  memberOf: string[];
  convLive: Live | null;
  memberLive: Live | null;
  reload: () => Promise<void>;
}

Component({
  data: {
    rows: [] as ChatRow[],
    loading: true,
    error: '',
    more: false,
    menuOpen: false,
    confirmDelete: false,
    deleteName: '',
  },
  methods: {
    st(): Internals {
      const self = this as unknown as { _st?: Internals };
      self._st ??= {
        me: '',
        items: [],
        hiddenIds: [],
        shown: PAGE_ROWS,
        watchedIds: '',
        memberOf: [],
        convLive: null,
        memberLive: null,
        reload: coalesce(() => this.load()),
      };
      return self._st;
    },

    onLoad() {
      this.st();
    },

    async onShow() {
      const st = this.st();
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
      st.convLive?.close();
      st.memberLive?.close();
      st.convLive = null;
      st.memberLive = null;
      st.watchedIds = '';
    },

    async load() {
      const st = this.st();
      try {
        let cursor: string | null = null;
        const items: ConversationListItem[] = [];
        let total = 0;
        for (let i = 0; i < MAX_PAGES; i++) {
          const page: ConversationListPage = await call('groups', 'list', {
            limit: 100,
            ...(cursor ? { cursor } : {}),
          });
          items.push(...page.items);
          if (i === 0) {
            total = page.totalUnread ?? 0;
            st.hiddenIds = page.hiddenIds ?? [];
          }
          cursor = page.nextCursor;
          if (!cursor) break;
        }
        st.items = items;
        this.show();
        this.setData({ loading: false, error: '' });
        this.setBadge(total);
        this.watchConversations();
      } catch (e) {
        this.setData({ loading: false, error: errorMessage(e) });
      }
    },

    show() {
      const st = this.st();
      const now = Date.now();
      const drafts = allDrafts();
      this.setData({
        rows: st.items.slice(0, st.shown).map((c) => toRow(c, st.me, now, drafts[c.id])),
        more: st.items.length > st.shown,
      });
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

    watchConversations() {
      const st = this.st();
      const ids = [...new Set([...st.items.map((c) => c.id), ...st.memberOf, ...st.hiddenIds])];
      const key = ids.slice().sort().join(',');
      if (key === st.watchedIds && st.convLive) return;
      st.watchedIds = key;
      st.convLive?.close();
      st.convLive = null;
      if (!ids.length) return;
      st.convLive = live({
        collection: 'conversations',
        where: (db) => ({ _id: db.command.in(ids) }),
        onSnapshot: (s) => {
          if (s.type !== 'init') void st.reload();
        },
        // A conversation I left: my member records' watch brings the new list.
        onDenied: () => void st.reload(),
      });
    },

    watchMembers() {
      const st = this.st();
      if (st.memberLive || !st.me) return;
      st.memberLive = live({
        collection: 'members',
        where: () => ({ employeeId: st.me }),
        onSnapshot: (s) => {
          st.memberOf = s.docs.map((d) => String(d.conversationId));
          if (s.type !== 'init') void st.reload();
          else this.watchConversations();
        },
      });
    },

    onReachBottom() {
      const st = this.st();
      if (!this.data.more) return;
      st.shown += PAGE_ROWS;
      this.show();
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
      st.items = st.items.filter((x) => x.id !== id);
      this.setData({ confirmDelete: false });
      this.show();
      return row ? this.apply(id, 'hide', row) : undefined;
    },

    onDeleteCancel() {
      this.setData({ confirmDelete: false });
    },
  },
});
