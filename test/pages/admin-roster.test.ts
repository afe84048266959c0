// Admin roster page with real vant components over the local cloud: upload a CSV picked from a
// chat, read the per-row report and copy invite codes; mark someone departed and grant admin,
// each through the confirmation dialog.
import fs from 'fs';
import os from 'os';
import path from 'path';
import { installPageCloud, load, openPage, settle, type PageCloud, type Rendered } from './harness';
import { ADMIN, resetSession, seedDirectory } from './directoryPages';
import { waitFor } from './interact';
import type { EmployeeDoc } from '../../cloudfunctions/core/store/documents';

/* eslint-disable-next-line @typescript-eslint/no-explicit-any -- simulate's mock of WeChat's global */
declare const wx: any;

let rosterId: string;
let pc: PageCloud;
let tmp: string;
beforeAll(() => {
  rosterId = load('admin/roster/index');
});
beforeEach(async () => {
  pc = installPageCloud();
  resetSession();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'roster-page-'));
  wx.showToast = jest.fn();
  wx.setClipboardData = jest.fn();
  // The shared in-process wx.cloud has no uploadFile yet: store the picked file in the local
  // cloud's storage the way its HTTP upload route does.
  wx.cloud.uploadFile = async ({ cloudPath, filePath }: { cloudPath: string; filePath: string }) => ({
    fileID: pc.cloud.storage.upload(cloudPath, fs.readFileSync(filePath)),
    statusCode: 200,
    errMsg: 'cloud.uploadFile:ok',
  });
  await seedDirectory(pc.cloud);
});
afterEach(() => {
  pc.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const text = (c: Rendered) => (c.dom.textContent ?? '').replace(/\s+/g, ' ');
const employee = (name: string) =>
  (pc.cloud.db.tables.scan('employees', {}).docs as unknown as EmployeeDoc[]).find(
    (e) => e.name === name,
  ) as EmployeeDoc;
type RosterPage = { chooseFile(): Promise<void>; onDialogConfirm(): Promise<void> };

it('refuses a non-admin', async () => {
  pc.actAs('o_li');
  const page = await openPage(rosterId);
  await waitFor(() => page.data.denied === true, 'the refusal');
});

it('imports a picked CSV and shows the per-row report with invite codes to copy', async () => {
  const file = path.join(tmp, '新员工.csv');
  fs.writeFileSync(
    file,
    '姓名,手机号,部门,职位\n孙丽,13600000001,门店/中心店,导购\n,13600000002,门店,导购\n周杰,136000,门店,导购\n',
  );
  wx.chooseMessageFile = jest.fn(async () => ({ tempFiles: [{ path: file, name: '新员工.csv', size: 1 }] }));
  pc.actAs(ADMIN);
  const page = await openPage(rosterId);
  await waitFor(() => ((page.data.rows as unknown[] | undefined)?.length ?? 0) > 0, 'the employee list');
  await (page.instance as unknown as RosterPage).chooseFile();
  await waitFor(() => !!page.data.report || !!page.data.importError, 'the report');
  expect(page.data.importError).toBe('');
  await waitFor(() => page.querySelectorAll('.invite').length === 1, 'the invites');
  expect(wx.chooseMessageFile).toHaveBeenCalledWith(expect.objectContaining({ extension: ['xlsx', 'csv'] }));
  await waitFor(
    () => text(page).includes('缺少姓名') && text(page).includes('手机号格式不正确'),
    'the rejected rows',
  );
  expect(text(page)).toContain('第 2 行');
  expect(text(page)).toContain('第 3 行');
  const code = employee('孙丽').inviteCode as string;
  await waitFor(() => text(page).includes(code), 'the invite code');
  page.querySelectorAll('.invite')[0].dispatchEvent('click');
  await settle();
  expect(wx.setClipboardData).toHaveBeenCalledWith(
    expect.objectContaining({ data: expect.stringContaining(code) }),
  );
});

it('marks an employee departed and grants admin, each after the dialog', async () => {
  pc.actAs(ADMIN);
  const page = await openPage(rosterId);
  await waitFor(() => page.querySelectorAll('.offboard').length > 0, 'the list');
  const rowOf = (name: string) =>
    page.querySelectorAll('.person').find((p) => text(p).includes(name)) as Rendered;
  const button = (cls: string, name: string) =>
    page.querySelectorAll(cls).find((b) => b.dom.getAttribute('data-name') === name) as Rendered;

  await waitFor(() => !!rowOf('王强'), 'the row');
  button('.offboard', '王强').dispatchEvent('click');
  await settle();
  expect(page.data.dialogShow).toBe(true);
  expect(page.data.dialogTitle).toBe('办理 王强 离职？');
  expect(employee('王强').status).toBe('active');
  await (page.instance as unknown as RosterPage).onDialogConfirm();
  expect(employee('王强')).toMatchObject({ status: 'departed', openid: null });
  // Departed staff stay on the roster, marked 离职, without the actions for active staff.
  await waitFor(
    () => text(rowOf('王强')).includes('离职') && !button('.offboard', '王强'),
    'the row marked 离职',
  );

  button('.admin-toggle', '李娜').dispatchEvent('click');
  await settle();
  expect(page.data.dialogTitle).toBe('设 李娜 为管理员？');
  await (page.instance as unknown as RosterPage).onDialogConfirm();
  expect(employee('李娜').isAdmin).toBe(true);
});

it('filters by status, finds departed staff and opens an employee’s page', async () => {
  pc.actAs(ADMIN);
  const page = await openPage(rosterId);
  await waitFor(() => page.querySelectorAll('.person').length > 0, 'the list');
  const names = () => page.querySelectorAll('.person-name').map((p) => text(p).trim().split(' ')[0]);
  const all = names();
  const filter = (label: string) =>
    page.querySelectorAll('.filter').find((f) => text(f).trim() === label) as Rendered;
  const wang = employee('王强');
  await pc.cloud.invoke('admin', ADMIN, { action: 'offboard', employeeId: wang._id });
  filter('离职').dispatchEvent('tap');
  await waitFor(() => names().join() === '王强', 'only the departed');
  filter('全部').dispatchEvent('tap');
  await waitFor(() => names().length === all.length, 'everyone again');
  wx.navigateTo = jest.fn();
  page.querySelectorAll('.person-open')[0].dispatchEvent('tap');
  await settle();
  expect(wx.navigateTo).toHaveBeenCalledWith({
    url: expect.stringMatching(/^\/admin\/employee\/index\?id=/),
  });
});
