// Company chat settings: who may create groups, who may be pulled into chats, the member cap and
// whether colleagues see each other's mobile numbers. Saved in one updateSettings call. The scope
// pickers reuse components/member-picker (the same one as 发起群聊) inside a bottom popup.
// Narrowing the usage scope first asks admin.scopePreview how many current group members it
// leaves out and saves only once the admin has seen that number.
import type { Scope, Settings } from '../../../typings/api';
import { call, errorMessage } from '../../services/cloud';
import { initialLoadState, loadGuarded } from '../shared/guard';

type ScopeKey = 'initiation' | 'usageScope';

interface ScopeForm {
  mode: 'all' | 'restricted';
  departmentIds: string[];
  employeeIds: string[];
  summary: string;
}

/** The picker's selection while it is open (kept off `data`: it is not rendered as such). */
interface Picked {
  departmentIds: string[];
  employeeIds: string[];
  /** Names of the picked departments and people, by id. */
  names?: Record<string, string>;
}

/** Names behind the scope ids: from getSettings, then from every picker selection. */
const namesOf = (self: unknown): Record<string, string> => {
  const host = self as { scopeNames?: Record<string, string> };
  return (host.scopeNames ??= {});
};

/** Up to `shown` names, then "等 N 个部门" / "等 N 人" for the rest. */
function listNames(names: string[], unit: string, shown = 3): string {
  if (names.length <= shown) return names.join('、');
  return `${names.slice(0, shown - 1).join('、')} 等 ${names.length} ${unit}`;
}

/** Which departments and people a scope holds, by name ("华东区、人事部；张伟、李娜"). */
function summaryOf(departmentIds: string[], employeeIds: string[], names: Record<string, string>): string {
  if (!departmentIds.length && !employeeIds.length) return '未选择';
  const nameOf = (id: string) => names[id] ?? '…';
  return [
    departmentIds.length ? listNames(departmentIds.map(nameOf), '个部门') : '',
    employeeIds.length ? listNames(employeeIds.map(nameOf), '人') : '',
  ]
    .filter(Boolean)
    .join('；');
}

function toForm(scope: Scope, names: Record<string, string>): ScopeForm {
  const departmentIds = scope.mode === 'restricted' ? scope.departmentIds : [];
  const employeeIds = scope.mode === 'restricted' ? scope.employeeIds : [];
  return {
    mode: scope.mode,
    departmentIds,
    employeeIds,
    summary: summaryOf(departmentIds, employeeIds, names),
  };
}

/** A scope's identity regardless of field and id order (the server answers its own order). */
function scopeKey(scope: Scope): string {
  return scope.mode === 'all'
    ? 'all'
    : JSON.stringify([[...scope.departmentIds].sort(), [...scope.employeeIds].sort()]);
}

/** Asks before a narrower usage scope is saved; true = save. Removing them is not offered yet. */
async function confirmLeftOut(scope: Scope): Promise<boolean> {
  const { outsideCount, examples } = await call('admin', 'scopePreview', { usageScope: scope });
  if (!outsideCount) return true;
  const who = examples.join('、') + (outsideCount > examples.length ? ' 等' : '');
  return new Promise((resolve) =>
    wx.showModal({
      title: `${outsideCount} 位现有群成员不在新的使用范围内`,
      content: `${who}仍留在原有群中，但不能再发消息、发起聊天或被拉入群聊。`,
      confirmText: '仅保存',
      cancelText: '取消',
      success: (r) => resolve(r.confirm),
      fail: () => resolve(false),
    }),
  );
}

function toScope(form: ScopeForm): Scope {
  return form.mode === 'all'
    ? { mode: 'all' }
    : { mode: 'restricted', departmentIds: form.departmentIds, employeeIds: form.employeeIds };
}

