// 发起部门群 on the address book's department page, over the local cloud: the server's count of the
// department and its sub-departments against the cap is shown before anything is created; 创建
// makes the department-linked group; a group too big says why and creates nothing.
import { installPageCloud, load, openPage, settle, type PageCloud, type Rendered } from './harness';
import { confirmDialog, stubWx, waitFor } from './interact';
import { ADMIN, resetSession, seedDirectory } from './directoryPages';
import { ok } from '../functions/helpers';
import type { Department } from '../../typings/api';
import type { ConversationDoc } from '../../cloudfunctions/core/store/documents';

/* eslint-disable-next-line @typescript-eslint/no-explicit-any -- simulate's mock of WeChat's global */
declare const wx: any;

let pageId: string;
let pc: PageCloud;
let store: Department;
beforeAll(() => {
  pageId = load('pages/department/index');
});
beforeEach(async () => {
  pc = installPageCloud();
  resetSession();
  stubWx('navigateTo', 'redirectTo', 'switchTab', 'setNavigationBarTitle', 'showToast');
  await seedDirectory(pc.cloud);
  const tree = (await ok<{ items: Department[] }>(pc.cloud, 'directory', ADMIN, { action: 'departments' }))
    .items;
  store = tree.find((d) => d.path === '门店') as Department;
});
afterEach(() => pc.close());

const groups = () =>
  (pc.cloud.db.tables.scan('conversations', {}).docs as unknown as ConversationDoc[]).filter(
    (c) => c.type === 'group',
  );

async function tapStart(page: Rendered) {
  await waitFor(() => !!page.querySelector('.department-group'), 'the 发起部门群 button');
  (page.querySelector('.department-group') as Rendered).dispatchEvent('click');
  await waitFor(() => (page.data.groupDialog as { show: boolean }).show, 'the preview dialog');
}

it('shows the count against the cap, then creates the department group and opens it', async () => {
  pc.actAs('o_zhang');
  const page = await openPage(pageId, { id: store.id });
  await tapStart(page);
  const dialog = page.data.groupDialog as { message: string; fits: boolean };
  expect(dialog.fits).toBe(true);
  expect(dialog.message).toBe(
    '“门店”及下级部门共 3 人（含你），群人数上限 1000 人。\n群名称：门店群\n部门人员变动时，群成员自动同步。',
  );
  expect(groups()).toHaveLength(0);
  confirmDialog(page);
  await waitFor(() => wx.navigateTo.mock.calls.length === 1, 'the chat to open');
  const [group] = groups();
  expect(group).toMatchObject({
    name: '门店群',
    departmentIds: [store.id],
    memberCount: 3,
    status: 'active',
    autoSync: true,
  });
  expect(wx.navigateTo).toHaveBeenCalledWith({ url: `/pages/chat/index?id=${group._id}` });
});

it('a department too big for the cap: the server says why, and nothing is created', async () => {
  await ok(pc.cloud, 'admin', ADMIN, { action: 'updateSettings', memberCap: 2 });
  pc.actAs('o_zhang');
  const page = await openPage(pageId, { id: store.id });
  await tapStart(page);
  const dialog = page.data.groupDialog as { message: string; fits: boolean };
  expect(dialog.fits).toBe(false);
  expect(dialog.message).toContain('群人数上限 2 人');
  const buttons = (page.querySelector('#confirm-dialog') as Rendered).querySelectorAll('.van-dialog__button');
  expect(buttons.map((b) => b.dom.textContent?.trim())).toEqual(['知道了']);
  confirmDialog(page);
  await settle(10);
  expect(groups()).toHaveLength(0);
  expect(wx.navigateTo).not.toHaveBeenCalled();
});

it('someone the initiation setting leaves out is told so without a dialog', async () => {
  await ok(pc.cloud, 'admin', ADMIN, {
    action: 'updateSettings',
    initiation: { mode: 'restricted', departmentIds: [], employeeIds: [] },
  });
  pc.actAs('o_li');
  const page = await openPage(pageId, { id: store.id });
  await waitFor(() => !!page.querySelector('.department-group'), 'the button');
  (page.querySelector('.department-group') as Rendered).dispatchEvent('click');
  await waitFor(() => wx.showToast.mock.calls.length === 1, 'the refusal');
  expect(wx.showToast.mock.calls[0][0].title).toBe('管理员已限制发起群聊的人员，你暂无权限');
  expect((page.data.groupDialog as { show: boolean }).show).toBe(false);
});
