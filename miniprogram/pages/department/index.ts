// One department: breadcrumb trail, its sub-departments (with subtree counts) and its own
// members, paged in as you scroll; 发起部门群 starts a group of the department and everything
// below it, after showing the server's count against the cap.
//
// Size rules (WeChat's audits): each setData carries at most one page of members, and the page
// keeps well under 1,000 WXML nodes even with a 1,200-person department fully scrolled. Members
// live in chunks of one page each; only the chunks around the viewport are rendered, the others
// collapse to a spacer of the same height, so scrolling back re-renders one chunk per setData.
import type { Department, DepartmentGroupPreview } from '../../../typings/api';
import { call, errorMessage, newRequestId } from '../../services/cloud';
import { personRow, type PersonRow } from '../../services/people';
import { loadDepartments } from '../../services/session';
import { loadBoundById } from '../../utils/pageLoad';
import { perPage } from '../../utils/perPage';
import { whileBusy } from '../../utils/busy';

export const PAGE_SIZE = 30;
/** Chunks rendered on each side of the one in view. */
const WINDOW_RADIUS = 1;
/** Chunks per block: keeps every node under WeChat's 60-children audit for any department size. */
const BLOCK = 20;
const chunkPath = (i: number) => `blocks[${Math.floor(i / BLOCK)}].chunks[${i % BLOCK}]`;
/** Fixed row height (px at 375pt width: 128rpx) so hidden chunks keep their exact height. */
const ROW_PX = 64;

interface Chunk {
  items: PersonRow[];
  hidden: boolean;
  height: number;
}

interface Crumb {
  id: string;
  name: string;
}

interface DeptRow {
  id: string;
  name: string;
  count: number;
}

/** Per page instance (several department pages can be stacked): every page's member rows. */
interface PageState {
  rows: PersonRow[][];
  loadingMore: boolean;
}
const stateOf = perPage<PageState>(() => ({ rows: [], loadingMore: false }));

/** Per page instance: the last 发起部门群 preview and the request id its creation uses. */
const previews = new WeakMap<object, { preview: DepartmentGroupPreview; requestId: string }>();

function rowPx(): number {
  try {
    return (ROW_PX * wx.getSystemInfoSync().windowWidth) / 375 || ROW_PX;
  } catch {
    return ROW_PX;
  }
}

