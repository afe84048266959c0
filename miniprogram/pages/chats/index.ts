// 消息 tab: my conversations, most recent first, with unread badges, [有人@我] and the tab-bar
// total. Live: it watches my member records (joins, removals, reads on another device) and my
// conversations' documents (new messages bump lastSeq), and reloads groups.list — one
// request, constant cost — at most once per burst of snapshots.
import type { ConversationListItem, ConversationListPage } from '../../../typings/api';
import { allDrafts } from '../../services/drafts';
import { call, errorMessage } from '../../services/cloud';
import { coalesce, live, type Live } from '../../services/realtime';
import { ensureBound } from '../../services/session';
import { badgeText, toRow, type ChatRow } from './rows';

const PAGE_ROWS = 40;
const MAX_PAGES = 10;
const HIDDEN_KEY = 'chats.hidden';

interface Internals {
  me: string;
  items: ConversationListItem[];
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

/** Rows removed from the list by swipe → 删除 reappear when a newer message arrives. */
function hiddenMap(): Record<string, number> {
  try {
    const v = wx.getStorageSync(HIDDEN_KEY) as Record<string, number> | '';
    return v && typeof v === 'object' ? v : {};
  } catch {
    return {};
  }
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
          if (i === 0) total = page.totalUnread ?? 0;
          cursor = page.nextCursor;
          if (!cursor) break;
        }
        st.items = items;
        this.show();
        this.setData({ loading: false, error: '' });
        this.setBadge(total || items.reduce((s, c) => s + c.unread, 0));
        this.watchConversations();
      } catch (e) {
        this.setData({ loading: false, error: errorMessage(e) });
      }
    },

    show() {
      const st = this.st();
      const hidden = hiddenMap();
      const now = Date.now();
      const visible = st.items.filter((c) => !(hidden[c.id] >= c.updatedAt));
      const drafts = allDrafts();
      this.setData({
        rows: visible.slice(0, st.shown).map((c) => toRow(c, st.me, now, drafts[c.id])),
        more: visible.length > st.shown,
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
      const ids = [...new Set([...st.items.map((c) => c.id), ...st.memberOf])];
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

    async onMarkRead(e: WechatMiniprogram.TouchEvent) {
      const st = this.st();
      const { id } = e.currentTarget.dataset as { id: string };
      const c = st.items.find((x) => x.id === id);
      if (!c?.lastMessage) return;
      try {
        await call('messages', 'markRead', { conversationId: id, seq: c.lastMessage.seq });
        await st.reload();
      } catch (err) {
        wx.showToast({ title: errorMessage(err), icon: 'none' });
      }
    },

    onAskDelete(e: WechatMiniprogram.TouchEvent) {
      const { id, name } = e.currentTarget.dataset as { id: string; name: string };
      (this as unknown as { _deleting: string })._deleting = id;
      this.setData({ confirmDelete: true, deleteName: name });
    },

    onDeleteConfirm() {
      const st = this.st();
      const id = (this as unknown as { _deleting: string })._deleting;
      const c = st.items.find((x) => x.id === id);
      if (c) {
        const hidden = hiddenMap();
        hidden[id] = c.updatedAt;
        wx.setStorageSync(HIDDEN_KEY, hidden);
      }
      this.setData({ confirmDelete: false });
      this.show();
    },

    onDeleteCancel() {
      this.setData({ confirmDelete: false });
    },
  },
});
