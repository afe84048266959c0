// Colleague card with real vant components over the local cloud: the card, tap-to-call when the
// mobile is visible, 发消息 → groups.openDirect → the chat page (same conversation from both
// sides), and departed colleagues shown as 已离职 without the button.
import { installPageCloud, load, openPage, settle, type PageCloud, type Rendered } from './harness';
import { ADMIN, resetSession, seedDirectory } from './directoryPages';
import { waitFor } from './interact';
import { ok } from '../functions/helpers';

/* eslint-disable-next-line @typescript-eslint/no-explicit-any -- simulate's mock of WeChat's global */
declare const wx: any;

let profileId: string;
let pc: PageCloud;
let company: Awaited<ReturnType<typeof seedDirectory>>;
beforeAll(() => {
  profileId = load('pages/profile/index');
});
beforeEach(async () => {
  pc = installPageCloud();
  resetSession();
  wx.navigateTo = jest.fn();
  wx.reLaunch = jest.fn();
  wx.makePhoneCall = jest.fn();
  wx.showToast = jest.fn();
  company = await seedDirectory(pc.cloud);
});
afterEach(() => pc.close());

const text = (c: Rendered) => (c.dom.textContent ?? '').replace(/\s+/g, ' ');

async function open(openid: string, name: string): Promise<Rendered> {
  resetSession();
  pc.actAs(openid);
  const page = await openPage(profileId, { id: company.id(name) });
  await waitFor(() => !!page.data.card && text(page).includes(name), 'the card');
  return page;
}

it('shows the card and calls the mobile on tap', async () => {
  const page = await open('o_li', '张伟');
  expect(text(page)).toContain('店长');
  expect(text(page)).toContain('门店/中心店');
  expect(text(page)).toContain('A001');
  await waitFor(() => text(page).includes('13900000001'), 'the mobile');
  // The avatar component: the last two characters of the name on a coloured square.
  const avatar = page.dom.querySelector('[class*="avatar--text"]') as HTMLElement;
  expect(avatar.textContent).toBe('张伟');
  expect(avatar.getAttribute('style')).toMatch(/background:\s*#[0-9a-f]{6}/);
  page.querySelector('.mobile')?.dispatchEvent('click');
  await settle();
  expect(wx.makePhoneCall).toHaveBeenCalledWith(expect.objectContaining({ phoneNumber: '13900000001' }));
});

it('hides the mobile when the admin setting says so', async () => {
  await ok(pc.cloud, 'admin', ADMIN, { action: 'updateSettings', mobileVisible: false });
  const page = await open('o_li', '张伟');
  expect(page.querySelector('.mobile')).toBeFalsy();
  expect(text(page)).not.toContain('13900000001');
});

it('发消息 opens the one-to-one chat, the same conversation from both sides', async () => {
  const mine = await open('o_li', '张伟');
  await waitFor(() => mine.querySelector('.send') !== null, 'the button');
  mine.querySelector('.send')?.dispatchEvent('click');
  await waitFor(() => wx.navigateTo.mock.calls.length === 1, 'navigation to the chat');
  const url = wx.navigateTo.mock.calls[0][0].url as string;
  expect(url).toMatch(/^\/pages\/chat\/index\?id=.+/);

  const theirs = await open('o_zhang', '李娜');
  await waitFor(() => theirs.querySelector('.send') !== null, 'the button');
  theirs.querySelector('.send')?.dispatchEvent('click');
  await waitFor(() => wx.navigateTo.mock.calls.length === 2, 'navigation to the chat');
  expect(wx.navigateTo.mock.calls[1][0].url).toBe(url);
});

it('shows a departed colleague as 已离职 without 发消息, and no button on my own card', async () => {
  await ok(pc.cloud, 'admin', ADMIN, { action: 'offboard', employeeId: company.id('王强') });
  const page = await open('o_li', '王强');
  await waitFor(() => text(page).includes('已离职'), 'the departed mark');
  expect(page.querySelector('.send')).toBeFalsy();
  const own = await open('o_li', '李娜');
  expect(own.querySelector('.send')).toBeFalsy();
});

it('shows an error with retry for an unknown colleague', async () => {
  pc.actAs('o_li');
  const page = await openPage(profileId, { id: 'nobody' });
  await waitFor(() => page.data.error !== '', 'the error');
  expect(page.data.error).toBe('该员工不存在');
});
