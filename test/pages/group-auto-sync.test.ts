// 聊天信息 of a department-linked group: 自动同步 names the departments; owner/admins switch it
// (the switch comes from the server's canSetAutoSync), members only read it; who the automatic
// sync could not let in is listed with the server's reason, for managers only.
import { installPageCloud, load, openPage, type PageCloud, type Rendered } from './harness';
import { stubWx, waitFor } from './interact';
import { createGroup, openidOf, seedCompany, storedConversation } from '../functions/groups-fixture';
import { db } from '../../cloudfunctions/core/platform/cloud';

let pc: PageCloud;
let settingsId: string;
let gid: string;
beforeAll(() => {
  settingsId = load('pages/group-settings/index');
});
beforeEach(async () => {
  pc = installPageCloud();
  await seedCompany(pc.cloud);
  gid = (await createGroup(pc.cloud, 'zhang', { name: '技术群', departmentIds: ['tech'] })).conversation.id;
  stubWx('switchTab', 'navigateTo', 'navigateBack', 'showToast', 'setNavigationBarTitle', 'showModal');
});
afterEach(() => pc.close());

const text = (c: Rendered) => c.dom.textContent ?? '';

it('the owner turns 自动同步 on; the line names the departments; a member sees the state without a switch', async () => {
  pc.actAs(openidOf('zhang'));
  const page = await openPage(settingsId, { id: gid });
  await waitFor(() => page.data.loading === false, 'the group');
  expect(text(page)).toContain('关联部门：技术部');
  expect(page.querySelectorAll('.auto-sync-switch')).toHaveLength(1);
  await (page.instance as unknown as { onAutoSync(e: { detail: boolean }): Promise<void> }).onAutoSync({
    detail: true,
  });
  expect(storedConversation(pc.cloud, gid).autoSync).toBe(true);
  await waitFor(
    () => text(page).includes('技术部：人员调动时自动加入新同事、移出调离的同事'),
    'the new line',
  );
  expect(text(page)).not.toContain('同步部门成员'); // the manual sync is not offered while it follows by itself

  pc.actAs(openidOf('li'));
  const member = await openPage(settingsId, { id: gid });
  await waitFor(() => member.data.loading === false, 'the group as a member');
  expect(member.querySelectorAll('.auto-sync-switch')).toHaveLength(0);
  expect((member.querySelector('.auto-sync-state') as Rendered).dom.textContent).toBe('已开启');
});

it('who the automatic sync left out is shown to the owner with the reason, not to members', async () => {
  pc.actAs(openidOf('zhang'));
  const owner = await openPage(settingsId, { id: gid });
  await waitFor(() => owner.data.loading === false, 'the group');
  await (owner.instance as unknown as { onAutoSync(e: { detail: boolean }): Promise<void> }).onAutoSync({
    detail: true,
  });
  // What a sync records when the cap stopped people (the function tests make it happen for real).
  await pc.cloud.runAs('seed', async () => {
    await db()
      .collection('conversations')
      .doc(gid)
      .update({
        data: {
          syncBlocked: db().command.set({
            items: [
              { employeeId: 'chen', name: '陈静', reason: 'cap' },
              { employeeId: 'liu', name: '刘洋', reason: 'out_of_scope' },
            ],
            count: 5,
            at: Date.now(),
          }),
        },
      });
  });
  const again = await openPage(settingsId, { id: gid });
  await waitFor(() => again.data.loading === false, 'the group again');
  expect(text(again)).toContain('未能自动加入 5 人');
  expect(text(again)).toContain('陈静（群人数已达上限）、刘洋（不在使用范围内） 等 5 人');

  pc.actAs(openidOf('li'));
  const member = await openPage(settingsId, { id: gid });
  await waitFor(() => member.data.loading === false, 'the group as a member');
  expect(text(member)).not.toContain('未能自动加入');
});
