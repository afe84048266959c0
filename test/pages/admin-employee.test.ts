// The admin's employee page (opened from the roster) with real vant components over the local
// cloud: see and reissue an invite code (the old one stops binding), finish an unfinished
// offboarding, rehire, and 编辑资料.
import { installPageCloud, load, openPage, settle, type PageCloud, type Rendered } from './harness';
import { ADMIN, resetSession, seedDirectory } from './directoryPages';
import { confirmDialog, waitFor } from './interact';
import { ok } from '../functions/helpers';

/* eslint-disable-next-line @typescript-eslint/no-explicit-any -- simulate's mock of WeChat's global */
declare const wx: any;

let pageId: string;
let pc: PageCloud;
let people: Awaited<ReturnType<typeof seedDirectory>>;
beforeAll(() => {
  pageId = load('admin/employee/index');
});
beforeEach(async () => {
  pc = installPageCloud();
  resetSession();
  wx.showToast = jest.fn();
  wx.showLoading = jest.fn();
  wx.hideLoading = jest.fn();
  wx.setClipboardData = jest.fn();
  wx.navigateTo = jest.fn();
  people = await seedDirectory(pc.cloud);
});
afterEach(() => pc.close());

const text = (c: Rendered) => (c.dom.textContent ?? '').replace(/\s+/g, ' ');
const statusOf = (page: Rendered) =>
  (page.data.detail as { employee: { rosterStatus: string } } | null)?.employee.rosterStatus;
const stored = (id: string) => pc.cloud.db.tables.getById('employees', id) as Record<string, unknown>;

async function open(name: string): Promise<Rendered> {
  pc.actAs(ADMIN);
  const page = await openPage(pageId, { id: people.id(name) });
  await waitFor(() => !!page.data.detail, 'the employee');
  return page;
}

it('shows an unbound employee’s invite code and reissues it; the old code stops binding', async () => {
  const page = await open('赵敏');
  const old = people.code('赵敏');
  expect(text(page)).toContain('未绑定');
  expect(text(page)).toContain(old);
  page.querySelector('.invite')?.dispatchEvent('click');
  await settle();
  expect(wx.setClipboardData).toHaveBeenCalledWith({ data: expect.stringContaining(old) });

  page.querySelector('.reissue')?.dispatchEvent('click');
  await settle();
  expect(page.data.dialogTitle).toBe('重新生成 赵敏 的邀请码？');
  confirmDialog(page);
  const fresh = () => stored(people.id('赵敏')).inviteCode as string;
  await waitFor(() => fresh() !== old && text(page).includes(fresh()), 'the new code');
  expect(text(page)).not.toContain(old);
  const refused = await pc.cloud.invoke('directory', 'o_zhao', { action: 'bind', inviteCode: old });
  expect(refused).toMatchObject({ ok: false, error: { message: '邀请码无效' } });
  expect(await pc.cloud.invoke('directory', 'o_zhao', { action: 'bind', inviteCode: fresh() })).toMatchObject(
    {
      ok: true,
    },
  );
});

it('finishes an unfinished offboarding, then rehires with a fresh code', async () => {
  const li = people.id('李娜');
  await ok(pc.cloud, 'groups', 'o_zhang', { action: 'create', name: '店群', employeeIds: [li] });
  // An offboarding killed after the mark: departed, still in the group.
  pc.cloud.db.tables.put('employees', {
    ...stored(li),
    status: 'departed',
    rosterStatus: 'offboarding',
    openid: null,
    offboardingAt: Date.now(),
  });
  const page = await open('李娜');
  expect(text(page)).toContain('离职处理中');
  expect(text(page)).toMatch(/尚未退出的群\s*1 个/);
  expect(page.querySelector('.offboard')).toBeFalsy();
  page.querySelector('.finish')?.dispatchEvent('click');
  await settle();
  expect(page.data.dialogTitle).toBe('完成 李娜 的离职？');
  confirmDialog(page);
  await waitFor(() => statusOf(page) === 'departed', 'the offboarding finished');
  expect(pc.cloud.db.tables.scan('members', { employeeId: li }).docs).toHaveLength(0);

  await waitFor(() => !!page.querySelector('.rehire'), 'the rehire button');
  page.querySelector('.rehire')?.dispatchEvent('click');
  await settle();
  confirmDialog(page);
  await waitFor(() => statusOf(page) === 'unbound', 'rehired');
  expect(stored(li)).toMatchObject({ status: 'active', openid: null });
  expect(text(page)).toContain(stored(li).inviteCode as string);
});

it('编辑资料 opens the edit page for this employee; a non-admin is refused', async () => {
  const page = await open('王强');
  page.querySelector('.edit')?.dispatchEvent('click');
  await settle();
  expect(wx.navigateTo).toHaveBeenCalledWith({ url: `/admin/employee-edit/index?id=${people.id('王强')}` });

  pc.actAs('o_li');
  const refused = await openPage(pageId, { id: people.id('王强') });
  await waitFor(() => refused.data.denied === true, 'the refusal');
});
