// 群成员: all members in join order, paged in 20 at a time as the list scrolls. Rendering is
// windowed by pages ("blocks" of 20): only the blocks around the viewport hold rows, the others
// are empty boxes of the same height, so a 1,000-member group stays far below 1,000 WXML nodes
// and no setData carries more than a block or two. Modes from group settings:
// view (default) · remove (owner/admins tick people, 移除) · admins (owner ticks up to maxAdmins, 保存) ·
// transfer (owner taps the new owner, confirms). The search box asks the server for matches over
// the whole group (name, pinyin initials, full pinyin), so the newest member of a big group is a
// few keystrokes away; ticks survive a search.
import type { ConversationDetail, GroupMember, MemberRole } from '../../../typings/api';
import { avatarColor, avatarText } from '../../utils/avatar';
import { call, errorMessage } from '../../services/cloud';

type Mode = 'view' | 'remove' | 'admins' | 'transfer';
const PAGE = 20;
const TITLES: Record<Mode, string> = {
  view: '群成员',
  remove: '移除成员',
  admins: '设置管理员',
  transfer: '转让群主',
};
const ROLE_LABEL: Record<MemberRole, string> = { owner: '群主', admin: '管理员', member: '' };

/** Blocks kept rendered on each side of the one in view. */
const WINDOW = 1;
/** Row height in rpx (index.wxss .row). */
const ROW_RPX = 112;

interface Block {
  key: number;
  shown: boolean;
  rows: Row[];
  /** Placeholder height in px while not shown. */
  height: number;
}

interface Row {
  id: string;
  name: string;
  position: string;
  role: MemberRole;
  roleLabel: string;
  color: string;
  initials: string;
  checked: boolean;
  /** Cannot be ticked in this mode (the owner, yourself, an admin for an admin…). */
  locked: boolean;
}

