// 群成员 with real vant components (its own file: simulate cannot load vant twice per file).
import { installPageCloud, load, openPage, treeStats, type PageCloud, type Rendered } from './harness';
import { confirmDialog, stubWx, waitFor } from './interact';
import {
  bulk,
  createGroup,
  openidOf,
  seedCompany,
  storedConversation,
  storedMembers,
} from '../functions/groups-fixture';
import { ok, seedDocs } from '../functions/helpers';
import { buildEmployee } from '../../cloudfunctions/core/domain/employee';

/* eslint-disable-next-line @typescript-eslint/no-explicit-any -- simulate's mock of WeChat's global */
declare const wx: any;
const simulate = require('miniprogram-simulate') as { sleep(ms: number): Promise<void> };

let pc: PageCloud;
let membersId: string;
let gid: string;
beforeAll(() => {
  membersId = load('pages/group-members/index');
});
beforeEach(async () => {
  pc = installPageCloud();
  await seedCompany(pc.cloud, bulk(120, 'big'));
  gid = (await createGroup(pc.cloud, 'zhang', { name: '门店群', employeeIds: ['li', 'wang', 'zhao'] }))
    .conversation.id;
  stubWx('switchTab', 'navigateTo', 'navigateBack', 'showToast', 'setNavigationBarTitle', 'showModal');
});
afterEach(() => pc.close());

const text = (c: Rendered) => c.dom.textContent ?? '';

it('群成员 pages in and transfers ownership after confirming', async () => {
  pc.actAs(openidOf('zhang'));
  const page = await openPage(membersId, { id: gid, mode: 'transfer' });
  await waitFor(() => page.data.loaded === 4, 'the members');
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
  await waitFor(() => page.data.loaded === 4, 'the members');
  const rows = page.querySelectorAll('.row');
  rows[0].dispatchEvent('tap'); // the owner: locked
  rows[3].dispatchEvent('tap'); // 赵敏
  await waitFor(() => page.data.selectedCount === 1, 'the selection');
  (page.querySelector('.submit')?.querySelector('.van-button') as Rendered).dispatchEvent('tap');
  await waitFor(() => text(page).includes('确定将选中的 1 人移出群聊'), 'the dialog text');
  confirmDialog(page);
  await waitFor(() => wx.navigateBack.mock.calls.length > 0, 'going back');
  expect(
    storedMembers(pc.cloud, gid)
      .map((m) => m.employeeId)
      .sort(),
  ).toEqual(['li', 'wang', 'zhang']);
});

it('pages a 121-member group in and keeps only the blocks near the viewport rendered', async () => {
  const big = (await createGroup(pc.cloud, 'zhang', { departmentIds: ['big'] })).conversation.id;
  pc.actAs(openidOf('zhang'));
  const page = await openPage(membersId, { id: big });
  await waitFor(() => page.data.loaded === 20, 'the first page');
  const inst = page.instance as unknown as {
    onReachBottom(): Promise<void>;
    onPageScroll(e: { scrollTop: number }): void;
  };
  while (page.data.more) await inst.onReachBottom();
  expect(page.data.loaded).toBe(121);
  expect(text(page)).toContain('共 121 人');
  // At the bottom only the last blocks hold rows; scrolling back to the top swaps them.
  expect(page.querySelectorAll('.row').length).toBeLessThanOrEqual(41);
  inst.onPageScroll({ scrollTop: 0 });
  await simulate.sleep(0);
  const rows = page.querySelectorAll('.row');
  expect(rows.length).toBeLessThanOrEqual(40);
  expect(rows[0].dom.textContent).toContain('张伟');
  expect(treeStats(page.dom).nodes).toBeLessThan(1000);
});

it('finds and removes the last-joined member of a 1,000-member group by typing part of the name', async () => {
  const extra = Array.from({ length: 878 }, (_, i) =>
    buildEmployee(
      { id: `x${i}`, name: `店员${i}`, mobile: `137${String(i).padStart(8, '0')}`, departmentIds: ['big'] },
      0,
    ),
  );
  const last = buildEmployee(
    { id: 'ouyang', name: '欧阳晓雯', mobile: '13612345678', departmentIds: ['tech'] },
    0,
  );
  await seedDocs(pc.cloud, 'employees', [...extra, last]);
  const big = (await createGroup(pc.cloud, 'zhang', { departmentIds: ['big'] })).conversation.id;
  await ok(pc.cloud, 'groups', openidOf('zhang'), {
    action: 'addMembers',
    conversationId: big,
    employeeIds: ['ouyang'],
  });
  expect(storedMembers(pc.cloud, big)).toHaveLength(1000);
  pc.actAs(openidOf('zhang'));
  const page = await openPage(membersId, { id: big, mode: 'remove' });
  await waitFor(() => page.data.loaded === 20, 'the first page');
  expect(text(page)).not.toContain('欧阳晓雯');
  await (page.instance as unknown as { onSearchChange(e: { detail: string }): Promise<void> }).onSearchChange(
    {
      detail: '晓雯',
    },
  );
  await waitFor(() => page.data.loaded === 1, 'the match');
  expect(text(page)).toContain('欧阳晓雯');
  page.querySelectorAll('.row')[0].dispatchEvent('tap');
  await waitFor(() => page.data.selectedCount === 1, 'the selection');
  (page.querySelector('.submit')?.querySelector('.van-button') as Rendered).dispatchEvent('tap');
  await waitFor(() => text(page).includes('确定将选中的 1 人移出群聊'), 'the dialog text');
  confirmDialog(page);
  await waitFor(() => wx.navigateBack.mock.calls.length > 0, 'going back');
  const left = storedMembers(pc.cloud, big).map((m) => m.employeeId);
  expect(left).toHaveLength(999);
  expect(left).not.toContain('ouyang');
});
