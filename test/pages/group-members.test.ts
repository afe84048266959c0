// 群成员 with real vant components (its own file: simulate cannot load vant twice per file).
import { installPageCloud, load, openPage, type PageCloud, type Rendered } from './harness';
import { createGroup, openidOf, seedCompany, storedConversation, storedMembers } from '../functions/groups-fixture';

/* eslint-disable-next-line @typescript-eslint/no-explicit-any -- simulate's mock of WeChat's global */
declare const wx: any;
const simulate = require('miniprogram-simulate') as { sleep(ms: number): Promise<void> };

async function waitFor(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (check()) return;
    await simulate.sleep(10);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Taps the confirm button of the page's van-dialog, as a finger would. */
function confirmDialog(page: Rendered): void {
  const dialog = page.querySelector('#confirm-dialog') as Rendered;
  const buttons = dialog.querySelectorAll('.van-dialog__button');
  (buttons[buttons.length - 1].querySelector('.van-button') as Rendered).dispatchEvent('tap');
}

let pc: PageCloud;
let membersId: string;
let gid: string;
beforeAll(() => {
  membersId = load('pages/group-members/index');
});
beforeEach(async () => {
  pc = installPageCloud();
  await seedCompany(pc.cloud);
  gid = (await createGroup(pc.cloud, 'zhang', { name: '门店群', employeeIds: ['li', 'wang', 'zhao'] })).conversation.id;
  for (const k of ['switchTab', 'navigateTo', 'navigateBack', 'showToast', 'setNavigationBarTitle', 'showModal']) wx[k] = jest.fn();
});
afterEach(() => pc.close());

const text = (c: Rendered) => c.dom.textContent ?? '';

it('群成员 pages in and transfers ownership after confirming', async () => {
  pc.actAs(openidOf('zhang'));
  const page = await openPage(membersId, { id: gid, mode: 'transfer' });
  await waitFor(() => (page.data.rows as unknown[]).length === 4, 'the members');
  expect(text(page)).toContain('群主');
  const rows = page.querySelectorAll('.row');
  rows[2].dispatchEvent('tap'); // 王强
  await waitFor(() => (page.data.dialog as { show: boolean }).show, 'the confirmation');
  await waitFor(() => text(page).includes('确定将群主转让给'), 'the dialog text');
  expect((page.data.dialog as { message: string }).message).toContain('王强');
  confirmDialog(page);
  await waitFor(() => wx.navigateBack.mock.calls.length > 0, 'going back');
  expect(storedConversation(pc.cloud, gid).ownerId).toBe('wang');
});

it('removes ticked members after confirming; admins cannot tick the owner', async () => {
  pc.actAs(openidOf('zhang'));
  const page = await openPage(membersId, { id: gid, mode: 'remove' });
  await waitFor(() => (page.data.rows as unknown[]).length === 4, 'the members');
  const rows = page.querySelectorAll('.row');
  rows[0].dispatchEvent('tap'); // the owner: locked
  rows[3].dispatchEvent('tap'); // 赵敏
  await waitFor(() => page.data.selectedCount === 1, 'the selection');
  (page.querySelector('.submit')?.querySelector('.van-button') as Rendered).dispatchEvent('tap');
  await waitFor(() => text(page).includes('确定将选中的 1 人移出群聊'), 'the dialog text');
  confirmDialog(page);
  await waitFor(() => wx.navigateBack.mock.calls.length > 0, 'going back');
  expect(storedMembers(pc.cloud, gid).map((m) => m.employeeId).sort()).toEqual(['li', 'wang', 'zhang']);
});
