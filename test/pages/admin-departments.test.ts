// Admin org chart page with real vant components over the local cloud: the tree, and each edit
// done as a finger would — the row's 编辑 sheet, the name field, the move list, the delete dialog —
// checked against what the server stored. Refusals are the server's words, shown as a toast.
import { installPageCloud, load, openPage, settle, type PageCloud, type Rendered } from './harness';
import { ADMIN, resetSession, seedDirectory } from './directoryPages';
import { confirmDialog, waitFor } from './interact';
import type { DepartmentDoc } from '../../cloudfunctions/core/store/documents';

/* eslint-disable-next-line @typescript-eslint/no-explicit-any -- simulate's mock of WeChat's global */
declare const wx: any;

let pageId: string;
let pc: PageCloud;
beforeAll(() => {
  pageId = load('admin/departments/index');
});
beforeEach(async () => {
  pc = installPageCloud();
  resetSession();
  wx.showToast = jest.fn();
  await seedDirectory(pc.cloud);
});
afterEach(() => pc.close());

const stored = () => pc.cloud.db.tables.scan('departments', {}).docs as unknown as DepartmentDoc[];
const idOf = (name: string) => (stored().find((d) => d.name === name) as DepartmentDoc)._id;
const rowTexts = (page: Rendered) =>
  page.querySelectorAll('.dept').map((r) => (r.dom.textContent ?? '').replace(/\s+/g, ''));

/** Taps 编辑 on the row of `name`, then the sheet entry labelled `entry`. */
async function sheet(page: Rendered, name: string, entry: string) {
  const at = page.querySelectorAll('.dept').findIndex((r) => (r.dom.textContent ?? '').includes(name));
  page.querySelectorAll('.dept-edit')[at].dispatchEvent('tap');
  await settle();
  const items = (page.querySelector('#sheet') as Rendered).querySelectorAll('.van-action-sheet__item');
  const item = items.find((i) => i.dom.textContent?.trim() === entry);
  if (!item) throw new Error(`no ${entry} in ${items.map((i) => i.dom.textContent?.trim()).join(',')}`);
  item.dispatchEvent('tap');
  await settle();
}

/** Types into the name field and taps 保存. */
async function typeAndSave(page: Rendered, value: string) {
  // The field's own change event, as vant emits it when the text changes.
  (page.querySelector('.name-field') as Rendered).dispatchEvent('change', { detail: value });
  await settle();
  ((page.querySelector('.edit-save') as Rendered).querySelector('.van-button') as Rendered).dispatchEvent(
    'tap',
  );
  await settle(10);
}

it('refuses a non-admin', async () => {
  pc.actAs('o_li');
  const page = await openPage(pageId);
  await waitFor(() => page.data.denied === true, 'the refusal');
  expect(page.dom.textContent).toContain('仅管理员可访问');
});

it('shows the tree with counts, the top level open; tapping a department folds it', async () => {
  pc.actAs(ADMIN);
  const page = await openPage(pageId);
  await waitFor(() => rowTexts(page).length > 0, 'the tree');
  expect(rowTexts(page)).toEqual([
    '门店3人编辑',
    '中心店2人编辑',
    '东区店1人编辑',
    '人事部1人编辑',
    '财务部1人编辑',
  ]);
  (page.querySelectorAll('.dept-main')[0] as Rendered).dispatchEvent('tap');
  await settle();
  expect(rowTexts(page).map((t) => t.replace(/\d+人编辑/, ''))).toEqual(['门店', '人事部', '财务部']);
});

