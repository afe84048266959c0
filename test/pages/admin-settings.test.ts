// Settings page: restricting the initiation permission to one department through the picker saves it.
import type { Settings } from '../../typings/api';
import { makeCompany, makeGroup, type Company } from '../functions/admin-fixtures';
import { ok } from '../functions/helpers';
import { installPageCloud, load, openPage, settle, type PageCloud, type Rendered } from './harness';

/* eslint-disable-next-line @typescript-eslint/no-explicit-any -- simulate's mock of WeChat's global */
declare const wx: any;

let pc: PageCloud;
let co: Company;
let settingsPage: string;
beforeAll(() => {
  settingsPage = load('admin/settings/index');
});
beforeEach(async () => {
  pc = installPageCloud();
  co = await makeCompany(pc.cloud);
});
afterEach(() => pc.close());

const settings = () => ok<Settings>(pc.cloud, 'admin', co.admin.openid, { action: 'getSettings' });
const tapButton = async (host: Rendered | null) => {
  (host?.querySelector('.van-button') as Rendered).dispatchEvent('tap');
  await settle(10);
};

describe('admin/settings page', () => {
  it('saves an initiation permission restricted to one department chosen in the picker', async () => {
    pc.actAs(co.admin.openid);
    const page = await openPage(settingsPage);
    expect(page.dom.textContent).toContain('发起群聊权限');
    expect(page.dom.textContent).toContain('群成员上限');
    expect(page.dom.querySelector('van-stepper')).not.toBeNull();
    expect(page.dom.querySelector('van-switch')).not.toBeNull();

    // 指定人员和部门: the whole row picks it, not only the circle.
    (page.querySelector('#initiation-restricted-row')?.querySelector('.van-cell') as Rendered).dispatchEvent(
      'tap',
    );
    await settle();
    expect(page.data.initiation).toMatchObject({ mode: 'restricted' });
    const pick = page.querySelector('#initiation-pick') as Rendered;
    (pick.querySelector('.van-cell') as Rendered).dispatchEvent('tap');
    await settle(10);
    expect(page.data.pickerShow).toBe(true);

    const picker = page.querySelector('#member-picker') as Rendered;
    // Root level shows 门店; drill in and tick 一店.
    const drill = picker.querySelectorAll('.arrow');
    expect(drill).toHaveLength(1);
    drill[0].dispatchEvent('tap');
    await settle(10);
    const rows = picker.querySelectorAll('.dept');
    expect(rows.map((r) => r.dom.textContent?.replace(/\s+/g, ''))).toEqual(['一店（4人）']);
    picker.querySelectorAll('.tick-dept')[0].dispatchEvent('tap');
    await settle();
    expect(page.dom.textContent).toContain('已选：一店');
    await tapButton(page.querySelector('#picker-confirm'));
    expect(page.data.pickerShow).toBe(false);
    // The summary names the department, not only how many.
    expect((page.data.initiation as { summary: string }).summary).toBe('一店');

    expect((await settings()).initiation).toEqual({ mode: 'all' });
    await tapButton(page.querySelector('#save'));
    expect((await settings()).initiation).toEqual({
      mode: 'restricted',
      departmentIds: [co.deptId],
      employeeIds: [],
    });
    // Opened again, the page names the department from getSettings' scopeNames.
    const again = await openPage(settingsPage);
    expect((again.data.initiation as { summary: string }).summary).toBe('一店');
    // Other settings kept their values.
    expect(await settings()).toMatchObject({
      usageScope: { mode: 'all' },
      memberCap: 1000,
      mobileVisible: true,
    });
  });

  it('narrowing the usage scope says how many group members it leaves out, and saves only when told to', async () => {
    await makeGroup(pc.cloud, co.people[0], [co.people[1]]);
    pc.actAs(co.admin.openid);
    const page = await openPage(settingsPage);
    // Only the admin, who is in no group: both group members fall outside.
    page.instance.setData({
      usageScope: { mode: 'restricted', departmentIds: [], employeeIds: [co.admin.id], summary: '王建国' },
    });
    let answer = false;
    const modal = jest.fn((o: { success(r: { confirm: boolean }): void }) => o.success({ confirm: answer }));
    wx.showModal = modal;
    wx.showToast = jest.fn();

    await tapButton(page.querySelector('#save'));
    expect(modal).toHaveBeenCalledTimes(1);
    const asked = modal.mock.calls[0][0] as unknown as {
      title: string;
      content: string;
      confirmText: string;
    };
    expect(asked.title).toBe('2 位现有群成员不在新的使用范围内');
    expect(asked.content).toContain(co.people[0].name);
    expect(asked.confirmText).toBe('仅保存');
    expect((await settings()).usageScope).toEqual({ mode: 'all' }); // 取消 saves nothing

    answer = true;
    await tapButton(page.querySelector('#save'));
    expect((await settings()).usageScope).toEqual({
      mode: 'restricted',
      departmentIds: [],
      employeeIds: [co.admin.id],
    });
    // Saving again without changing the scope does not ask again.
    await tapButton(page.querySelector('#save'));
    expect(modal).toHaveBeenCalledTimes(2);
  });

  it('refuses a non-admin', async () => {
    pc.actAs(co.people[0].openid);
    const page = await openPage(settingsPage);
    expect(page.dom.textContent).toContain('仅管理员可访问');
    expect(page.dom.textContent).not.toContain('群成员上限');
  });
});
