// 通讯录 tab with real vant components over the local cloud: departments with counts, instant
// search by name / initials / mobile, drill-down. (One page per test file: simulate cannot load
// the same vant components for a second page in one module registry.)
import { installPageCloud, load, openPage, settle, type PageCloud, type Rendered } from './harness';
import { stubWx, waitFor } from './interact';
import { resetSession, seedDirectory } from './directoryPages';
import { ok } from '../functions/helpers';
import type { Department } from '../../typings/api';

/* eslint-disable-next-line @typescript-eslint/no-explicit-any -- simulate's mock of WeChat's global */
declare const wx: any;

let contactsId: string;
let pc: PageCloud;
beforeAll(() => {
  contactsId = load('pages/contacts/index');
});
beforeEach(() => {
  pc = installPageCloud();
  resetSession();
  stubWx('navigateTo', 'reLaunch', 'redirectTo', 'switchTab', 'setNavigationBarTitle');
});
afterEach(() => pc.close());

const text = (c: Rendered) => (c.dom.textContent ?? '').replace(/\s+/g, ' ');
type ContactsPage = { onSearchChange(e: { detail: string }): Promise<void>; onReachBottom(): Promise<void> };

describe('通讯录 tab', () => {
  beforeEach(async () => {
    await seedDirectory(pc.cloud);
  });

  it('sends an unbound user to the bind page', async () => {
    pc.actAs('o_stranger');
    await openPage(contactsId);
    expect(wx.reLaunch).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/bind/index' }));
  });

  it('shows root departments with member counts and drills into one', async () => {
    pc.actAs('o_li');
    const page = await openPage(contactsId);
    await waitFor(() => page.querySelectorAll('.root-dept').length > 0, 'departments');
    const roots = page.querySelectorAll('.root-dept');
    expect(roots.map((r) => text(r))).toEqual([
      expect.stringMatching(/门店.*3人/),
      expect.stringMatching(/人事部.*1人/),
      expect.stringMatching(/财务部.*1人/),
    ]);
    expect(text(page)).toContain('我的部门');
    roots[0].dispatchEvent('click');
    await settle();
    const tree = (await ok<{ items: Department[] }>(pc.cloud, 'directory', 'o_li', { action: 'departments' }))
      .items;
    expect(wx.navigateTo).toHaveBeenCalledWith(
      expect.objectContaining({
        url: `/pages/department/index?id=${tree.find((d) => d.path === '门店')!.id}`,
      }),
    );
  });

  it('searches instantly by name, pinyin initials and mobile, newest keyword winning', async () => {
    pc.actAs('o_li');
    const page = await openPage(contactsId);
    const inst = page.instance as unknown as ContactsPage;
    const names = () => page.querySelectorAll('.search-result').map((r) => text(r));

    await inst.onSearchChange({ detail: '张' });
    await waitFor(() => names().length === 1, 'name search');
    expect(names()[0]).toContain('张伟');
    expect(names()[0]).toContain('店长');

    await inst.onSearchChange({ detail: 'wq' });
    await waitFor(() => names().some((n) => n.includes('王强')), 'initials search');

    // Two keystrokes in flight: the older answer must not replace the newer one.
    const slow = inst.onSearchChange({ detail: 'z' });
    const fast = inst.onSearchChange({ detail: '0005' });
    await Promise.all([slow, fast]);
    await settle();
    expect(names()).toEqual([expect.stringContaining('陈静')]);

    await inst.onSearchChange({ detail: '不存在的人' });
    await waitFor(() => text(page).includes('没有找到'), 'the empty state');

    page.querySelectorAll('.search-result');
    await inst.onSearchChange({ detail: '李' });
    await waitFor(() => names().length === 1, 'a result');
    page.querySelectorAll('.search-result')[0].dispatchEvent('tap');
    await settle();
    expect(wx.navigateTo).toHaveBeenLastCalledWith(
      expect.objectContaining({ url: expect.stringMatching(/^\/pages\/profile\/index\?id=/) }),
    );
  });
});
