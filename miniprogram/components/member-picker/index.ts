// Member picker: whole departments (one tick selects the subtree) and/or people, with search
// and removable chips. Emits `change` with { departmentIds, employeeIds, count } on every change.
// `count` is an estimate for the running "已选 N" figure: ticked departments' member counts plus
// picked people not already covered by a ticked department (the server decides the real set).
// Reused by group create, add-members in group settings, and the admin scope pickers.
import type { Department, EmployeeCard } from '../../../typings/api';
import { call, errorMessage } from '../../services/cloud';
import { avatarColor, avatarText } from '../../utils/avatar';

interface DeptRow {
  id: string;
  name: string;
  memberCount: number;
  checked: boolean;
  /** An ancestor is ticked: this one is covered and cannot be ticked separately. */
  covered: boolean;
  hasChildren: boolean;
}
interface PersonRow {
  id: string;
  name: string;
  position: string;
  checked: boolean;
  covered: boolean;
  excluded: boolean;
  /** Outside the company's usage scope (the server says so): greyed, cannot be ticked. */
  outOfScope: boolean;
  /** What the grey row says instead of the position. */
  note: string;
  color: string;
  initials: string;
}
interface Chip {
  key: string;
  kind: 'department' | 'employee';
  id: string;
  label: string;
}
interface PickedPerson {
  name: string;
  departmentIds: string[];
}

/** directory.members rows; profile cards (initial selection) carry no inScope. */
type PickerCard = EmployeeCard & { inScope?: boolean };

const PAGE = 20;
/** Chunks (pages) rendered on each side of the one in view; the others are spacers. */
const WINDOW_RADIUS = 1;
/** Person row height (rpx, fixed in index.wxss) so a spacer keeps a hidden chunk's exact height. */
const ROW_RPX = 112;

interface Chunk {
  items: PersonRow[];
  hidden: boolean;
  height: number;
}

function rpxToPx(rpx: number): number {
  try {
    return (rpx * wx.getSystemInfoSync().windowWidth) / 750 || rpx / 2;
  } catch {
    return rpx / 2;
  }
}

// Not part of `data`: the whole tree and the selection are kept off the render path so that
// setData only carries what is on screen.
interface State {
  departments: Department[];
  byId: Map<string, Department>;
  children: Map<string | null, Department[]>;
  ticked: Set<string>;
  picked: Map<string, PickedPerson>;
  cursor: string | null;
  /** The current department's people, one chunk per page loaded. */
  chunks: PickerCard[][];
  /** The chunk in view (from the scroll position). */
  center: number;
  searchSeq: number;
}

