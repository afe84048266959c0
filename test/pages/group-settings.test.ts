// 聊天信息 with real vant components over the local cloud: the owner leaves through the
// confirmation dialog and the earliest-joined member becomes owner; roles; mute-all; the grid.
import { installPageCloud, load, openPage, type PageCloud, type Rendered } from './harness';
import { confirmDialog, stubWx, waitFor } from './interact';
import {
  createGroup,
  openidOf,
  seedCompany,
  storedConversation,
  storedMembers,
  storedMessages,
} from '../functions/groups-fixture';

/* eslint-disable-next-line @typescript-eslint/no-explicit-any -- simulate's mock of WeChat's global */
declare const wx: any;

let pc: PageCloud;
let settingsId: string;
let gid: string;
beforeAll(() => {
  settingsId = load('pages/group-settings/index');
});
beforeEach(async () => {
  pc = installPageCloud();
  await seedCompany(pc.cloud);
  gid = (await createGroup(pc.cloud, 'zhang', { name: '门店群', employeeIds: ['li', 'wang', 'zhao'] }))
    .conversation.id;
  stubWx('switchTab', 'navigateTo', 'navigateBack', 'showToast', 'setNavigationBarTitle', 'showModal');
});
afterEach(() => pc.close());

const text = (c: Rendered) => c.dom.textContent ?? '';

it('shows the grid, name and owner tools; the owner leaves via the dialog → earliest-joined member is owner', async () => {
  pc.actAs(openidOf('zhang'));
  const page = await openPage(settingsId, { id: gid });
  await waitFor(() => page.data.loading === false, 'the group');
  expect(text(page)).toContain('查看全部成员 (4)');
  expect(text(page)).toContain('门店群');
  for (const label of ['设置管理员', '转让群主', '全员禁言', '退出群聊', '解散群聊', '李娜'])
    expect(text(page)).toContain(label);
  expect(page.querySelectorAll('.member')).toHaveLength(4);

  (page.querySelector('.leave') as Rendered).dispatchEvent('tap');
  await waitFor(() => (page.data.dialog as { show: boolean }).show, 'the confirmation');
  await waitFor(() => text(page).includes('群主将自动转让给最早入群的成员'), 'the dialog text');
  expect(storedMembers(pc.cloud, gid)).toHaveLength(4); // nothing happens before confirming
  confirmDialog(page);
  await waitFor(() => wx.switchTab.mock.calls.length > 0, 'leaving');
  expect(wx.switchTab).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/chats/index' }));
  expect(storedConversation(pc.cloud, gid).ownerId).toBe('li');
  expect(storedMessages(pc.cloud, gid).map((m) => m.text)).toContain('群主已转让给 李娜');

  // 李娜 now sees the owner's tools.
  pc.actAs(openidOf('li'));
  const hers = await openPage(settingsId, { id: gid });
  await waitFor(() => hers.data.loading === false, 'the group as the new owner');
  expect(hers.data.isOwner).toBe(true);
  expect(text(hers)).toContain('解散群聊');
});

it('a plain member sees no management and no dissolve; mute-all switch works for the owner', async () => {
  pc.actAs(openidOf('wang'));
  const page = await openPage(settingsId, { id: gid });
  await waitFor(() => page.data.loading === false, 'the group');
  expect(text(page)).not.toContain('群管理');
  expect(text(page)).not.toContain('解散群聊');
  expect(page.querySelectorAll('.remove')).toHaveLength(0);

  pc.actAs(openidOf('zhang'));
  const owner = await openPage(settingsId, { id: gid });
  await waitFor(() => owner.data.loading === false, 'the group');
  await (owner.instance as unknown as { onMuteAll(e: { detail: boolean }): Promise<void> }).onMuteAll({
    detail: true,
  });
  expect(storedConversation(pc.cloud, gid).muteAll).toBe(true);
});

it('"+" opens the picker; ticking a department and confirming adds its people', async () => {
  pc.actAs(openidOf('zhang'));
  const page = await openPage(settingsId, { id: gid });
  await waitFor(() => page.data.loading === false, 'the group');
  (page.querySelector('.add') as Rendered).dispatchEvent('tap');
  await waitFor(() => !!page.querySelector('#add-picker') && text(page).includes('总部'), 'the picker');
  const picker = page.querySelector('#add-picker') as Rendered;
  picker.querySelectorAll('.drill')[0].dispatchEvent('tap'); // into 总部
  await waitFor(() => text(page).includes('技术部'), 'the sub-departments');
  const rows = picker.querySelectorAll('.dept');
  const sales = rows.findIndex((r) => (r.dom.textContent ?? '').includes('销售部'));
  picker.querySelectorAll('.tick-dept')[sales].dispatchEvent('tap');
  await waitFor(() => (page.data.adding as { count: number }).count === 3, 'the count');
  (page.querySelector('.add-confirm')?.querySelector('.van-button') as Rendered).dispatchEvent('tap');
  await waitFor(() => storedMembers(pc.cloud, gid).length === 6, 'the new members'); // 赵敏 was already in
  expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已添加 2 人' }));
});
