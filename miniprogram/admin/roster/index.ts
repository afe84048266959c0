// Admin roster: import a spreadsheet (xlsx/csv from a chat, via wx.chooseMessageFile) and read
// the per-row report with the new invite codes; download the import template or the roster
// itself as XLSX (the same columns); the whole roster, departed staff too, searched and filtered
// by status (在职/未绑定/离职处理中/离职); a row opens the employee's page (invite code, rehire,
// finishing an offboarding); active rows can be marked departed or granted/revoked admin, each
// confirmed with a dialog that says what will happen.
import type { ImportResult, RosterEntry, RosterStatus } from '../../../typings/api';
import { call, CloudError, errorMessage } from '../../services/cloud';
import { storedName, uploadFile } from '../../services/files';
import { loadMe } from '../../services/session';
import { openExport } from '../shared/export';
import { adminMe, DENIED_TEXT } from '../shared/guard';
import { closedDialog, openDialog } from '../shared/confirm';
import { importFully, offboardConfirm, offboardShowingProgress } from '../shared/offboard';
import { ROSTER_STATUS_LABEL } from './status';

interface Row {
  id: string;
  name: string;
  position: string;
  isAdmin: boolean;
  avatar: string;
  status: RosterStatus;
  /** '' for 在职; 未绑定 / 离职 / 离职处理中 otherwise. */
  statusLabel: string;
  /** Active (bound or not): the row offers 离职 and the admin toggle. */
  active: boolean;
}

const FILTERS: { value: RosterStatus | ''; label: string }[] = [
  { value: '', label: '全部' },
  { value: 'active', label: '在职' },
  { value: 'unbound', label: '未绑定' },
  { value: 'offboarding', label: '离职处理中' },
  { value: 'departed', label: '离职' },
];

type Pending = { kind: 'offboard' | 'grant' | 'revoke'; id: string; name: string } | null;

const PAGE = 20;
let listSeq = 0;

const toRow = (e: RosterEntry): Row => ({
  id: e.id,
  name: e.name,
  position: e.position,
  isAdmin: e.isAdmin,
  avatar: e.avatar ?? '',
  status: e.rosterStatus,
  statusLabel: e.rosterStatus === 'active' ? '' : ROSTER_STATUS_LABEL[e.rosterStatus],
  active: e.rosterStatus === 'active' || e.rosterStatus === 'unbound',
});