Component({
  options: { styleIsolation: 'apply-shared' },
  properties: {
    /** People already in the group: shown, greyed, not selectable. */
    excludeIds: { type: Array, value: [] as string[] },
    /** Allow ticking whole departments (off = people only). */
    allowDepartments: { type: Boolean, value: true },
    initialDepartmentIds: { type: Array, value: [] as string[] },
    initialEmployeeIds: { type: Array, value: [] as string[] },
    /** Keeps the chips bar in view above a page's fixed bottom bar (its height in rpx). */
    chipsBottom: { type: Number, value: 0 },
    /**
     * Someone who is in the group whatever is picked (the creator: { id, departmentIds }). The
     * `total` the picker reports counts them once, inside a ticked department or not.
     */
    self: { type: Object, value: null as { id: string; departmentIds: string[] } | null },
    /**
     * The picker chooses a usage scope itself (admin settings): nobody is greyed for being
     * outside the current one.
     */
    forScope: { type: Boolean, value: false },
  },
  data: {
    loading: true,
    error: '',
    trail: [] as { id: string | null; name: string }[],
    deptRows: [] as DeptRow[],
    peopleChunks: [] as Chunk[],
    listHeight: 480,
    peopleLoading: false,
    hasMore: false,
    keyword: '',
    searching: false,
    searchRows: [] as PersonRow[],
    chips: [] as Chip[],
    count: 0,
  },
  lifetimes: {
    attached() {
      const self = this as unknown as { state: State };
      self.state = {
        departments: [],
        byId: new Map(),
        children: new Map(),
        ticked: new Set(
          (this.data as unknown as { initialDepartmentIds: string[] }).initialDepartmentIds ?? [],
        ),
        picked: new Map(),
        cursor: null,
        chunks: [],
        center: 0,
        searchSeq: 0,
      };
      let windowHeight = 0;
      try {
        windowHeight = wx.getSystemInfoSync().windowHeight;
      } catch {
        // the default height stays
      }
      if (windowHeight) this.setData({ listHeight: Math.round(windowHeight * 0.62) });
      void this.reload();
    },
  },
  methods: {
    st(): State {
      return (this as unknown as { state: State }).state;
    },

    async reload() {
      this.setData({ loading: true, error: '' });
      try {
        const { items } = await call('directory', 'departments');
        const st = this.st();
        st.departments = items;
        st.byId = new Map(items.map((d) => [d.id, d]));
        st.children = new Map();
        for (const d of [...items].sort((a, b) => a.order - b.order)) {
          const list = st.children.get(d.parentId) ?? [];
          list.push(d);
          st.children.set(d.parentId, list);
        }
        const initial = (this.properties.initialEmployeeIds as string[]) ?? [];
        for (const id of initial) st.picked.set(id, { name: '…', departmentIds: [] });
        this.setData({ loading: false, trail: [{ id: null, name: '组织架构' }] });
        await this.openDepartment(null);
        this.refresh(false);
        await this.nameInitialPeople(initial);
      } catch (e) {
        this.setData({ loading: false, error: errorMessage(e) });
      }
    },

    /** Ticked ancestors (or the department itself) cover a department. */
    isCovered(id: string | null): boolean {
      const st = this.st();
      for (
        let cur = id ? st.byId.get(id) : undefined;
        cur;
        cur = cur.parentId ? st.byId.get(cur.parentId) : undefined
      ) {
        if (st.ticked.has(cur.id)) return true;
      }
      return false;
    },

    personCovered(departmentIds: string[]): boolean {
      return departmentIds.some((d) => this.isCovered(d));
    },

    currentDepartment(): string | null {
      const trail = this.data.trail;
      return trail.length ? trail[trail.length - 1].id : null;
    },

    async openDepartment(id: string | null) {
      const st = this.st();
      st.cursor = null;
      st.chunks = [];
      st.center = 0;
      this.setData({ deptRows: this.deptRowsOf(id), peopleChunks: [], hasMore: false });
      if (id) await this.loadPeople();
    },

    loadedPeople(): PickerCard[] {
      return this.st().chunks.flat();
    },

    /** A chunk as rendered: its rows when near the one in view, else a spacer of its height. */
    chunkAt(i: number, shown: boolean): Chunk {
      const cards = this.st().chunks[i] ?? [];
      return {
        items: shown ? cards.map((e) => this.personRow(e)) : [],
        hidden: !shown,
        height: cards.length * rpxToPx(ROW_RPX),
      };
    },

    /** Shows the chunks within WINDOW_RADIUS of `center` and hides the rest (changed ones only). */
    applyWindow(center: number) {
      const st = this.st();
      st.center = center;
      const patch: Record<string, unknown> = {};
      const chunks = this.data.peopleChunks as Chunk[];
      st.chunks.forEach((_cards, i) => {
        const want = Math.abs(i - center) <= WINDOW_RADIUS;
        if (chunks[i] && chunks[i].hidden === !want) return;
        patch[`peopleChunks[${i}]`] = this.chunkAt(i, want);
      });
      if (Object.keys(patch).length) this.setData(patch);
    },

    onListScroll(e: { detail: { scrollTop: number } }) {
      const st = this.st();
      if (!st.chunks.length) return;
      // Above the people: the trail and the sub-department rows (about one person row each).
      const header = (1 + this.data.deptRows.length) * rpxToPx(ROW_RPX);
      const chunkPx = PAGE * rpxToPx(ROW_RPX);
      const center = Math.max(
        0,
        Math.min(st.chunks.length - 1, Math.floor((e.detail.scrollTop - header) / chunkPx)),
      );
      if (center !== st.center) this.applyWindow(center);
    },

    deptRowsOf(parentId: string | null): DeptRow[] {
      const st = this.st();
      const parentCovered = this.isCovered(parentId);
      return (st.children.get(parentId) ?? []).map((d) => ({
        id: d.id,
        name: d.name,
        memberCount: d.memberCount,
        checked: parentCovered || st.ticked.has(d.id),
        covered: parentCovered,
        hasChildren: (st.children.get(d.id) ?? []).length > 0 || d.memberCount > 0,
      }));
    },

    /** Rows that cannot be ticked: already in the group, or outside the usage scope. */
    blocked(e: PickerCard): { excluded: boolean; outOfScope: boolean } {
      return {
        excluded: ((this.properties.excludeIds as string[]) ?? []).includes(e.id),
        outOfScope: !this.properties.forScope && e.inScope === false,
      };
    },

    personRow(e: PickerCard): PersonRow {
      const st = this.st();
      const covered = this.personCovered(e.departmentIds);
      const { excluded, outOfScope } = this.blocked(e);
      return {
        id: e.id,
        name: e.name,
        position: e.position,
        checked: excluded || (!outOfScope && (covered || st.picked.has(e.id))),
        covered,
        excluded,
        outOfScope,
        note: excluded ? '已在群中' : outOfScope ? '不在使用范围内' : e.position,
        color: avatarColor(e.id),
        initials: avatarText(e.name),
      };
    },

    async loadPeople() {
      const id = this.currentDepartment();
      if (!id || this.data.peopleLoading) return;
      const st = this.st();
      this.setData({ peopleLoading: true });
      try {
        const page = await call('directory', 'members', {
          departmentId: id,
          limit: PAGE,
          ...(st.cursor ? { cursor: st.cursor } : {}),
        });
        if (this.currentDepartment() !== id) return;
        st.cursor = page.nextCursor;
        // One new chunk per page: each setData carries one page, never the whole list.
        const index = st.chunks.length;
        if (page.items.length) st.chunks.push(page.items);
        this.setData({
          ...(page.items.length ? { [`peopleChunks[${index}]`]: this.chunkAt(index, true) } : {}),
          hasMore: !!page.nextCursor,
          peopleLoading: false,
        });
        // The new chunk is at the bottom, in view: the ones far above collapse.
        if (page.items.length) this.applyWindow(index);
      } catch (e) {
        this.setData({ peopleLoading: false, error: errorMessage(e) });
      }
    },

    onDrill(e: WechatMiniprogram.TouchEvent) {
      const id = e.currentTarget.dataset.id as string;
      const d = this.st().byId.get(id);
      if (!d) return;
      this.setData({ trail: [...this.data.trail, { id, name: d.name }] });
      void this.openDepartment(id);
    },

    onTrail(e: WechatMiniprogram.TouchEvent) {
      const index = Number(e.currentTarget.dataset.index);
      const trail = this.data.trail.slice(0, index + 1);
      this.setData({ trail });
      void this.openDepartment(trail[trail.length - 1].id);
    },

    onTickDepartment(e: WechatMiniprogram.TouchEvent) {
      const id = e.currentTarget.dataset.id as string;
      if (!this.properties.allowDepartments || this.isCovered(this.st().byId.get(id)?.parentId ?? null))
        return;
      const st = this.st();
      if (st.ticked.has(id)) st.ticked.delete(id);
      else {
        st.ticked.add(id);
        // A ticked department absorbs ticks below it.
        for (const other of [...st.ticked])
          if (other !== id && this.descendsFrom(other, id)) st.ticked.delete(other);
      }
      this.refresh();
    },

    descendsFrom(id: string, ancestor: string): boolean {
      const st = this.st();
      for (let cur = st.byId.get(id); cur?.parentId; cur = st.byId.get(cur.parentId))
        if (cur.parentId === ancestor) return true;
      return false;
    },

    onTickPerson(e: WechatMiniprogram.TouchEvent) {
      const id = e.currentTarget.dataset.id as string;
      const st = this.st();
      const card = [...this.loadedPeople(), ...this.searchCards()].find((p) => p.id === id);
      if (!card || this.personCovered(card.departmentIds)) return;
      const { excluded, outOfScope } = this.blocked(card);
      if (excluded || outOfScope) return;
      if (st.picked.has(id)) st.picked.delete(id);
      else st.picked.set(id, { name: card.name, departmentIds: card.departmentIds });
      this.refresh();
    },

    searchCards(): PickerCard[] {
      return (this as unknown as { searchCache?: PickerCard[] }).searchCache ?? [];
    },

    async onSearch(e: WechatMiniprogram.CustomEvent) {
      const keyword = String(e.detail ?? '').trim();
      const st = this.st();
      const seq = ++st.searchSeq;
      this.setData({ keyword });
      if (!keyword) {
        this.setData({ searchRows: [], searching: false });
        return;
      }
      this.setData({ searching: true });
      try {
        const page = await call('directory', 'members', { keyword, limit: 50 });
        if (seq !== st.searchSeq) return;
        (this as unknown as { searchCache?: PickerCard[] }).searchCache = page.items;
        this.setData({ searchRows: page.items.map((p) => this.personRow(p)), searching: false });
      } catch (err) {
        if (seq === st.searchSeq) this.setData({ searching: false, error: errorMessage(err) });
      }
    },

    onClearSearch() {
      this.st().searchSeq++;
      this.setData({ keyword: '', searchRows: [], searching: false });
    },

    onRemoveChip(e: WechatMiniprogram.TouchEvent) {
      const { kind, id } = e.currentTarget.dataset as { kind: string; id: string };
      const st = this.st();
      if (kind === 'department') st.ticked.delete(id);
      else st.picked.delete(id);
      this.refresh();
    },

    /** Initially selected people arrive as ids: fetch their cards for chip names and coverage. */
    async nameInitialPeople(ids: string[]) {
      if (!ids.length) return;
      const st = this.st();
      const cards = await Promise.all(
        ids.slice(0, 50).map((employeeId) => call('directory', 'profile', { employeeId }).catch(() => null)),
      );
      for (const card of cards) {
        if (card && st.picked.has(card.id))
          st.picked.set(card.id, { name: card.name, departmentIds: card.departmentIds });
      }
      this.refresh(false);
    },

    /** Re-derives rows, chips and the count from the selection; `notify` tells the page. */
    refresh(notify = true) {
      const st = this.st();
      const chips: Chip[] = [
        ...[...st.ticked].map((id) => ({
          key: `d${id}`,
          kind: 'department' as const,
          id,
          label: st.byId.get(id)?.name ?? id,
        })),
        ...[...st.picked].map(([id, p]) => ({ key: `e${id}`, kind: 'employee' as const, id, label: p.name })),
      ];
      const exclude = new Set((this.properties.excludeIds as string[]) ?? []);
      const deptCount = [...st.ticked].reduce((n, id) => n + (st.byId.get(id)?.memberCount ?? 0), 0);
      const people = [...st.picked].filter(
        ([id, p]) => !exclude.has(id) && !this.personCovered(p.departmentIds),
      ).length;
      const count = deptCount + people;
      const self = this.properties.self as { id: string; departmentIds: string[] } | null;
      const selfCounted = !self || st.picked.has(self.id) || this.personCovered(self.departmentIds);
      const total = count + (selfCounted ? 0 : 1);
      this.setData({
        deptRows: this.deptRowsOf(this.currentDepartment()),
        // Only the chunks on screen are re-rendered; hidden ones are built when shown again.
        ...Object.fromEntries(
          (this.data.peopleChunks as Chunk[])
            .map((c, i) => [`peopleChunks[${i}]`, c.hidden ? null : this.chunkAt(i, true)] as const)
            .filter(([, c]) => c !== null),
        ),
        searchRows: this.searchCards().map((p) => this.personRow(p)),
        chips,
        count,
      });
      if (notify)
        this.triggerEvent('change', {
          departmentIds: [...st.ticked],
          employeeIds: [...st.picked.keys()],
          count,
          total,
          // By id: lets a page name the selection ("华东区、人事部") once the picker is closed.
          names: Object.fromEntries(chips.map((c) => [c.id, c.label])),
        });
    },

    onRetry() {
      void this.reload();
    },

    onMore() {
      void this.loadPeople();
    },
  },
});