Component({
  data: {
    id: '',
    name: '',
    trail: [] as Crumb[],
    children: [] as DeptRow[],
    loading: true,
    error: '',
    blocks: [] as { chunks: Chunk[] }[],
    loaded: 0,
    memberCount: 0,
    cursor: null as string | null,
    done: false,
    moreLoading: false,
    moreError: '',
    /** 发起部门群: the server's preview of the group, shown in a dialog before creating it. */
    groupDialog: { show: false, message: '', fits: false },
    groupBusy: false,
  },
  methods: {
    onLoad: loadBoundById,

    async load() {
      stateOf(this).rows = [];
      this.setData({
        loading: true,
        error: '',
        blocks: [],
        loaded: 0,
        cursor: null,
        done: false,
        moreError: '',
      });
      try {
        const all = await loadDepartments();
        const byId = new Map(all.map((d) => [d.id, d]));
        const here = byId.get(this.data.id);
        if (!here) {
          this.setData({ loading: false, error: '该部门不存在或已被删除' });
          return;
        }
        const trail: Crumb[] = [];
        for (let d: Department | undefined = here; d; d = d.parentId ? byId.get(d.parentId) : undefined) {
          trail.unshift({ id: d.id, name: d.name });
          if (trail.length > 20) break;
        }
        const children = all
          .filter((d) => d.parentId === here.id)
          .sort((a, b) => a.order - b.order)
          .map((d) => ({ id: d.id, name: d.name, count: d.memberCount }));
        wx.setNavigationBarTitle({ title: here.name });
        this.setData({ name: here.name, trail, children, memberCount: here.memberCount });
        await this.loadMore();
        this.setData({ loading: false });
      } catch (e) {
        this.setData({ loading: false, error: errorMessage(e) });
      }
    },

    retry() {
      return this.load();
    },

    /** Fetches the next page and appends it as one new chunk: exactly one page per setData. */
    async loadMore() {
      const state = stateOf(this);
      if (state.loadingMore || this.data.done) return;
      state.loadingMore = true;
      this.setData({ moreLoading: true, moreError: '' });
      try {
        const page = await call('directory', 'members', {
          departmentId: this.data.id,
          limit: PAGE_SIZE,
          ...(this.data.cursor ? { cursor: this.data.cursor } : {}),
        });
        const rows = page.items.map((p) => personRow(p));
        const index = state.rows.length;
        if (rows.length) state.rows.push(rows);
        const patch: Record<string, unknown> = {
          cursor: page.nextCursor,
          done: page.nextCursor === null,
          moreLoading: false,
        };
        if (rows.length) {
          patch[chunkPath(index)] = { items: rows, hidden: false, height: rows.length * rowPx() };
          patch.loaded = index + 1;
        }
        this.setData(patch);
        // The newest chunk is in view at the bottom: collapse the ones that fell out of the window.
        this.applyWindow(index);
      } catch (e) {
        this.setData({ moreLoading: false, moreError: errorMessage(e) });
      } finally {
        state.loadingMore = false;
      }
    },

    onReachBottom() {
      if (!this.data.loading) return this.loadMore();
    },

    /** Shows the chunks within WINDOW_RADIUS of `center`, hides the rest; one chunk per setData. */
    applyWindow(center: number) {
      stateOf(this).rows.forEach((rows, i) => {
        const want = Math.abs(i - center) <= WINDOW_RADIUS;
        const block = (this.data.blocks as { chunks: Chunk[] }[])[Math.floor(i / BLOCK)];
        const chunk = block?.chunks[i % BLOCK];
        if (!chunk || chunk.hidden === !want) return;
        this.setData({
          [chunkPath(i)]: { items: want ? rows : [], hidden: !want, height: rows.length * rowPx() },
        });
      });
    },

    onPageScroll(e: { scrollTop: number }) {
      const { rows } = stateOf(this);
      if (!rows.length) return;
      // Header (trail + sub-departments) is above the list; approximate it by rows of the same height.
      const headerRows = 2 + this.data.children.length;
      const row = Math.max(0, Math.floor(e.scrollTop / rowPx()) - headerRows);
      const center = Math.min(rows.length - 1, Math.floor(row / PAGE_SIZE));
      this.applyWindow(center);
    },

    openCrumb(e: WechatMiniprogram.TouchEvent) {
      const id = e.currentTarget.dataset.id as string;
      if (!id) {
        wx.switchTab({ url: '/pages/contacts/index' });
        return;
      }
      if (id === this.data.id) return;
      // Walk back through the pages we drilled through when the crumb is one of them.
      const pages = getCurrentPages();
      for (let i = pages.length - 2, delta = 1; i >= 0; i--, delta++) {
        const p = pages[i] as { route?: string; options?: Record<string, string> };
        if (p.route === 'pages/department/index' && p.options?.id === id) {
          wx.navigateBack({ delta });
          return;
        }
      }
      wx.redirectTo({ url: `/pages/department/index?id=${id}` });
    },

    /**
     * 发起部门群: asks the server what a group of this department and its sub-departments would
     * hold (count against the cap, who is left out), and shows it before anything is created.
     */
    async askDepartmentGroup() {
      await whileBusy(this, 'groupBusy', async () => {
        const options = await call('groups', 'createOptions', { departmentIds: [this.data.id] });
        const preview = options.departmentPreview;
        if (!options.canCreate || !preview) {
          wx.showToast({ title: options.reason ?? '暂时无法发起群聊', icon: 'none' });
          return;
        }
        previews.set(this, { preview, requestId: newRequestId() });
        const skipped = preview.skipped ? `，另有 ${preview.skipped} 人不在使用范围内，不会加入` : '';
        const size = `“${this.data.name}”及下级部门共 ${preview.memberCount} 人（含你），群人数上限 ${preview.memberCap} 人${skipped}。`;
        this.setData({
          groupDialog: {
            show: true,
            fits: preview.fits,
            message: preview.fits
              ? `${size}\n群名称：${preview.name}\n部门人员变动时，群成员自动同步。`
              : `${size}\n${preview.reason ?? ''}`,
          },
        });
      });
    },

    closeGroupDialog() {
      this.setData({ 'groupDialog.show': false });
    },

    /** Creates the department group (one request id per preview: a second tap is a retry). */
    async createDepartmentGroup() {
      const pending = previews.get(this);
      this.setData({ 'groupDialog.show': false });
      if (!pending || !pending.preview.fits) return;
      await whileBusy(this, 'groupBusy', async () => {
        const { conversation } = await call('groups', 'create', {
          requestId: pending.requestId,
          name: pending.preview.name,
          departmentIds: [this.data.id],
          // The group follows the department by itself: joiners come in, leavers go.
          autoSync: true,
        });
        previews.delete(this);
        wx.navigateTo({ url: `/pages/chat/index?id=${conversation.id}` });
      });
    },

    openDepartment(e: WechatMiniprogram.TouchEvent) {
      wx.navigateTo({ url: `/pages/department/index?id=${e.currentTarget.dataset.id}` });
    },

    openProfile(e: WechatMiniprogram.TouchEvent) {
      wx.navigateTo({ url: `/pages/profile/index?id=${e.currentTarget.dataset.id}` });
    },
  },
});
