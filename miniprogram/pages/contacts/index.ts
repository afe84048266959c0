// 通讯录 tab: instant search (name, 拼音首字母, mobile) and the organisation's top departments
// to drill into. Results page in 20 at a time as you scroll; a stale answer to an older
// keyword never overwrites a newer one.
import type { Department } from '../../../typings/api';
import { call, errorMessage } from '../../services/cloud';
import { personRow, type PersonRow } from '../../services/people';
import { ensureBound, loadDepartments } from '../../services/session';
import { loadPage } from '../../utils/pageLoad';

const SEARCH_PAGE = 20;

interface DeptRow {
  id: string;
  name: string;
  count: number;
}

let searchSeq = 0;

Component({
  data: {
    loading: true,
    error: '',
    roots: [] as DeptRow[],
    myDepartments: [] as DeptRow[],
    keyword: '',
    results: [] as PersonRow[],
    searchLoading: false,
    searchError: '',
    searchCursor: null as string | null,
  },
  methods: {
    async onShow() {
      const me = await ensureBound().catch(() => null);
      if (!me) return;
      if (!this.data.roots.length) await this.loadTree(me.employee?.departmentIds ?? []);
    },

    async onPullDownRefresh() {
      await this.loadTree([], true);
      wx.stopPullDownRefresh();
    },

    loadTree(mine: string[], force = false) {
      return loadPage(this, async () => {
        const items = await loadDepartments(force);
        const row = (d: Department): DeptRow => ({ id: d.id, name: d.name, count: d.memberCount });
        const roots = items
          .filter((d) => d.parentId === null)
          .sort((a, b) => a.order - b.order)
          .map(row);
        const myDepartments = items.filter((d) => mine.includes(d.id)).map(row);
        return { roots, ...(mine.length ? { myDepartments } : {}) };
      });
    },

    retry() {
      this.loadTree([], true);
    },

    /** Every keystroke searches: results are one small page, and old answers are dropped. */
    onSearchChange(e: { detail: unknown }) {
      const keyword = (typeof e.detail === 'string' ? e.detail : '').trim();
      this.setData({ keyword });
      return this.search(keyword, null);
    },

    onSearch(e: { detail: unknown }) {
      return this.onSearchChange(e);
    },

    onSearchClear() {
      searchSeq++;
      this.setData({ keyword: '', results: [], searchCursor: null, searchError: '', searchLoading: false });
    },

    async search(keyword: string, cursor: string | null) {
      const seq = ++searchSeq;
      if (!keyword) {
        this.setData({ results: [], searchCursor: null, searchError: '', searchLoading: false });
        return;
      }
      this.setData({ searchLoading: true, searchError: '' });
      try {
        const page = await call('directory', 'members', {
          keyword,
          limit: SEARCH_PAGE,
          ...(cursor ? { cursor } : {}),
        });
        if (seq !== searchSeq) return;
        const rows = page.items.map((p) => personRow(p, true));
        if (cursor) {
          // Append only the new page: never resend what is already on screen.
          const at = this.data.results.length;
          const patch: Record<string, unknown> = { searchLoading: false, searchCursor: page.nextCursor };
          rows.forEach((r, i) => (patch[`results[${at + i}]`] = r));
          this.setData(patch);
        } else this.setData({ results: rows, searchLoading: false, searchCursor: page.nextCursor });
      } catch (e) {
        if (seq !== searchSeq) return;
        this.setData({ searchLoading: false, searchError: errorMessage(e) });
      }
    },

    retrySearch() {
      return this.search(this.data.keyword, null);
    },

    onReachBottom() {
      const { keyword, searchCursor, searchLoading } = this.data;
      if (keyword && searchCursor && !searchLoading) return this.search(keyword, searchCursor);
    },

    openDepartment(e: WechatMiniprogram.TouchEvent) {
      wx.navigateTo({ url: `/pages/department/index?id=${e.currentTarget.dataset.id}` });
    },

    openProfile(e: WechatMiniprogram.TouchEvent) {
      wx.navigateTo({ url: `/pages/profile/index?id=${e.currentTarget.dataset.id}` });
    },
  },
});
