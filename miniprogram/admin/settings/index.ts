// Company chat settings: who may create groups, who may be pulled into chats, the member cap and
// whether colleagues see each other's mobile numbers. Saved in one updateSettings call. The scope
// pickers reuse components/member-picker (the same one as 发起群聊) inside a bottom popup.
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

const MAX_CAP = 1000;

/** The picker's selection while it is open (kept off `data`: it is not rendered as such). */
interface Picked {
  departmentIds: string[];
  employeeIds: string[];
}

function summaryOf(departmentIds: string[], employeeIds: string[]): string {
  if (!departmentIds.length && !employeeIds.length) return '未选择';
  return `${departmentIds.length} 个部门、${employeeIds.length} 人`;
}

function toForm(scope: Scope): ScopeForm {
  const departmentIds = scope.mode === 'restricted' ? scope.departmentIds : [];
  const employeeIds = scope.mode === 'restricted' ? scope.employeeIds : [];
  return { mode: scope.mode, departmentIds, employeeIds, summary: summaryOf(departmentIds, employeeIds) };
}

function toScope(form: ScopeForm): Scope {
  return form.mode === 'all'
    ? { mode: 'all' }
    : { mode: 'restricted', departmentIds: form.departmentIds, employeeIds: form.employeeIds };
}

Component({
  data: {
    ...initialLoadState,
    initiation: toForm({ mode: 'all' }),
    usageScope: toForm({ mode: 'all' }),
    memberCap: MAX_CAP,
    maxCap: MAX_CAP,
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
      return loadGuarded(this, async () => this.apply(await call('admin', 'getSettings')));
    },
    apply(s: Settings) {
      this.setData({
        initiation: toForm(s.initiation),
        usageScope: toForm(s.usageScope),
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
    onOpenPicker(e: { currentTarget: { dataset: { key: ScopeKey } } }) {
      const key = e.currentTarget.dataset.key;
      const form = this.data[key];
      this.setData({
        pickerShow: true,
        pickerKey: key,
        pickerTitle: key === 'initiation' ? '可以发起群聊的人员和部门' : '可以被拉入聊天的人员和部门',
        pickerDepartmentIds: form.departmentIds,
        pickerEmployeeIds: form.employeeIds,
        pickerSummary: summaryOf(form.departmentIds, form.employeeIds),
      });
      (this as unknown as { picked: Picked }).picked = {
        departmentIds: form.departmentIds,
        employeeIds: form.employeeIds,
      };
    },
    onPickerChange(e: { detail: Picked }) {
      const { departmentIds, employeeIds } = e.detail;
      (this as unknown as { picked: Picked }).picked = { departmentIds, employeeIds };
      this.setData({ pickerSummary: summaryOf(departmentIds, employeeIds) });
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
        [`${key}.summary`]: summaryOf(departmentIds, employeeIds),
      });
    },
    onCapChange(e: { detail: number | string }) {
      const n = Math.round(Number(e.detail));
      if (Number.isFinite(n)) this.setData({ memberCap: Math.min(MAX_CAP, Math.max(1, n)) });
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
        const saved = await call('admin', 'updateSettings', {
          initiation: toScope(initiation),
          usageScope: toScope(usageScope),
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
