// Group table: every group with its creator, size, activity and status; search by name or
// creator, filter by status, page on scroll; per-group actions in an action sheet.
import type { AdminGroupRow, ConversationStatus, Page } from '../../../typings/api';
import { call, errorMessage } from '../../services/cloud';
import { closedDialog, openDialog } from '../shared/confirm';
import { exportAndOpen } from '../shared/export';
import { STATUS_COLOR, STATUS_LABEL, formatDateTime } from '../shared/format';
import { initialListState, pagedListMethods } from '../shared/paging';

interface Row extends AdminGroupRow {
  createdText: string;
  statusLabel: string;
  statusColor: string;
}

type Pending = { kind: 'disable' | 'enable' | 'delete'; index: number } | null;

const PAGE_SIZE = 20;

const toRow = (r: AdminGroupRow): Row => ({
  ...r,
  createdText: formatDateTime(r.createdAt),
  statusLabel: STATUS_LABEL[r.status],
  statusColor: STATUS_COLOR[r.status],
});

Component({
  data: {
    ...initialListState,
    keyword: '',
    status: '' as ConversationStatus | '',
    statusOptions: [
      { text: '全部状态', value: '' },
      { text: '正常', value: 'active' },
      { text: '已禁用', value: 'disabled' },
      { text: '已解散', value: 'dissolved' },
    ],
    items: [] as Row[],
    sheetShow: false,
    sheetTitle: '',
    sheetActions: [] as { name: string; key: string; color?: string }[],
    selected: -1,
    ...closedDialog,
    busy: false,
    busyText: '',
  },
  methods: {
    onLoad() {
      return this.reload();
    },
    onShow() {
      // Back from a group's detail page (not the first show): statuses may have changed there.
      const self = this as unknown as { shownBefore?: boolean };
      if (!self.shownBefore) {
        self.shownBefore = true;
        return undefined;
      }
      return this.reload();
    },
    async fetch(cursor: string | null): Promise<Page<AdminGroupRow>> {
      const { keyword, status } = this.data;
      return call('admin', 'groups', {
        ...(keyword.trim() ? { keyword: keyword.trim() } : {}),
        ...(status ? { status } : {}),
        ...(cursor ? { cursor } : {}),
        limit: PAGE_SIZE,
      });
    },
    ...pagedListMethods(toRow),
    onKeywordChange(e: { detail: string }) {
      this.setData({ keyword: e.detail });
    },
    onSearch(e: { detail: string }) {
      this.setData({ keyword: typeof e.detail === 'string' ? e.detail : this.data.keyword });
      return this.reload();
    },
    onClear() {
      this.setData({ keyword: '' });
      return this.reload();
    },
    onStatusChange(e: { detail: ConversationStatus | '' }) {
      this.setData({ status: e.detail });
      return this.reload();
    },
    onRetry() {
      return this.reload();
    },
    onTapRow(e: WechatMiniprogram.TouchEvent) {
      const index = Number(e.currentTarget.dataset.index);
      const row = this.data.items[index];
      if (!row) return;
      const actions: { name: string; key: string; color?: string }[] = [{ name: '查看', key: 'view' }];
      if (row.status === 'active') actions.push({ name: '禁用', key: 'disable' });
      if (row.status === 'disabled') actions.push({ name: '启用', key: 'enable' });
      actions.push({ name: '导出记录', key: 'export' }, { name: '删除', key: 'delete', color: '#ee0a24' });
      this.setData({ selected: index, sheetShow: true, sheetTitle: row.name, sheetActions: actions });
    },
    onSheetClose() {
      this.setData({ sheetShow: false });
    },
    onSheetSelect(e: { detail: { key: string } }) {
      const index = this.data.selected;
      const row = this.data.items[index];
      this.setData({ sheetShow: false });
      if (!row) return undefined;
      switch (e.detail.key) {
        case 'view':
          return wx.navigateTo({ url: `/admin/group-detail/index?id=${row.id}` });
        case 'export':
          return this.exportRow(row);
        case 'disable':
          return this.ask(
            { kind: 'disable', index },
            `禁用「${row.name}」？`,
            `禁用后 ${row.memberCount} 名成员将看不到该群，也无法查看或发送消息；可随时启用恢复。`,
            '禁用',
          );
        case 'enable':
          return this.runAction({ kind: 'enable', index });
        case 'delete':
          return this.ask(
            { kind: 'delete', index },
            `删除「${row.name}」？`,
            `将永久删除该群及其 ${row.memberCount} 名成员关系、${row.messageCount} 条消息和全部文件，无法恢复。`,
            '删除',
          );
        default:
          return undefined;
      }
    },
    ask(pending: Pending, title: string, message: string, confirm: string) {
      (this as unknown as { pending: Pending }).pending = pending;
      this.setData(openDialog({ title, message, confirm }));
    },
    onDialogCancel() {
      (this as unknown as { pending: Pending }).pending = null;
      this.setData({ dialogShow: false });
    },
    onDialogConfirm() {
      const pending = (this as unknown as { pending: Pending }).pending;
      (this as unknown as { pending: Pending }).pending = null;
      this.setData({ dialogShow: false });
      return pending ? this.runAction(pending) : undefined;
    },
    async runAction(pending: NonNullable<Pending>) {
      const row = this.data.items[pending.index];
      if (!row) return;
      const action = ({ disable: 'disableGroup', enable: 'enableGroup', delete: 'deleteGroup' } as const)[
        pending.kind
      ];
      const busyText = { disable: '正在禁用…', enable: '正在启用…', delete: '正在删除…' }[pending.kind];
      this.setData({ busy: true, busyText });
      try {
        await call('admin', action, { conversationId: row.id });
        if (pending.kind === 'delete') {
          const items = this.data.items.filter((_, i) => i !== pending.index);
          this.setData({ busy: false, items });
          wx.showToast({ title: '已删除', icon: 'success' });
        } else {
          const status: ConversationStatus = pending.kind === 'disable' ? 'disabled' : 'active';
          this.setData({ busy: false, [`items[${pending.index}]`]: toRow({ ...row, status }) });
          wx.showToast({ title: pending.kind === 'disable' ? '已禁用' : '已启用', icon: 'success' });
        }
      } catch (e) {
        this.setData({ busy: false });
        wx.showToast({ title: errorMessage(e), icon: 'none' });
      }
    },
    async exportRow(row: Row) {
      this.setData({ busy: true, busyText: '正在导出聊天记录…' });
      try {
        const result = await exportAndOpen(row.id);
        this.setData({ busy: false });
        wx.showToast({ title: `已导出 ${result.rows} 条`, icon: 'none' });
      } catch (e) {
        this.setData({ busy: false });
        wx.showToast({ title: errorMessage(e), icon: 'none' });
      }
    },
  },
});