Component({
  data: {
    id: '',
    mode: 'view' as Mode,
    keyword: '',
    myRole: 'member' as MemberRole,
    /** From groups.detail: whom I may remove, and how many admins a group may have. */
    removableRoles: [] as MemberRole[],
    maxAdmins: 0,
    meId: '',
    blocks: [] as Block[],
    loaded: 0,
    total: 0,
    loading: true,
    more: false,
    error: '',
    selectedCount: 0,
    busy: false,
    dialog: { show: false, title: '', message: '', confirmText: '确定' },
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const mode = (
        ['remove', 'admins', 'transfer'].includes(query.mode ?? '') ? query.mode : 'view'
      ) as Mode;
      this.setData({ id: query.id ?? '', mode });
      wx.setNavigationBarTitle({ title: TITLES[mode] });
      return this.reload();
    },

    onReachBottom() {
      return this.loadMore();
    },

    onSearchChange(e: { detail: unknown }) {
      const keyword = typeof e.detail === 'string' ? e.detail : '';
      this.setData({ keyword });
      return this.restartList();
    },

    onSearchClear() {
      return this.onSearchChange({ detail: '' });
    },

    /** The list from the top for the current keyword; an older keyword's answer is dropped. */
    restartList() {
      const self = this as unknown as { cursor?: string | null; loadingMore?: boolean; generation?: number };
      self.cursor = null;
      self.loadingMore = false;
      self.generation = (self.generation ?? 0) + 1;
      (this as unknown as { members?: GroupMember[] }).members = [];
      this.setData({ blocks: [], loaded: 0, more: false, loading: true });
      return this.loadMore(true);
    },

    /** All loaded members, kept off `data`; blocks in view are rendered from it. */
    store(): GroupMember[] {
      const self = this as unknown as { members?: GroupMember[] };
      self.members ??= [];
      return self.members;
    },

    blockPx(): number {
      let width = 375;
      try {
        width = wx.getSystemInfoSync().windowWidth || 375;
      } catch {
        // keep the default
      }
      return ((ROW_RPX * width) / 750) * PAGE;
    },

    rowsOfBlock(b: number): Row[] {
      return this.store()
        .slice(b * PAGE, (b + 1) * PAGE)
        .map((m) => this.rowOf(m));
    },

    onPageScroll(e: { scrollTop: number }) {
      const current = Math.floor(Math.max(0, e.scrollTop) / this.blockPx());
      const patch: Record<string, unknown> = {};
      this.data.blocks.forEach((block, b) => {
        const want = Math.abs(b - current) <= WINDOW;
        if (want === block.shown) return;
        patch[`blocks[${b}].shown`] = want;
        patch[`blocks[${b}].rows`] = want ? this.rowsOfBlock(b) : [];
      });
      if (Object.keys(patch).length) this.setData(patch);
    },

    sel(): Set<string> {
      const self = this as unknown as {
        selected?: Set<string>;
        cursor?: string | null;
        detail?: ConversationDetail;
      };
      self.selected ??= new Set();
      return self.selected;
    },

    async reload() {
      const self = this as unknown as {
        selected?: Set<string>;
        cursor?: string | null;
        detail?: ConversationDetail;
      };
      self.cursor = null;
      (this as unknown as { members?: GroupMember[] }).members = [];
      this.setData({ loading: true, error: '', blocks: [], loaded: 0, more: false });
      try {
        const detail = await call('groups', 'detail', { conversationId: this.data.id });
        self.detail = detail;
        self.selected = new Set(this.data.mode === 'admins' ? detail.adminIds : []);
        this.setData({
          myRole: detail.myRole,
          removableRoles: detail.removableRoles,
          maxAdmins: detail.maxAdmins,
          total: detail.memberCount,
          selectedCount: self.selected.size,
        });
        await this.loadMore(true);
      } catch (e) {
        this.setData({ loading: false, error: errorMessage(e) });
      }
    },

    async loadMore(first = false) {
      const self = this as unknown as { cursor?: string | null; loadingMore?: boolean; generation?: number };
      if (self.loadingMore || (!first && !this.data.more)) return;
      self.loadingMore = true;
      const generation = self.generation ?? 0;
      const keyword = this.data.keyword.trim();
      try {
        const page = await call('groups', 'members', {
          conversationId: this.data.id,
          limit: PAGE,
          ...(self.cursor ? { cursor: self.cursor } : {}),
          ...(keyword ? { keyword } : {}),
        });
        if (generation !== (self.generation ?? 0)) return;
        self.cursor = page.nextCursor;
        const store = this.store();
        store.push(...page.items);
        // Append by path: each setData carries one block, never the whole list. A newly loaded
        // block is the one being scrolled to, so it is shown; blocks far above are hidden.
        const b = this.data.blocks.length;
        const patch: Record<string, unknown> = {
          loading: false,
          more: !!page.nextCursor,
          loaded: store.length,
        };
        patch[`blocks[${b}]`] = {
          key: b,
          shown: true,
          rows: page.items.map((m) => this.rowOf(m)),
          height: this.blockPx(),
        } satisfies Block;
        this.data.blocks.forEach((block, i) => {
          if (block.shown && b - i > WINDOW) {
            patch[`blocks[${i}].shown`] = false;
            patch[`blocks[${i}].rows`] = [];
          }
        });
        this.setData(patch);
      } catch (e) {
        this.setData({ loading: false, error: errorMessage(e) });
      } finally {
        if (generation === (self.generation ?? 0)) self.loadingMore = false;
      }
    },

    rowOf(m: GroupMember): Row {
      const { mode, removableRoles } = this.data;
      // The server decides (admins removing themselves get its message); this only greys out
      // the rows it says I may not remove.
      let locked = false;
      if (mode === 'remove') locked = !removableRoles.includes(m.role);
      if (mode === 'admins' || mode === 'transfer') locked = m.role === 'owner';
      return {
        id: m.employeeId,
        name: m.name,
        position: m.position,
        role: m.role,
        roleLabel: ROLE_LABEL[m.role],
        color: avatarColor(m.employeeId),
        initials: avatarText(m.name),
        checked: this.sel().has(m.employeeId),
        locked,
      };
    },

    onRow(e: WechatMiniprogram.TouchEvent) {
      const b = Number(e.currentTarget.dataset.block);
      const index = Number(e.currentTarget.dataset.index);
      const row = this.data.blocks[b]?.rows[index];
      if (!row) return;
      const { mode } = this.data;
      if (mode === 'view') {
        wx.navigateTo({ url: `/pages/profile/index?id=${row.id}` });
        return;
      }
      if (row.locked) return;
      if (mode === 'transfer') {
        (this as unknown as { target?: Row }).target = row;
        this.setData({
          dialog: {
            show: true,
            title: '转让群主',
            message: `确定将群主转让给 ${row.name}？你将成为普通成员`,
            confirmText: '转让',
          },
        });
        return;
      }
      const sel = this.sel();
      if (sel.has(row.id)) sel.delete(row.id);
      else {
        if (mode === 'admins' && sel.size >= this.data.maxAdmins) {
          wx.showToast({ title: `管理员最多 ${this.data.maxAdmins} 人`, icon: 'none' });
          return;
        }
        sel.add(row.id);
      }
      this.setData({ [`blocks[${b}].rows[${index}].checked`]: sel.has(row.id), selectedCount: sel.size });
    },

    onSubmit() {
      const { mode, selectedCount } = this.data;
      if (mode === 'remove') {
        if (!selectedCount) return;
        this.setData({
          dialog: {
            show: true,
            title: '移除成员',
            message: `确定将选中的 ${selectedCount} 人移出群聊？`,
            confirmText: '移除',
          },
        });
      } else if (mode === 'admins') {
        void this.apply();
      }
    },

    onDialogCancel() {
      this.setData({ 'dialog.show': false });
    },

    onDialogConfirm() {
      this.setData({ 'dialog.show': false });
      return this.apply();
    },

    async apply() {
      if (this.data.busy) return;
      const { mode, id } = this.data;
      this.setData({ busy: true });
      try {
        const ids = [...this.sel()];
        if (mode === 'remove') {
          const { removed } = await call('groups', 'removeMembers', {
            conversationId: id,
            employeeIds: ids,
          });
          wx.showToast({ title: `已移除 ${removed.length} 人`, icon: 'none' });
        } else if (mode === 'admins') {
          await call('groups', 'setAdmins', { conversationId: id, employeeIds: ids });
          wx.showToast({ title: '已保存', icon: 'none' });
        } else if (mode === 'transfer') {
          const target = (this as unknown as { target?: Row }).target;
          if (!target) return;
          await call('groups', 'transferOwner', { conversationId: id, employeeId: target.id });
          wx.showToast({ title: `群主已转让给 ${target.name}`, icon: 'none' });
        }
        wx.navigateBack({ delta: 1 });
      } catch (e) {
        wx.showToast({ title: errorMessage(e), icon: 'none' });
      } finally {
        this.setData({ busy: false });
      }
    },

    onRetry() {
      return this.reload();
    },
  },
});
