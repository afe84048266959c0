// First-run bind page with real vant components over the local cloud: wrong / used / expired
// invite codes show their Chinese errors; a good code or WeChat's phone authorization binds and
// relaunches into the app.
import { installPageCloud, load, openPage, settle, type PageCloud, type Rendered } from './harness';
import { resetSession, seedDirectory } from './directoryPages';
import { waitFor } from './interact';
import { INVITE_TTL_MS } from '../../cloudfunctions/core/domain/invite';
import type { EmployeeDoc } from '../../cloudfunctions/core/store/documents';

/* eslint-disable-next-line @typescript-eslint/no-explicit-any -- simulate's mock of WeChat's global */
declare const wx: any;

let bindId: string;
let pc: PageCloud;
let company: Awaited<ReturnType<typeof seedDirectory>>;
const realNow = Date.now;
beforeAll(() => {
  bindId = load('pages/bind/index');
});
beforeEach(async () => {
  pc = installPageCloud();
  resetSession();
  wx.reLaunch = jest.fn();
  wx.showToast = jest.fn();
  company = await seedDirectory(pc.cloud);
});
afterEach(() => {
  pc.cloud.setClock(realNow);
  pc.close();
});

type BindPage = {
  onCodeInput(e: { detail: string }): void;
  onBindCode(): Promise<void>;
  onPhoneNumber(e: { detail: { code?: string } }): Promise<void>;
};
const text = (c: Rendered) => (c.dom.textContent ?? '').replace(/\s+/g, ' ');
const openidOf = (name: string) =>
  (pc.cloud.db.tables.scan('employees', {}).docs as unknown as EmployeeDoc[]).find((e) => e.name === name)
    ?.openid ?? null;

async function open(openid: string): Promise<Rendered> {
  pc.actAs(openid);
  const page = await openPage(bindId);
  await waitFor(() => page.data.checking === false, 'the page');
  return page;
}

async function tryCode(page: Rendered, code: string) {
  const inst = page.instance as unknown as BindPage;
  inst.onCodeInput({ detail: code });
  page.querySelector('.code-button')?.dispatchEvent('click');
  await inst.onBindCode();
  await settle();
}

it('shows the explanation and both ways to bind', async () => {
  const page = await open('o_new');
  await waitFor(() => text(page).includes('手机号快捷绑定'), 'the buttons');
  expect(text(page)).toContain('邀请码');
  expect(text(page)).toContain('请绑定你在公司花名册中的员工身份');
});

it('shows 邀请码无效, 邀请码已被使用 and 邀请码已过期', async () => {
  const page = await open('o_new');
  await tryCode(page, 'WRONGCODE');
  await waitFor(() => text(page).includes('邀请码无效'), 'the invalid message');

  await tryCode(page, company.code('张伟'));
  await waitFor(() => text(page).includes('邀请码已被使用'), 'the used message');

  const t0 = realNow();
  pc.cloud.setClock(() => t0 + INVITE_TTL_MS + 60_000);
  await tryCode(page, company.code('赵敏'));
  await waitFor(() => text(page).includes('邀请码已过期'), 'the expired message');
  expect(wx.reLaunch).not.toHaveBeenCalled();
  expect(openidOf('赵敏')).toBeNull();
});

it('binds with a good code (any case) and relaunches into the app', async () => {
  const page = await open('o_zhao');
  await tryCode(page, company.code('赵敏').toLowerCase());
  await waitFor(() => wx.reLaunch.mock.calls.length > 0, 'the relaunch');
  expect(wx.reLaunch).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/chats/index' }));
  expect(openidOf('赵敏')).toBe('o_zhao');
});

it('binds with the phone-number button and explains a refusal', async () => {
  const page = await open('o_chen');
  const inst = page.instance as unknown as BindPage;
  await inst.onPhoneNumber({ detail: {} });
  expect(page.data.error).toContain('授权手机号');
  pc.cloud.openapi.registerPhoneCode('phone-code-1', '13900000005');
  await inst.onPhoneNumber({ detail: { code: 'phone-code-1' } });
  await waitFor(() => wx.reLaunch.mock.calls.length > 0, 'the relaunch');
  expect(openidOf('陈静')).toBe('o_chen');
});

it('sends an already bound user straight into the app', async () => {
  await open('o_li');
  expect(wx.reLaunch).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/chats/index' }));
});
