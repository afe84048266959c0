// Who has read a message (?messageId=): 已读 / 未读 tabs, paged. The server allows the sender and
// the group's owner/admins only — how a store manager checks that a notice reached everyone.
import type { ReceiptPerson } from '../../../typings/api';
import { call } from '../../services/cloud';
import { loadPage } from '../../utils/pageLoad';

Component({
  data: {
    tab: 1,
    readCount: 0,
    unreadCount: 0,
    read: [] as ReceiptPerson[],
    unread: [] as ReceiptPerson[],
    loading: true,
    error: '',
    nextCursor: null as string | null,
  },
  methods: {
    onLoad(query: Record<string, string>) {
      (this as unknown as { _messageId: string })._messageId = query.messageId ?? '';
      void this.fetch(null);
    },

    fetch(cursor: string | null) {
      const messageId = (this as unknown as { _messageId: string })._messageId;
      return loadPage(this, async () => {
        const page = await call('messages', 'receipts', {
          messageId,
          limit: 50,
          ...(cursor ? { cursor } : {}),
        });
        const patch: Record<string, unknown> = {
          readCount: page.readCount,
          unreadCount: page.unreadCount,
          nextCursor: page.nextCursor,
        };
        if (!cursor) {
          patch.read = page.read;
          patch.unread = page.unread;
        } else {
          // Append by path so a 1,000-person group never re-sends the rows already shown.
          page.read.forEach((r, i) => (patch[`read[${this.data.read.length + i}]`] = r));
          page.unread.forEach((r, i) => (patch[`unread[${this.data.unread.length + i}]`] = r));
        }
        return patch;
      });
    },

    onTab(e: WechatMiniprogram.CustomEvent<{ index: number }>) {
      this.setData({ tab: e.detail.index });
    },

    /** A row opens the colleague's card, as every person row does. */
    openProfile(e: WechatMiniprogram.TouchEvent) {
      const id = (e.currentTarget.dataset as { id?: string }).id;
      if (id) wx.navigateTo({ url: `/pages/profile/index?id=${id}` });
    },

    onReachBottom() {
      if (this.data.nextCursor && !this.data.loading) void this.fetch(this.data.nextCursor);
    },

    onRetry() {
      void this.fetch(null);
    },
  },
});
