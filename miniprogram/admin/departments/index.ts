// Admin org chart: the department tree (tap ▸ to expand), and per department a sheet of edits —
// 新建下级部门, 重命名, 移动到…, 上移/下移, 删除 — each one call to the admin function, which
// decides every rule (names, cycles, "only when empty") and answers in Chinese; the page shows
// that answer and reloads the tree.
import type { Department, DepartmentGroupOutcome } from '../../../typings/api';
import { call, errorMessage, newRequestId } from '../../services/cloud';
import { forgetDepartments, loadDepartments } from '../../services/session';
import { perPage } from '../../utils/perPage';
import { adminMe, DENIED_TEXT } from '../shared/guard';
import { moveTargets, visibleRows, type MoveTarget, type TreeRow } from './tree';

type SheetAction = 'create' | 'rename' | 'move' | 'up' | 'down' | 'groups' | 'delete';

const OUTCOME_LABELS: Record<DepartmentGroupOutcome['outcome'], string> = {
  created: '已创建',
  existing: '已有部门群',
  failed: '未创建',
};

/** Per page instance: the tree as loaded and which departments are expanded. */
const stateOf = perPage<{ all: Department[]; expanded: Set<string> }>(() => ({
  all: [],
  expanded: new Set(),
}));

Component({
  data: {
    denied: false,
    deniedText: DENIED_TEXT,
    loading: true,
    error: '',
    rows: [] as TreeRow[],
    busy: false,
    sheet: {
      show: false,
      id: '',
      name: '',
      actions: [] as { name: string; key: SheetAction; color?: string }[],
    },
    edit: { show: false, mode: 'create' as 'create' | 'rename', id: '', parentId: '', title: '', value: '' },
    move: { show: false, id: '', name: '', targets: [] as MoveTarget[] },
    confirm: { show: false, id: '', message: '' },
    /** 为下级部门建群: the confirmation, the progress while steps run, then what happened per department. */
    groups: {
      ask: false,
      id: '',
      name: '',
      running: false,
      progress: '',
      show: false,
      items: [] as { id: string; title: string; label: string; value: string }[],
    },
    /** The server's length cap for a name (directory.me limits); -1 = none known. */
    nameMax: -1,
  },
  methods: {
    async onLoad() {
      const me = await adminMe(this);
      if (!me) return;
      this.setData({ nameMax: me.limits?.departmentName ?? -1 });
      await this.reload();
    },

    async reload() {
      this.setData({ loading: true, error: '' });
      try {
        forgetDepartments();
        const all = await loadDepartments(true);
        const state = stateOf(this);
        // First load: the top level open, so its first layer shows.
        if (!state.all.length) for (const d of all) if (!d.parentId) state.expanded.add(d.id);
        state.all = all;
        this.setData({ loading: false, rows: visibleRows(all, state.expanded) });
      } catch (e) {
        this.setData({ loading: false, error: errorMessage(e) });
      }
    },

    toggle(e: WechatMiniprogram.TouchEvent) {
      const id = e.currentTarget.dataset.id as string;
      const state = stateOf(this);
      if (state.expanded.has(id)) state.expanded.delete(id);
      else state.expanded.add(id);
      this.setData({ rows: visibleRows(state.all, state.expanded) });
    },

    openSheet(e: WechatMiniprogram.TouchEvent) {
      const id = e.currentTarget.dataset.id as string;
      const row = this.data.rows.find((r) => r.id === id);
      if (!row) return;
      const actions: { name: string; key: SheetAction; color?: string }[] = [
        { name: '新建下级部门', key: 'create' },
        { name: '重命名', key: 'rename' },
        { name: '移动到…', key: 'move' },
      ];
      if (row.index > 0) actions.push({ name: '上移', key: 'up' });
      if (row.index < row.siblings - 1) actions.push({ name: '下移', key: 'down' });
      if (row.hasChildren) actions.push({ name: '为每个下级部门建群', key: 'groups' });
      actions.push({ name: '删除', key: 'delete', color: '#ee0a24' });
      this.setData({ sheet: { show: true, id, name: row.name, actions } });
    },

    closeSheet() {
      this.setData({ 'sheet.show': false });
    },

    onSheetSelect(e: { detail: { key: SheetAction } }) {
      const { id, name } = this.data.sheet;
      const row = this.data.rows.find((r) => r.id === id);
      this.setData({ 'sheet.show': false });
      if (!row) return;
      switch (e.detail.key) {
        case 'create':
          return this.openEdit('create', '', id, `在“${name}”下新建部门`, '');
        case 'rename':
          return this.openEdit('rename', id, '', '重命名部门', name);
        case 'move':
          this.setData({ move: { show: true, id, name, targets: moveTargets(stateOf(this).all, id) } });
          return;
        case 'up':
          return this.save({ action: 'updateDepartment', departmentId: id, index: row.index - 1 }, '已上移');
        case 'down':
          return this.save({ action: 'updateDepartment', departmentId: id, index: row.index + 1 }, '已下移');
        case 'groups':
          this.setData({ groups: { ...this.data.groups, ask: true, id, name } });
          return;
        case 'delete':
          this.setData({
            confirm: { show: true, id, message: `删除“${name}”？只有没有员工和下级部门的部门可以删除。` },
          });
      }
    },

    createTop() {
      this.openEdit('create', '', '', '新建顶级部门', '');
    },

    openEdit(mode: 'create' | 'rename', id: string, parentId: string, title: string, value: string) {
      this.setData({ edit: { show: true, mode, id, parentId, title, value } });
    },

    onEditInput(e: { detail: string }) {
      this.setData({ 'edit.value': String(e.detail ?? '') });
    },

    closeEdit() {
      this.setData({ 'edit.show': false });
    },

    async onEditSave() {
      const { mode, id, parentId, value } = this.data.edit;
      const done =
        mode === 'create'
          ? await this.save({ action: 'createDepartment', name: value, parentId: parentId || null }, '已新建')
          : await this.save({ action: 'updateDepartment', departmentId: id, name: value }, '已重命名');
      if (done) {
        if (mode === 'create' && parentId) stateOf(this).expanded.add(parentId);
        this.setData({ 'edit.show': false });
        await this.reload();
      }
    },

    closeMove() {
      this.setData({ 'move.show': false });
    },

    async onMoveTo(e: WechatMiniprogram.TouchEvent) {
      const parentId = e.currentTarget.dataset.id as string;
      const { id } = this.data.move;
      if (
        await this.save(
          // One request id per tap: a retried move continues the same group reconcile.
          {
            action: 'updateDepartment',
            departmentId: id,
            parentId: parentId || null,
            requestId: newRequestId(),
          },
          '已移动',
        )
      ) {
        if (parentId) stateOf(this).expanded.add(parentId);
        this.setData({ 'move.show': false });
        await this.reload();
      }
    },

    async onConfirmDelete() {
      const { id } = this.data.confirm;
      this.setData({ 'confirm.show': false });
      if (await this.save({ action: 'deleteDepartment', departmentId: id }, '已删除')) await this.reload();
    },

    onCancelDelete() {
      this.setData({ 'confirm.show': false });
    },

    /** One admin call; the server's refusal is shown as it says it. True when it went through. */
    async save(
      params:
        | { action: 'createDepartment'; name: string; parentId: string | null }
        | {
            action: 'updateDepartment';
            departmentId: string;
            name?: string;
            parentId?: string | null;
            index?: number;
            requestId?: string;
          }
        | { action: 'deleteDepartment'; departmentId: string },
      toast: string,
    ): Promise<boolean> {
      if (this.data.busy) return false;
      this.setData({ busy: true });
      try {
        const { action, ...rest } = params;
        await call('admin', action, rest as never);
        wx.showToast({ title: toast, icon: 'success' });
        if (action === 'updateDepartment' && params.index !== undefined) await this.reload();
        return true;
      } catch (e) {
        wx.showToast({ title: errorMessage(e), icon: 'none' });
        return false;
      } finally {
        this.setData({ busy: false });
      }
    },

    onCancelGroups() {
      this.setData({ 'groups.ask': false });
    },

    /**
     * Runs admin.createDepartmentGroups step by step until nothing remains (each call continues
     * the same work; a department that has its group is never given a second one).
     */
    async onConfirmGroups() {
      const { id } = this.data.groups;
      this.setData({ 'groups.ask': false, 'groups.running': true, 'groups.progress': '正在建群…' });
      const seen = new Map<string, DepartmentGroupOutcome>();
      try {
        for (let step = 0; step < 100; step++) {
          const res = await call('admin', 'createDepartmentGroups', { departmentId: id });
          for (const item of res.items) seen.set(item.departmentId, item);
          this.setData({ 'groups.progress': `已处理 ${seen.size} 个部门，还剩 ${res.remaining} 个…` });
          if (res.done) break;
        }
        const items = [...seen.values()].map((i) => ({
          id: i.departmentId,
          title: i.departmentName,
          value: OUTCOME_LABELS[i.outcome],
          label:
            i.outcome === 'failed'
              ? (i.reason ?? '')
              : `${i.groupName ?? ''} · ${i.memberCount}人${i.ownerName ? ` · 群主 ${i.ownerName}` : ''}`,
        }));
        this.setData({ groups: { ...this.data.groups, running: false, progress: '', show: true, items } });
      } catch (e) {
        this.setData({ 'groups.running': false, 'groups.progress': '' });
        wx.showToast({ title: errorMessage(e), icon: 'none' });
      }
    },

    closeGroups() {
      this.setData({ 'groups.show': false });
    },

    onPullDownRefresh() {
      return this.reload().then(() => wx.stopPullDownRefresh());
    },
  },
});
