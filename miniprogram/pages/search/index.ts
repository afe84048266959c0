// Search (爬楼 no more): chat history in one chat when opened with ?conversationId=, else across
// all my chats, plus colleagues (directory.members) and my groups (groups.search) by name on the
// same page. Filters: type (文件 / 图片), sender (picked from the address book) and a date range;
// a search runs with a keyword, a filter, or both. The server decides the scope (only
// conversations I am in, only since I joined). Results: the sender's avatar and name, the time,
// the chat, the text with the keyword highlighted.
import type { MemberCard, SearchHit } from '../../../typings/api';
import { call, errorMessage } from '../../services/cloud';
import { listTime } from '../../utils/time';
import { highlight, type Segment } from './highlight';

interface ResultRow {
  key: string;
  conversationId: string;
  conversationName: string;
  seq: number;
  senderId: string;
  senderName: string;
  time: string;
  segments: Segment[];
}

interface PersonOption {
  id: string;
  name: string;
  avatar: string;
  sub: string;
}

const DAY = 86_400_000;
/** Colleagues and groups shown above the messages (the rest is one more word away). */
const TOP = 5;

const contentOf = (h: SearchHit): string =>
  h.message.type === 'file'
    ? `[文件] ${h.message.fileName ?? ''}`
    : h.message.type === 'image'
      ? '[图片]'
      : (h.message.text ?? '');

const toRows = (items: SearchHit[], keyword: string, now: number): ResultRow[] =>
  items.map((h) => ({
    key: h.message.id,
    conversationId: h.conversation.id,
    conversationName: h.conversation.name,
    seq: h.message.seq,
    senderId: h.message.senderId ?? '',
    senderName: h.message.senderName,
    time: listTime(h.message.createdAt, now),
    segments: highlight(contentOf(h), keyword),
  }));

const toPerson = (p: MemberCard): PersonOption => ({
  id: p.id,
  name: p.name,
  avatar: p.avatar ?? '',
  sub: [p.departments[0]?.name, p.position].filter(Boolean).join(' · '),
});

const day = (ms: number) => {
  const d = new Date(ms);
  return `${d.getMonth() + 1}月${d.getDate()}日`;
};

/** The newest request of each kind wins; an older answer arriving late is dropped. */
const seqs = { messages: 0, others: 0, senders: 0 };

