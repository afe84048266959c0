// 发起群聊 with real vant components over the local cloud: tick a department → the count
// follows → 创建 creates the group and opens the chat.
import { installPageCloud, load, openPage, type PageCloud, type Rendered } from './harness';
import { tapButton, waitFor } from './interact';
import { openidOf, seedCompany, storedMembers } from '../functions/groups-fixture';
import { ok } from '../functions/helpers';
import { clearSession } from '../../miniprogram/services/session';

/* eslint-disable-next-line @typescript-eslint/no-explicit-any -- simulate's mock of WeChat's global */
declare const wx: any;

let pc: PageCloud;
let pageId: string;
beforeAll(() => {
  pageId = load('pages/group-create/index');
});
beforeEach(async () => {
  clearSession(); // who I am is cached per session; each test acts as someone else
  pc = installPageCloud();
  await seedCompany(pc.cloud);
  wx.redirectTo = jest.fn();
  wx.showToast = jest.fn();
});
afterEach(() => pc.close());

const text = (c: Rendered) => c.dom.textContent ?? '';
const picker = (page: Rendered) => page.querySelector('#picker') as Rendered;

it('ticks a whole department, shows the running count, creates and opens the chat', async () => {
  pc.actAs(openidOf('zhang'));
  const page = await openPage(pageId);
  await waitFor(() => text(page).includes('总部'), 'the department tree');
  expect(text(page)).toContain('已选 0 / 1000');
  // The 创建 button starts disabled with its reason.
  expect(page.data.reason).toBe('请选择部门或同事');

  // Drill into 总部 and tick 销售部 (销售部 + 一组: 赵敏, 陈静, 刘洋 — 离职者 not counted).
  const p = picker(page);
  const hq = p.querySelectorAll('.drill').find((n) => (n.dom.textContent ?? '').includes('总部')) as Rendered;
  hq.dispatchEvent('tap');
  await waitFor(() => text(page).includes('销售部'), 'the sub-departments');
  const rows = p.querySelectorAll('.dept');
  const salesIndex = rows.findIndex((r) => (r.dom.textContent ?? '').includes('销售部'));
  p.querySelectorAll('.tick-dept')[salesIndex].dispatchEvent('tap');
  await waitFor(() => page.data.count === 3, 'the count');
  expect(text(page)).toContain('已选 3 / 1000');
  expect(text(page)).toContain('销售部'); // the chip
  expect(page.data.reason).toBe('');

  // Also pick 李娜 by search.
  const search = p.instance as unknown as { onSearch(e: { detail: string }): Promise<void> };
  await search.onSearch({ detail: '李娜' });
  await waitFor(() => p.querySelectorAll('.tick-person').length > 0, 'search results');
  p.querySelectorAll('.tick-person')[0].dispatchEvent('tap');
  await waitFor(() => page.data.count === 4, 'the count after picking a person');

  tapButton(page, '.submit');
  await waitFor(() => wx.redirectTo.mock.calls.length > 0, 'the redirect to the chat');
  const url = wx.redirectTo.mock.calls[0][0].url as string;
  const id = url.split('id=')[1];
  expect(url).toBe(`/pages/chat/index?id=${id}`);
  expect(
    storedMembers(pc.cloud, id)
      .map((m) => m.employeeId)
      .sort(),
  ).toEqual(['chen', 'li', 'liu', 'zhang', 'zhao']);
});

it('disables 创建 with the reason when the caller may not create groups', async () => {
  pc.actAs('o_admin');
  await ok(pc.cloud, 'admin', 'o_admin', {
    action: 'bootstrap',
    name: '王建国',
    mobile: '13800000000',
    setupToken: 'local-setup',
  });
  await ok(pc.cloud, 'admin', 'o_admin', {
    action: 'updateSettings',
    initiation: { mode: 'restricted', employeeIds: [], departmentIds: ['tech'] },
  });
  pc.actAs(openidOf('zhao'));
  const page = await openPage(pageId);
  await waitFor(() => page.data.loading === false, 'options');
  expect(page.data.canCreate).toBe(false);
  expect(text(page)).toContain('管理员已限制发起群聊的人员');
  const button = page.querySelector('.submit') as Rendered;
  expect(button.dom.innerHTML).toContain('van-button--disabled');
});

it('counts the creator once: ticking my own department of 3 fits a cap of 3; one more does not', async () => {
  pc.actAs('o_admin');
  await ok(pc.cloud, 'admin', 'o_admin', {
    action: 'bootstrap',
    name: '王建国',
    mobile: '13800000000',
    setupToken: 'local-setup',
  });
  await ok(pc.cloud, 'admin', 'o_admin', { action: 'updateSettings', memberCap: 3 });
  pc.actAs(openidOf('li')); // 技术部: 李娜 (me), 王强, 杨帆
  const page = await openPage(pageId);
  await waitFor(() => text(page).includes('总部'), 'the department tree');
  const p = picker(page);
  const hq = p.querySelectorAll('.drill').find((n) => (n.dom.textContent ?? '').includes('总部')) as Rendered;
  hq.dispatchEvent('tap');
  await waitFor(() => text(page).includes('技术部'), 'the sub-departments');
  const tick = (name: string) => {
    const rows = p.querySelectorAll('.dept');
    const i = rows.findIndex((r) => (r.dom.textContent ?? '').includes(name));
    p.querySelectorAll('.tick-dept')[i].dispatchEvent('tap');
  };
  tick('技术部');
  await waitFor(() => page.data.count === 3, 'the count');
  expect(page.data.total).toBe(3);
  expect(page.data.reason).toBe('');
  expect(text(page)).toContain('已选 3 / 3');

  tick('销售部'); // 赵敏, 陈静, 刘洋: 6 with me
  await waitFor(() => page.data.count === 6, 'the count with 销售部');
  expect(page.data.reason).toBe('超过群成员上限 3 人（含你共 6 人）');
  tick('销售部');
  await waitFor(() => page.data.count === 3, 'the count without 销售部');

  tapButton(page, '.submit');
  await waitFor(() => wx.redirectTo.mock.calls.length > 0, 'the redirect to the chat');
  const id = (wx.redirectTo.mock.calls[0][0].url as string).split('id=')[1];
  expect(
    storedMembers(pc.cloud, id)
      .map((m) => m.employeeId)
      .sort(),
  ).toEqual(['li', 'wang', 'yang']);
});
