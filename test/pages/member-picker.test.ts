// components/member-picker on its own: an initial selection (as the admin settings pickers pass
// it) shows named chips and the count; ticking a department covers its people; chips remove.
import { installPageCloud, load, type PageCloud, type Rendered } from './harness';
import { waitFor } from './interact';
import { openidOf, seedCompany } from '../functions/groups-fixture';
import { bootstrapAdmin, ok, seedDocs } from '../functions/helpers';
import { buildEmployee } from '../../cloudfunctions/core/domain/employee';

const simulate = require('miniprogram-simulate') as {
  render(id: string, props?: Record<string, unknown>): Rendered;
  sleep(ms: number): Promise<void>;
};

let pc: PageCloud;
let id: string;
beforeAll(() => {
  id = load('components/member-picker/index');
});
beforeEach(async () => {
  pc = installPageCloud();
  await seedCompany(pc.cloud);
  pc.actAs(openidOf('zhang'));
});
afterEach(() => pc.close());

function mount(props: Record<string, unknown>): Rendered {
  const comp = simulate.render(id, props);
  comp.attach(document.createElement('parent-wrapper'));
  return comp;
}

it('shows an initial selection as named chips with its count', async () => {
  const picker = mount({ initialDepartmentIds: ['sales'], initialEmployeeIds: ['li', 'chen'] });
  await waitFor(() => (picker.dom.textContent ?? '').includes('李娜'), 'the chip names');
  const chips = (picker.data.chips as { label: string }[]).map((c) => c.label);
  expect(chips).toEqual(['销售部', '李娜', '陈静']);
  // 销售部 covers 赵敏, 陈静, 刘洋 (3); 李娜 adds one; 陈静 is already covered.
  expect(picker.data.count).toBe(4);
});

it('emits change when a chip is removed', async () => {
  const picker = mount({ initialDepartmentIds: ['tech'] });
  const changes: { count: number; departmentIds: string[] }[] = [];
  (
    picker as unknown as {
      addEventListener(
        n: string,
        f: (e: { detail: { count: number; departmentIds: string[] } }) => void,
      ): void;
    }
  ).addEventListener('change', (e) => changes.push(e.detail));
  await waitFor(() => picker.data.count === 3, 'the initial count'); // 李娜 王强 杨帆
  picker.querySelectorAll('.chip')[0].dispatchEvent('close');
  await waitFor(() => changes.length > 0, 'a change');
  expect(changes[changes.length - 1]).toMatchObject({ count: 0, departmentIds: [] });
});

describe('a narrow usage scope', () => {
  beforeEach(async () => {
    await bootstrapAdmin(pc.cloud);
    // 技术部 only: 销售部's 赵敏 is outside.
    await ok(pc.cloud, 'admin', 'o_admin', {
      action: 'updateSettings',
      usageScope: { mode: 'restricted', employeeIds: [], departmentIds: ['tech'] },
    });
    pc.actAs(openidOf('li'));
  });

  async function searchZhao(props: Record<string, unknown>): Promise<Rendered> {
    const picker = mount(props);
    await waitFor(() => picker.data.loading === false, 'the tree');
    const inst = picker.instance as unknown as { onSearch(e: { detail: string }): Promise<void> };
    await inst.onSearch({ detail: '赵敏' });
    await waitFor(() => (picker.data.searchRows as unknown[]).length === 1, 'the search row');
    return picker;
  }

  it('greys people outside it with the reason, and they cannot be ticked', async () => {
    const picker = await searchZhao({});
    const row = picker.querySelector('.tick-person') as Rendered;
    expect(row.dom.className).toContain('row--off');
    expect(row.dom.textContent).toContain('不在使用范围内');
    row.dispatchEvent('tap');
    await simulate.sleep(20);
    expect(picker.data.chips).toEqual([]);
    expect(picker.data.count).toBe(0);
  });

  it('does not grey anyone when the picker chooses the scope itself (admin settings)', async () => {
    const picker = await searchZhao({ forScope: true });
    const row = picker.querySelector('.tick-person') as Rendered;
    expect(row.dom.textContent).not.toContain('不在使用范围内');
    row.dispatchEvent('tap');
    await waitFor(() => picker.data.count === 1, 'the tick');
  });
});

it('windows a 1,000-person department: a bounded number of rows however far one scrolls', async () => {
  const now = Date.now();
  await seedDocs(
    pc.cloud,
    'employees',
    Array.from({ length: 1000 }, (_, i) =>
      buildEmployee(
        {
          id: `big${String(i).padStart(4, '0')}`,
          name: `员工${String(i).padStart(4, '0')}`,
          mobile: `136${String(i).padStart(8, '0')}`,
          departmentIds: ['sales'],
        },
        now,
      ),
    ),
  );
  const picker = mount({});
  await waitFor(() => picker.data.loading === false, 'the tree');
  type Picker = {
    onDrill(e: unknown): void;
    loadPeople(): Promise<void>;
    onListScroll(e: { detail: { scrollTop: number } }): void;
  };
  const inst = picker.instance as unknown as Picker;
  inst.onDrill({ currentTarget: { dataset: { id: 'sales' } } });
  await waitFor(() => picker.querySelectorAll('.tick-person').length > 0, 'the first page');
  // Scroll to the very end: every page loaded, one chunk per page.
  for (let i = 0; i < 80 && picker.data.hasMore; i++) await inst.loadPeople();
  const chunks = picker.data.peopleChunks as { items: unknown[]; hidden: boolean }[];
  expect(chunks.reduce((n, c) => n + (c.hidden ? 0 : c.items.length), 0)).toBeLessThanOrEqual(60);
  expect(chunks.length).toBeGreaterThanOrEqual(50);
  const rendered = () => picker.querySelectorAll('.tick-person').length;
  expect(rendered()).toBeLessThanOrEqual(60);
  // Back at the top: the first people render again, the bottom collapses.
  inst.onListScroll({ detail: { scrollTop: 0 } });
  await waitFor(() => (picker.dom.textContent ?? '').includes('员工0000'), 'the first chunk again');
  expect(rendered()).toBeLessThanOrEqual(60);
  expect(picker.dom.textContent).not.toContain('员工0999');
});
