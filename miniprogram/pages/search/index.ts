// Search chat history (爬楼 no more): in one chat when opened with ?conversationId=, else across
// all my chats. The server decides the scope (only conversations I am in, only since I joined).
import type { SearchHit } from '../../../typings/api';
import { call, errorMessage } from '../../services/cloud';
import { listTime } from '../../utils/time';
import { highlight, type Segment } from './highlight';

interface ResultRow {
  key: string;
  conversationId: string;
  conversationName: string;
  seq: number;
  senderName: string;
  time: string;
  segments: Segment[];
}

const toRows = (items: SearchHit[], keyword: string, now: number): ResultRow[] =>
  items.map((h) => ({
    key: h.message.id,
    conversationId: h.conversation.id,
    conversationName: h.conversation.name,
    seq: h.message.seq,
    senderName: h.message.senderName,
    time: listTime(h.message.createdAt, now),
    segments: highlight(
      h.message.type === 'file' ? `[文件] ${h.message.fileName ?? ''}` : (h.message.text ?? ''),
      keyword,
    ),
  }));

Component({
  data: {
    keyword: '',
    scoped: false,
    rows: [] as ResultRow[],
    loading: false,
    error: '',
    searched: false,
    nextCursor: null as string | null,
  },
  methods: {
    onLoad(query: Record<string, string>) {
      (this as unknown as { _conversationId: string })._conversationId = query.conversationId ?? '';
      this.setData({ scoped: !!query.conversationId });
      wx.setNavigationBarTitle({ title: query.conversationId ? '查找聊天记录' : '搜索' });
    },

    onChange(e: { detail: string }) {
      this.setData({ keyword: e.detail });
    },

    onSearch(e?: { detail?: unknown }) {
      const keyword = (typeof e?.detail === 'string' ? e.detail : this.data.keyword).trim();
      this.setData({ keyword, rows: [], nextCursor: null, searched: false });
      if (keyword) void this.fetch(null);
    },

    async fetch(cursor: string | null) {
      const keyword = this.data.keyword.trim();
      const conversationId = (this as unknown as { _conversationId: string })._conversationId;
      this.setData({ loading: true, error: '' });
      try {
        const page = await call('messages', 'search', {
          keyword,
          limit: 20,
          ...(conversationId ? { conversationId } : {}),
          ...(cursor ? { cursor } : {}),
        });
        if (keyword !== this.data.keyword.trim()) return;
        const rows = toRows(page.items, keyword, Date.now());
        // Appending a page: path-set the new rows only instead of re-sending the whole list.
        const start = cursor ? this.data.rows.length : 0;
        const patch: Record<string, unknown> = {
          loading: false,
          searched: true,
          nextCursor: page.nextCursor,
        };
        if (!cursor) patch.rows = rows;
        else rows.forEach((r, i) => (patch[`rows[${start + i}]`] = r));
        this.setData(patch);
      } catch (e) {
        this.setData({ loading: false, error: errorMessage(e) });
      }
    },

    onReachBottom() {
      if (this.data.nextCursor && !this.data.loading) void this.fetch(this.data.nextCursor);
    },

    onRetry() {
      void this.fetch(this.data.rows.length ? this.data.nextCursor : null);
    },

    onOpen(e: WechatMiniprogram.TouchEvent) {
      // The chat opens positioned at the hit (loaded around its seq), not at the newest message.
      const { id, seq } = e.currentTarget.dataset as { id: string; seq: number };
      wx.navigateTo({ url: `/pages/chat/index?id=${id}${seq ? `&seq=${seq}` : ''}` });
    },
  },
});
