// 我 tab over the local cloud: my card, 管理后台 only for admins, unbound users sent to bind.
import { installPageCloud, load, openPage, settle, type PageCloud, type Rendered } from './harness';
import { ADMIN, resetSession, seedDirectory } from './directoryPages';
import { waitFor } from './interact';

/* eslint-disable-next-line @typescript-eslint/no-explicit-any -- simulate's mock of WeChat's global */
declare const wx: any;

let meId: string;
let pc: PageCloud;
beforeAll(() => {
  meId = load('pages/me/index');
});
beforeEach(async () => {
  pc = installPageCloud();
  resetSession();
  wx.navigateTo = jest.fn();
  wx.reLaunch = jest.fn();
  await seedDirectory(pc.cloud);
});
afterEach(() => pc.close());

const text = (c: Rendered) => (c.dom.textContent ?? '').replace(/\s+/g, ' ');

it('shows my card without the admin entry for a plain employee', async () => {
  pc.actAs('o_li');
  const page = await openPage(meId);
  await waitFor(() => text(page).includes('李娜') && text(page).includes('关于'), 'my card');
  expect(text(page)).toContain('导购');
  expect(text(page)).toContain('门店/中心店');
  expect(page.querySelector('.admin-entry')).toBeFalsy();
});

it('offers 管理后台 to an admin', async () => {
  pc.actAs(ADMIN);
  const page = await openPage(meId);
  await waitFor(() => !!page.querySelector('.admin-entry'), 'the admin entry');
  page.querySelector('.admin-entry')?.dispatchEvent('click');
  await settle();
  expect(wx.navigateTo).toHaveBeenCalledWith(expect.objectContaining({ url: '/admin/home/index' }));
});

it('sends an unbound user to the bind page', async () => {
  pc.actAs('o_nobody');
  await openPage(meId);
  expect(wx.reLaunch).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/bind/index' }));
});