Component({
  data: {
    keyword: '',
    scoped: false,
    rows: [] as ResultRow[],
    people: [] as PersonOption[],
    groups: [] as { id: string; name: string; memberCount: number }[],
    loading: false,
    error: '',
    searched: false,
    nextCursor: null as string | null,
    type: '' as '' | 'file' | 'image',
    senderId: '',
    senderName: '',
    from: 0,
    to: 0,
    rangeText: '',
    calendarShow: false,
    minDate: Date.now() - 365 * DAY,
    maxDate: Date.now(),
    senderShow: false,
    senderKeyword: '',
    senderOptions: [] as PersonOption[],
  },
  methods: {
    onLoad(query: Record<string, string>) {
      (this as unknown as { _conversationId: string })._conversationId = query.conversationId ?? '';
      this.setData({ scoped: !!query.conversationId });
      wx.setNavigationBarTitle({ title: query.conversationId ? '查找聊天记录' : '搜索' });
    },

    conversationId(): string {
      return (this as unknown as { _conversationId: string })._conversationId;
    },

    hasFilter(): boolean {
      return !!(this.data.type || this.data.senderId || this.data.from);
    },

    onChange(e: { detail: string }) {
      this.setData({ keyword: e.detail });
    },

    onSearch(e?: { detail?: unknown }) {
      const keyword = (typeof e?.detail === 'string' ? e.detail : this.data.keyword).trim();
      this.setData({ keyword });
      this.run();
    },

    /** Starts over with the current keyword and filters. */
    run() {
      const keyword = this.data.keyword.trim();
      this.setData({ rows: [], nextCursor: null, searched: false });
      if (keyword || this.hasFilter()) void this.fetch(null);
      else seqs.messages++;
      void this.findOthers(keyword);
    },

    /** Colleagues and groups by name (across chats only, and only for a keyword). */
    async findOthers(keyword: string) {
      const seq = ++seqs.others;
      if (!keyword || this.data.scoped) {
        this.setData({ people: [], groups: [] });
        return;
      }
      try {
        const [people, groups] = await Promise.all([
          call('directory', 'members', { keyword, limit: TOP }),
          call('groups', 'search', { keyword, limit: TOP }),
        ]);
        if (seq !== seqs.others) return;
        this.setData({ people: people.items.map(toPerson), groups: groups.items });
      } catch {
        // The messages are the page's main answer; a failed side lookup shows nothing extra.
        if (seq === seqs.others) this.setData({ people: [], groups: [] });
      }
    },

    async fetch(cursor: string | null) {
      const seq = ++seqs.messages;
      const keyword = this.data.keyword.trim();
      const conversationId = this.conversationId();
      const { type, senderId, from, to } = this.data;
      this.setData({ loading: true, error: '' });
      try {
        const page = await call('messages', 'search', {
          limit: 20,
          ...(keyword ? { keyword } : {}),
          ...(conversationId ? { conversationId } : {}),
          ...(type ? { type } : {}),
          ...(senderId ? { senderId } : {}),
          ...(from ? { from, to } : {}),
          ...(cursor ? { cursor } : {}),
        });
        if (seq !== seqs.messages) return;
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
        if (seq === seqs.messages) this.setData({ loading: false, error: errorMessage(e) });
      }
    },

    onType(e: WechatMiniprogram.TouchEvent) {
      this.setData({ type: e.currentTarget.dataset.type as '' | 'file' | 'image' });
      this.run();
    },

    onDateOpen() {
      this.setData({ calendarShow: true, maxDate: Date.now() });
    },

    onDateClose() {
      this.setData({ calendarShow: false });
    },

    onDateConfirm(e: { detail: (Date | number)[] }) {
      const [start, end] = e.detail.map((d) => new Date(d).getTime());
      // The whole last day: up to its last millisecond.
      const to = (end ?? start) + DAY - 1;
      this.setData({
        calendarShow: false,
        from: start,
        to,
        rangeText: day(start) === day(to) ? day(start) : `${day(start)}–${day(to)}`,
      });
      this.run();
    },

    onDateClear() {
      this.setData({ from: 0, to: 0, rangeText: '' });
      this.run();
    },

    onSenderOpen() {
      this.setData({ senderShow: true, senderKeyword: '', senderOptions: [] });
    },

    onSenderClose() {
      this.setData({ senderShow: false });
    },

    async onSenderKeyword(e: { detail: unknown }) {
      const keyword = typeof e.detail === 'string' ? e.detail.trim() : '';
      const seq = ++seqs.senders;
      this.setData({ senderKeyword: keyword });
      if (!keyword) {
        this.setData({ senderOptions: [] });
        return;
      }
      try {
        const page = await call('directory', 'members', { keyword, limit: 20 });
        if (seq === seqs.senders) this.setData({ senderOptions: page.items.map(toPerson) });
      } catch (err) {
        if (seq === seqs.senders) wx.showToast({ title: errorMessage(err), icon: 'none' });
      }
    },

    onSenderPick(e: WechatMiniprogram.TouchEvent) {
      const { id, name } = e.currentTarget.dataset as { id: string; name: string };
      this.setData({ senderShow: false, senderId: id, senderName: name });
      this.run();
    },

    onSenderClear() {
      this.setData({ senderId: '', senderName: '' });
      this.run();
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

    onOpenPerson(e: WechatMiniprogram.TouchEvent) {
      wx.navigateTo({ url: `/pages/profile/index?id=${e.currentTarget.dataset.id as string}` });
    },

    onOpenGroup(e: WechatMiniprogram.TouchEvent) {
      wx.navigateTo({ url: `/pages/chat/index?id=${e.currentTarget.dataset.id as string}` });
    },
  },
});