it('creates a sub-department, renames it, moves it to the top and reorders, as the server stores', async () => {
  pc.actAs(ADMIN);
  const page = await openPage(pageId);
  await waitFor(() => rowTexts(page).length > 0, 'the tree');

  await sheet(page, '门店', '新建下级部门');
  expect(page.data.edit).toMatchObject({ show: true, title: '在“门店”下新建部门' });
  await typeAndSave(page, '西区店');
  await waitFor(() => stored().some((d) => d.name === '西区店'), 'the new department');
  expect(stored().find((d) => d.name === '西区店')?.parentId).toBe(idOf('门店'));
  await waitFor(() => rowTexts(page).some((t) => t.startsWith('西区店0人')), 'the new row');

  await sheet(page, '西区店', '重命名');
  expect(page.data.edit).toMatchObject({ value: '西区店' });
  await typeAndSave(page, '西城店');
  await waitFor(() => rowTexts(page).some((t) => t.startsWith('西城店')), 'the renamed row');
  expect(stored().some((d) => d.name === '西区店')).toBe(false);

  await sheet(page, '西城店', '移动到…');
  const targets = page.querySelectorAll('.target');
  const labels = targets.map((t) => (t.dom.textContent ?? '').trim());
  // Its own subtree is not offered; its current parent is marked.
  expect(labels).toEqual(['顶级部门', '门店（当前）', '门店/中心店', '门店/东区店', '人事部', '财务部']);
  (targets[0].querySelector('.van-cell') as Rendered).dispatchEvent('tap');
  await waitFor(() => stored().find((d) => d.name === '西城店')?.parentId === null, 'the move');
  await waitFor(() => rowTexts(page).at(-1)?.startsWith('西城店') === true, 'the moved row at the end');

  await sheet(page, '西城店', '上移');
  await waitFor(() => rowTexts(page).at(-2)?.startsWith('西城店') === true, 'the row one place up');
  expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已上移' }));
});

it('delete: the server refuses a department with people in its words; an empty one goes', async () => {
  pc.actAs(ADMIN);
  const page = await openPage(pageId);
  await waitFor(() => rowTexts(page).length > 0, 'the tree');
  await sheet(page, '财务部', '删除');
  expect(page.data.confirm).toMatchObject({ show: true });
  confirmDialog(page);
  await waitFor(() => wx.showToast.mock.calls.length > 0, 'the refusal');
  expect(wx.showToast).toHaveBeenCalledWith(
    expect.objectContaining({ title: '部门下还有1 位员工，不能删除' }),
  );
  expect(stored().some((d) => d.name === '财务部')).toBe(true);

  await sheet(page, '门店', '新建下级部门');
  await typeAndSave(page, '临时店');
  await waitFor(() => rowTexts(page).some((t) => t.startsWith('临时店')), 'the new row');
  await sheet(page, '临时店', '删除');
  confirmDialog(page);
  await waitFor(() => !stored().some((d) => d.name === '临时店'), 'the deletion');
  await waitFor(() => !rowTexts(page).some((t) => t.startsWith('临时店')), 'the row gone');
});

it('为每个下级部门建群: after the confirmation, one group per store, and what happened to each', async () => {
  pc.actAs(ADMIN);
  const page = await openPage(pageId);
  await waitFor(() => rowTexts(page).length > 0, 'the tree');
  await sheet(page, '门店', '为每个下级部门建群');
  expect(page.data.groups).toMatchObject({ ask: true, name: '门店' });
  const dialog = page.querySelector('#groups-dialog') as Rendered;
  const buttons = dialog.querySelectorAll('.van-dialog__button');
  (buttons[buttons.length - 1].querySelector('.van-button') as Rendered).dispatchEvent('tap');
  await waitFor(() => (page.data.groups as { show: boolean }).show, 'the outcome list');
  const outcomes = page
    .querySelectorAll('.group-outcome')
    .map((c) => (c.dom.textContent ?? '').replace(/\s+/g, ''));
  expect(outcomes).toEqual(['中心店中心店群·2人·群主张伟已创建', '东区店东区店群·2人·群主王建国已创建']);
  const groups = (
    pc.cloud.db.tables.scan('conversations', {}).docs as unknown as { name: string; type: string }[]
  )
    .filter((c) => c.type === 'group')
    .map((c) => c.name)
    .sort();
  expect(groups).toEqual(['东区店群', '中心店群'].sort());
});