Component({
  data: {
    denied: false,
    deniedText: DENIED_TEXT,
    myId: '',
    // import
    importing: false,
    stage: '',
    importError: '',
    report: null as ImportResult | null,
    /** Which sheet is being written and opened: '' | 'template' | 'roster'. */
    sheetBusy: '',
    /** Rows placed in 未分配部门, as "2、5". */
    unassigned: '',
    // employees
    keyword: '',
    filters: FILTERS,
    status: '' as RosterStatus | '',
    rows: [] as Row[],
    cursor: null as string | null,
    listLoading: true,
    listError: '',
    // confirmation
    ...closedDialog,
    pending: null as Pending,
    acting: false,
  },
  methods: {
    async onLoad() {
      const me = await adminMe(this, 'listLoading', 'listError');
      if (!me) return;
      this.setData({ myId: me.employee?.id ?? '' });
      await this.loadList(null);
    },

    // ---- import ----

    async chooseFile() {
      if (this.data.importing) return;
      let file: { path: string; name: string };
      try {
        const res = await wx.chooseMessageFile({ count: 1, type: 'file', extension: ['xlsx', 'csv'] });
        file = res.tempFiles[0];
      } catch {
        return; // cancelled
      }
      if (!file || !/\.(xlsx|csv)$/i.test(file.name)) {
        // A new attempt replaces the last report: an old report under a new error reads as its result.
        this.setData({ importError: '请选择 .xlsx 或 .csv 格式的花名册', report: null });
        return;
      }
      this.setData({ importing: true, stage: '正在上传…', importError: '', report: null });
      try {
        // The storage rule lets a client write only roster/<own employee id>/<random>.csv|xlsx.
        const me = await loadMe();
        const fileId = await uploadFile(`roster/${me.employee?.id ?? ''}`, storedName(file.name), file.path);
        this.setData({ stage: '正在导入，请稍候…' });
        const report = await importFully({ fileId }, (left) =>
          this.setData({ stage: `正在办理离职，还剩${left}人…` }),
        );
        this.setData({
          importing: false,
          stage: '',
          report,
          unassigned: (report.unassignedRows ?? []).join('、'),
        });
        await this.loadList(null);
      } catch (e) {
        this.setData({ importing: false, stage: '', importError: errorMessage(e) });
      }
    },

    /** 下载导入模板 / 导出花名册: the function writes the XLSX, the phone opens it (shared/export). */
    async downloadSheet(e: WechatMiniprogram.TouchEvent) {
      if (this.data.sheetBusy) return;
      const template = e.currentTarget.dataset.template === true;
      this.setData({ sheetBusy: template ? 'template' : 'roster' });
      try {
        await openExport(await call('admin', 'exportRoster', { template }));
      } catch (err) {
        wx.showToast({ title: errorMessage(err), icon: 'none' });
      } finally {
        this.setData({ sheetBusy: '' });
      }
    },

    copyInvite(e: WechatMiniprogram.TouchEvent) {
      const { name, code } = e.currentTarget.dataset as { name: string; code: string };
      wx.setClipboardData({ data: `${name} 的同事邀请码：${code}（30天内有效）` });
    },

    copyAllInvites() {
      const invites = this.data.report?.invites ?? [];
      if (!invites.length) return;
      wx.setClipboardData({ data: invites.map((i) => `${i.name}\t${i.inviteCode}`).join('\n') });
    },

    // ---- employees ----

    onKeyword(e: { detail: unknown }) {
      const keyword = typeof e.detail === 'string' ? e.detail.trim() : '';
      this.setData({ keyword });
      return this.loadList(null);
    },

    async loadList(cursor: string | null) {
      const seq = ++listSeq;
      this.setData({ listLoading: true, listError: '' });
      try {
        const page = await call('admin', 'roster', {
          limit: PAGE,
          ...(this.data.keyword ? { keyword: this.data.keyword } : {}),
          ...(this.data.status ? { status: this.data.status } : {}),
          ...(cursor ? { cursor } : {}),
        });
        if (seq !== listSeq) return;
        const rows = page.items.map(toRow);
        if (cursor) {
          const at = this.data.rows.length;
          const patch: Record<string, unknown> = { listLoading: false, cursor: page.nextCursor };
          rows.forEach((r, i) => (patch[`rows[${at + i}]`] = r));
          this.setData(patch);
        } else this.setData({ rows, cursor: page.nextCursor, listLoading: false });
      } catch (e) {
        if (seq !== listSeq) return;
        if (e instanceof CloudError && e.code === 'FORBIDDEN')
          this.setData({ denied: true, listLoading: false });
        else this.setData({ listLoading: false, listError: errorMessage(e) });
      }
    },

    onFilter(e: WechatMiniprogram.TouchEvent) {
      const { value } = e.currentTarget.dataset as { value: RosterStatus | '' };
      if (value === this.data.status) return;
      this.setData({ status: value });
      return this.loadList(null);
    },

    openEmployee(e: WechatMiniprogram.TouchEvent) {
      const { id } = e.currentTarget.dataset as { id: string };
      wx.navigateTo({ url: `/admin/employee/index?id=${id}` });
    },

    /** Back from an employee's page: what was done there shows in the list. */
    onShow() {
      if (this.data.rows.length) return this.loadList(null);
    },

    retryList() {
      return this.loadList(null);
    },

    onReachBottom() {
      if (this.data.cursor && !this.data.listLoading) return this.loadList(this.data.cursor);
    },

    // ---- actions, each confirmed ----

    askOffboard(e: WechatMiniprogram.TouchEvent) {
      const { id, name } = e.currentTarget.dataset as { id: string; name: string };
      this.setData({ pending: { kind: 'offboard', id, name }, ...openDialog(offboardConfirm(name)) });
    },

    askAdmin(e: WechatMiniprogram.TouchEvent) {
      const { id, name, admin } = e.currentTarget.dataset as { id: string; name: string; admin: boolean };
      const revoke = !!admin;
      this.setData({
        pending: { kind: revoke ? 'revoke' : 'grant', id, name },
        ...openDialog(
          revoke
            ? {
                title: `取消 ${name} 的管理员身份？`,
                message: `${name} 将不能再进入管理后台。`,
                confirm: '取消管理员',
              }
            : {
                title: `设 ${name} 为管理员？`,
                message: `${name} 将可以导入名册、办理离职、管理所有群聊并查看操作日志。`,
                confirm: '设为管理员',
              },
        ),
      });
    },

    onDialogCancel() {
      this.setData({ dialogShow: false, pending: null });
    },

    async onDialogConfirm() {
      const pending = this.data.pending as Pending;
      this.setData({ dialogShow: false });
      if (!pending || this.data.acting) return;
      this.setData({ acting: true });
      try {
        if (pending.kind === 'offboard') {
          // Someone in hundreds of groups is offboarded in steps (each call fits the function's
          // timeout): called again while groups remain, showing how many are left.
          await offboardShowingProgress(pending.id);
        } else {
          await call('admin', 'setAdmin', { employeeId: pending.id, isAdmin: pending.kind === 'grant' });
          wx.showToast({ title: pending.kind === 'grant' ? '已设为管理员' : '已取消管理员', icon: 'none' });
        }
        await this.loadList(null);
      } catch (e) {
        wx.showToast({ title: errorMessage(e), icon: 'none' });
      } finally {
        this.setData({ acting: false, pending: null });
      }
    },
  },
});
