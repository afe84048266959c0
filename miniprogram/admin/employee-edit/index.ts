// 编辑员工资料 (admin): name, mobile, departments (picked from the tree, several allowed) and
// position of one employee, saved with admin.updateEmployee. The server decides every rule
// (formats, a mobile in use, unknown departments) and moves the employee between auto-synced
// groups in the same call; the page shows which groups they joined and left.
import type { Department, UpdateEmployeeResult } from '../../../typings/api';
import { call, errorMessage, newRequestId } from '../../services/cloud';
import { loadDepartments, loadMe } from '../../services/session';
import { perPage } from '../../utils/perPage';
import { DENIED_TEXT, loadGuarded } from '../shared/guard';
import { loadById } from '../../utils/pageLoad';

interface PickerRow {
  id: string;
  path: string;
  checked: boolean;
}

/** Per page instance: the tree, the ticks in the open picker, this save's request id. */
const stateOf = perPage<{ all: Department[]; ticked: Set<string>; requestId?: string }>(() => ({
  all: [],
  ticked: new Set(),
}));

const pathOf = (d: Department) => d.path ?? d.name;
const names = (groups: { name: string }[]) => groups.map((g) => g.name).join('、');

Component({
  data: {
    id: '',
    denied: false,
    deniedText: DENIED_TEXT,
    loading: true,
    error: '',
    form: { name: '', mobile: '', position: '', departmentIds: [] as string[] },
    departmentLabel: '',
    /** The server's cap on a person's name (directory.me limits); -1 = none known. */
    nameMax: -1,
    picker: { show: false, keyword: '', rows: [] as PickerRow[], count: 0 },
    busy: false,
    outcome: { shown: false, added: '', removed: '', remaining: 0 },
  },
  methods: {
    onLoad: loadById,

    load() {
      return loadGuarded(this, async () => {
        if (!this.data.id) throw new Error('缺少员工参数');
        const [employee, departments, me] = await Promise.all([
          call('directory', 'profile', { employeeId: this.data.id }),
          loadDepartments(true),
          loadMe(),
        ]);
        stateOf(this).all = departments;
        return {
          form: {
            name: employee.name,
            mobile: employee.mobile ?? '',
            position: employee.position,
            departmentIds: employee.departmentIds,
          },
          departmentLabel: this.labelOf(employee.departmentIds),
          nameMax: me.limits?.personName ?? -1,
        };
      });
    },

    labelOf(ids: string[]): string {
      const byId = new Map(stateOf(this).all.map((d) => [d.id, d]));
      return ids
        .map((id) => byId.get(id))
        .filter((d): d is Department => !!d)
        .map(pathOf)
        .join('、');
    },

    onInput(e: WechatMiniprogram.CustomEvent) {
      const field = e.currentTarget.dataset.field as 'name' | 'mobile' | 'position';
      // A different form is a different request (a retry of the same one keeps its id).
      stateOf(this).requestId = undefined;
      this.setData({ [`form.${field}`]: String(e.detail ?? '') });
    },

    // ---- the department picker ----
    onPickDepartments() {
      const s = stateOf(this);
      s.ticked = new Set(this.data.form.departmentIds);
      this.setData({ 'picker.show': true, 'picker.keyword': '' });
      this.renderPicker();
    },
    renderPicker() {
      const s = stateOf(this);
      const keyword = this.data.picker.keyword.trim();
      const rows = s.all
        .filter((d) => !keyword || pathOf(d).includes(keyword))
        .map((d) => ({ id: d.id, path: pathOf(d), checked: s.ticked.has(d.id) }))
        .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
      this.setData({ 'picker.rows': rows, 'picker.count': s.ticked.size });
    },
    onPickerSearch(e: WechatMiniprogram.CustomEvent) {
      this.setData({ 'picker.keyword': String(e.detail ?? '') });
      this.renderPicker();
    },
    onToggleDepartment(e: WechatMiniprogram.TouchEvent) {
      const id = e.currentTarget.dataset.id as string;
      const { ticked } = stateOf(this);
      if (ticked.has(id)) ticked.delete(id);
      else ticked.add(id);
      this.renderPicker();
    },
    onPickerClose() {
      this.setData({ 'picker.show': false });
    },
    onPickerConfirm() {
      const s = stateOf(this);
      // Keep the order of the departments already held, new ones after them.
      const before = this.data.form.departmentIds.filter((id) => s.ticked.has(id));
      const added = [...s.ticked].filter((id) => !before.includes(id));
      const departmentIds = [...before, ...added];
      s.requestId = undefined;
      this.setData({
        'picker.show': false,
        'form.departmentIds': departmentIds,
        departmentLabel: this.labelOf(departmentIds),
      });
    },

    // ---- save ----
    async onSave() {
      if (this.data.busy) return;
      const s = stateOf(this);
      s.requestId ??= newRequestId();
      const { name, mobile, position, departmentIds } = this.data.form;
      this.setData({ busy: true });
      try {
        const res: UpdateEmployeeResult = await call('admin', 'updateEmployee', {
          employeeId: this.data.id,
          name: name.trim(),
          mobile: mobile.trim(),
          position: position.trim(),
          departmentIds,
          requestId: s.requestId,
        });
        s.requestId = undefined;
        this.setData({
          busy: false,
          outcome: {
            shown: true,
            added: names(res.groups.added),
            removed: names(res.groups.removed),
            remaining: res.remainingGroups ?? 0,
          },
          departmentLabel: this.labelOf(res.employee.departmentIds),
        });
        wx.showToast({ title: '已保存', icon: 'success' });
      } catch (e) {
        this.setData({ busy: false });
        wx.showToast({ title: errorMessage(e), icon: 'none' });
      }
    },
  },
});
