// 编辑员工资料 with real vant components over the local cloud: an admin moves 李娜 from 技术部 to
// 销售部 with the department picker and saves; the page says which auto-synced groups she joined
// and left; refusals from the server are shown and change nothing; non-admins are refused.
import { installPageCloud, load, openPage, type PageCloud, type Rendered } from './harness';
import { stubWx, tapButton, waitFor } from './interact';
import { createGroup, openidOf, seedCompany, storedMembers } from '../functions/groups-fixture';
import { db } from '../../cloudfunctions/core/platform/cloud';
import type { EmployeeDoc } from '../../cloudfunctions/core/store/documents';

/* eslint-disable-next-line @typescript-eslint/no-explicit-any -- simulate's mock of WeChat's global */
declare const wx: any;

let pc: PageCloud;
let editId: string;
let tech: string;
let sales: string;
beforeAll(() => {
  editId = load('admin/employee-edit/index');
});
beforeEach(async () => {
  pc = installPageCloud();
  await seedCompany(pc.cloud);
  await pc.cloud.runAs('seed', async () => {
    await db()
      .collection('employees')
      .doc('zhang')
      .update({ data: { isAdmin: true } });
  });
  const make = async (name: string, dept: string) =>
    (await createGroup(pc.cloud, 'zhang', { name, departmentIds: [dept], autoSync: true })).conversation.id;
  tech = await make('技术群', 'tech');
  sales = await make('销售群', 'sales');
  stubWx('showToast', 'navigateTo', 'navigateBack', 'setNavigationBarTitle');
});
afterEach(() => pc.close());

const text = (c: Rendered) => (c.dom.textContent ?? '').replace(/\s+/g, ' ');
const stored = (id: string) =>
  (pc.cloud.db.tables.scan('employees', {}).docs as unknown as EmployeeDoc[]).find((e) => e._id === id);
const rowOf = (page: Rendered, path: string) =>
  page.querySelectorAll('.dept-row').find((r) => (r.dom.textContent ?? '').includes(path)) as Rendered;

it('moves her with the picker; the page names the groups she joined and left', async () => {
  pc.actAs(openidOf('zhang'));
  const page = await openPage(editId, { id: 'li' });
  await waitFor(() => page.data.loading === false, 'the form');
  expect(text(page)).toContain('技术部');
  expect((page.data.form as { name: string }).name).toBe('李娜');

  (page.querySelector('.departments-cell') as Rendered).dispatchEvent('click');
  await waitFor(() => (page.data.picker as { show: boolean }).show, 'the picker');
  rowOf(page, '技术部').dispatchEvent('tap');
  rowOf(page, '销售部').dispatchEvent('tap');
  await waitFor(() => (page.data.picker as { count: number }).count === 1, 'one ticked');
  tapButton(page, '.picker-confirm');
  await waitFor(() => page.data.departmentLabel === '总部/销售部', 'the new department');

  tapButton(page, '.save');
  await waitFor(() => (page.data.outcome as { shown: boolean }).shown, 'the outcome');
  expect(text(page)).toContain('已加入：销售群');
  expect(text(page)).toContain('已退出：技术群');
  expect(stored('li')?.departmentIds).toEqual(['sales']);
  expect(storedMembers(pc.cloud, sales).map((m) => m.employeeId)).toContain('li');
  expect(storedMembers(pc.cloud, tech).map((m) => m.employeeId)).not.toContain('li');
});

it('shows the server refusal (a mobile in use) and changes nothing; a non-admin is refused', async () => {
  pc.actAs(openidOf('zhang'));
  const page = await openPage(editId, { id: 'li' });
  await waitFor(() => page.data.loading === false, 'the form');
  const before = stored('li');
  page.setData({ 'form.mobile': stored('wang')?.mobile });
  tapButton(page, '.save');
  await waitFor(() => wx.showToast.mock.calls.length > 0, 'the refusal');
  expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '手机号已被 王强 使用' }));
  expect(stored('li')).toEqual(before);

  pc.actAs(openidOf('wang'));
  const refused = await openPage(editId, { id: 'li' });
  await waitFor(() => refused.data.denied === true || refused.data.loading === false, 'the load');
  // directory.profile answers a colleague; the save is what the server refuses a non-admin.
  tapButton(refused, '.save');
  await waitFor(() => wx.showToast.mock.calls.length > 1, 'the second refusal');
  expect(wx.showToast.mock.calls[1][0].title).toBe('仅管理员可以执行该操作');
});