Component({
  data: {
    ...initialLoadState,
    initiation: toForm({ mode: 'all' }, {}),
    usageScope: toForm({ mode: 'all' }, {}),
    memberCap: 0,
    /** The product limit, from admin.getSettings (the stepper's max). */
    maxCap: 0,
    mobileVisible: true,
    pickerShow: false,
    pickerKey: 'initiation' as ScopeKey,
    pickerTitle: '',
    pickerDepartmentIds: [] as string[],
    pickerEmployeeIds: [] as string[],
    pickerSummary: '',
    saving: false,
  },
  methods: {
    onLoad() {
      return this.load();
    },
    load() {
      return loadGuarded(this, async () => {
        const view = await call('admin', 'getSettings');
        Object.assign(namesOf(this), view.scopeNames);
        this.setData({ maxCap: view.memberCapMax });
        this.apply(view);
      });
    },
    apply(s: Settings) {
      const names = namesOf(this);
      (this as unknown as { savedUsage: string }).savedUsage = scopeKey(s.usageScope);
      this.setData({
        initiation: toForm(s.initiation, names),
        usageScope: toForm(s.usageScope, names),
        memberCap: s.memberCap,
        mobileVisible: s.mobileVisible,
      });
    },
    onRetry() {
      return this.load();
    },
    onModeChange(e: { detail: 'all' | 'restricted'; currentTarget: { dataset: { key: ScopeKey } } }) {
      const key = e.currentTarget.dataset.key;
      this.setData({ [`${key}.mode`]: e.detail });
    },
    /** The whole row picks its option, as vant's radio-in-cell pattern does (not only the circle). */
    onModeCell(e: { currentTarget: { dataset: { key: ScopeKey; mode: 'all' | 'restricted' } } }) {
      const { key, mode } = e.currentTarget.dataset;
      this.setData({ [`${key}.mode`]: mode });
    },
    onOpenPicker(e: { currentTarget: { dataset: { key: ScopeKey } } }) {
      const key = e.currentTarget.dataset.key;
      const form = this.data[key];
      this.setData({
        pickerShow: true,
        pickerKey: key,
        pickerTitle: key === 'initiation' ? '可以发起群聊的人员和部门' : '可以被拉入聊天的人员和部门',
        pickerDepartmentIds: form.departmentIds,
        pickerEmployeeIds: form.employeeIds,
        pickerSummary: summaryOf(form.departmentIds, form.employeeIds, namesOf(this)),
      });
      (this as unknown as { picked: Picked }).picked = {
        departmentIds: form.departmentIds,
        employeeIds: form.employeeIds,
      };
    },
    onPickerChange(e: { detail: Picked }) {
      const { departmentIds, employeeIds, names = {} } = e.detail;
      Object.assign(namesOf(this), names);
      (this as unknown as { picked: Picked }).picked = { departmentIds, employeeIds };
      this.setData({ pickerSummary: summaryOf(departmentIds, employeeIds, namesOf(this)) });
    },
    onPickerClose() {
      this.setData({ pickerShow: false });
    },
    onPickerConfirm() {
      const key = this.data.pickerKey;
      const { departmentIds, employeeIds } = (this as unknown as { picked: Picked }).picked;
      this.setData({
        pickerShow: false,
        [`${key}.departmentIds`]: departmentIds,
        [`${key}.employeeIds`]: employeeIds,
        [`${key}.summary`]: summaryOf(departmentIds, employeeIds, namesOf(this)),
      });
    },
    onCapChange(e: { detail: number | string }) {
      const n = Math.round(Number(e.detail));
      // The stepper keeps the value within 1…maxCap; the server refuses anything else anyway.
      if (Number.isFinite(n)) this.setData({ memberCap: n });
    },
    onMobileChange(e: { detail: boolean }) {
      this.setData({ mobileVisible: e.detail });
    },
    async onSave() {
      const { initiation, usageScope, memberCap, mobileVisible } = this.data;
      for (const [form, label] of [
        [initiation, '发起群聊权限'],
        [usageScope, '使用范围'],
      ] as const) {
        if (form.mode === 'restricted' && !form.departmentIds.length && !form.employeeIds.length) {
          wx.showToast({ title: `${label}：请至少选择一个部门或人员`, icon: 'none' });
          return;
        }
      }
      this.setData({ saving: true });
      try {
        const nextUsage = toScope(usageScope);
        const changed = scopeKey(nextUsage) !== (this as unknown as { savedUsage?: string }).savedUsage;
        if (changed && nextUsage.mode === 'restricted' && !(await confirmLeftOut(nextUsage))) {
          this.setData({ saving: false });
          return;
        }
        const saved = await call('admin', 'updateSettings', {
          initiation: toScope(initiation),
          usageScope: nextUsage,
          memberCap,
          mobileVisible,
        });
        this.apply(saved);
        this.setData({ saving: false });
        wx.showToast({ title: '已保存', icon: 'success' });
      } catch (e) {
        this.setData({ saving: false });
        wx.showToast({ title: errorMessage(e), icon: 'none' });
      }
    },
  },
});
