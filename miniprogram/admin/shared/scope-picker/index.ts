// Picks departments (a ticked department covers its sub-departments) and individual people for a
// restricted scope (initiation permission, usage scope). Minimal on purpose: browse the tree one
// level at a time, search people by name/pinyin, tick; the page receives ids on 确定.
import type { Department, EmployeeCard, Page } from '../../../../typings/api';
import { call, errorMessage } from '../../../services/cloud';

interface DeptRow {
  id: string;
  name: string;
  memberCount: number;
  hasChildren: boolean;
  checked: boolean;
}
interface PersonRow {
  id: string;
  name: string;
  position: string;
  checked: boolean;
}

Component({
  properties: {
    show: { type: Boolean, value: false },
    title: { type: String, value: '选择人员和部门' },
    departmentIds: { type: Array, value: [] as string[] },
    employeeIds: { type: Array, value: [] as string[] },
  },
  data: {
    loading: false,
    error: '',
    trail: [] as { id: string | null; name: string }[],
    depts: [] as DeptRow[],
    people: [] as PersonRow[],
    keyword: '',
    deptCount: 0,
    personCount: 0,
  },
  observers: {
    show(show: boolean) {
      if (show) void this.open();
    },
  },
  methods: {
    state() {
      const self = this as unknown as { all?: Department[]; pickedDepts?: Set<string>; pickedPeople?: Set<string> };
      return self;
    },
    async open() {
      const s = this.state();
      s.pickedDepts = new Set(this.properties.departmentIds as string[]);
      s.pickedPeople = new Set(this.properties.employeeIds as string[]);
      this.setData({ keyword: '', error: '', trail: [{ id: null, name: '全部' }] });
      this.updateCounts();
      if (!s.all) {
        this.setData({ loading: true });
        try {
          s.all = (await call<{ items: Department[] }>('directory', 'departments')).items;
        } catch (e) {
          this.setData({ loading: false, error: errorMessage(e) });
          return;
        }
      }
      this.setData({ loading: false });
      await this.showLevel(null);
    },
    updateCounts() {
      const s = this.state();
      this.setData({ deptCount: s.pickedDepts?.size ?? 0, personCount: s.pickedPeople?.size ?? 0 });
    },
    async showLevel(parentId: string | null) {
      const s = this.state();
      const all = s.all ?? [];
      const depts = all
        .filter((d) => d.parentId === parentId)
        .sort((a, b) => a.order - b.order)
        .map((d) => ({
          id: d.id,
          name: d.name,
          memberCount: d.memberCount,
          hasChildren: all.some((c) => c.parentId === d.id),
          checked: !!s.pickedDepts?.has(d.id),
        }));
      this.setData({ depts, people: [] });
      if (parentId) await this.loadPeople({ departmentId: parentId });
    },
    async loadPeople(params: { departmentId?: string; keyword?: string }) {
      const s = this.state();
      try {
        const page = await call<Page<EmployeeCard>>('directory', 'members', { ...params, limit: 100 });
        this.setData({
          people: page.items.map((e) => ({ id: e.id, name: e.name, position: e.position, checked: !!s.pickedPeople?.has(e.id) })),
        });
      } catch (e) {
        this.setData({ error: errorMessage(e) });
      }
    },
    onDrill(e: WechatMiniprogram.TouchEvent) {
      const id = String(e.currentTarget.dataset.id);
      const dept = this.state().all?.find((d) => d.id === id);
      if (!dept) return undefined;
      this.setData({ trail: [...this.data.trail, { id, name: dept.name }] });
      return this.showLevel(id);
    },
    onTrail(e: WechatMiniprogram.TouchEvent) {
      const index = Number(e.currentTarget.dataset.index);
      const trail = this.data.trail.slice(0, index + 1);
      this.setData({ trail, keyword: '' });
      return this.showLevel(trail[trail.length - 1].id);
    },
    onToggleDept(e: { detail: boolean; currentTarget: { dataset: { index: number } } }) {
      const index = Number(e.currentTarget.dataset.index);
      const row = this.data.depts[index];
      const set = this.state().pickedDepts as Set<string>;
      if (e.detail) set.add(row.id);
      else set.delete(row.id);
      this.setData({ [`depts[${index}].checked`]: e.detail });
      this.updateCounts();
    },
    onTogglePerson(e: { detail: boolean; currentTarget: { dataset: { index: number } } }) {
      const index = Number(e.currentTarget.dataset.index);
      const row = this.data.people[index];
      const set = this.state().pickedPeople as Set<string>;
      if (e.detail) set.add(row.id);
      else set.delete(row.id);
      this.setData({ [`people[${index}].checked`]: e.detail });
      this.updateCounts();
    },
    onKeyword(e: { detail: string }) {
      const keyword = e.detail.trim();
      this.setData({ keyword: e.detail });
      if (!keyword) {
        const trail = this.data.trail;
        return this.showLevel(trail[trail.length - 1].id);
      }
      this.setData({ depts: [] });
      return this.loadPeople({ keyword });
    },
    onClose() {
      this.triggerEvent('close');
    },
    onConfirm() {
      const s = this.state();
      this.triggerEvent('confirm', { departmentIds: [...(s.pickedDepts ?? [])], employeeIds: [...(s.pickedPeople ?? [])] });
    },
  },
});
