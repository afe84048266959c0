// admin.scopePreview: before a narrower usage scope is saved, how many current group members it
// leaves out — people, not memberships; direct chats and dissolved groups do not count. Also the
// inScope mark on directory.members rows.
import type { LocalCloud } from '../../localcloud/cloud';
import { bootstrapAdmin, errorOf, ok, openCloud } from './helpers';
import { createGroup, openidOf, seedCompany } from './groups-fixture';

let cloud: LocalCloud;
beforeEach(async () => {
  cloud = openCloud();
  await seedCompany(cloud);
  await bootstrapAdmin(cloud);
});
afterEach(() => cloud.close());

const preview = (usageScope: object) =>
  ok<{ outsideCount: number; examples: string[] }>(cloud, 'admin', 'o_admin', {
    action: 'scopePreview',
    usageScope,
  });

it('counts active group members outside the proposed scope, with up to three names', async () => {
  // 张伟 owns a group with 李娜 and 销售部 (赵敏, 陈静, 刘洋); 王强 is only in a direct chat.
  await createGroup(cloud, 'zhang', { departmentIds: ['sales'], employeeIds: ['li'] });
  await ok(cloud, 'groups', openidOf('wang'), { action: 'openDirect', employeeId: 'zhang' });
  const dissolved = await createGroup(cloud, 'wang', { employeeIds: ['li'] });
  await ok(cloud, 'groups', openidOf('wang'), {
    action: 'dissolve',
    conversationId: dissolved.conversation.id,
  });

  // 一组 (陈静, 刘洋) only: 张伟, 李娜, 赵敏 are left out; 王强 is in no live group.
  const out = await preview({ mode: 'restricted', departmentIds: ['s1'], employeeIds: [] });
  expect(out.outsideCount).toBe(3);
  expect([...out.examples].sort()).toEqual(['张伟', '李娜', '赵敏'].sort());

  // A department covers its sub-departments; a listed person counts as inside.
  expect(
    await preview({ mode: 'restricted', departmentIds: ['sales'], employeeIds: ['zhang', 'li'] }),
  ).toEqual({
    outsideCount: 0,
    examples: [],
  });
  expect(await preview({ mode: 'all' })).toEqual({ outsideCount: 0, examples: [] });
});

it('changes nothing and refuses a malformed scope', async () => {
  await createGroup(cloud, 'zhang', { departmentIds: ['sales'] });
  await preview({ mode: 'restricted', departmentIds: ['tech'], employeeIds: [] });
  const settings = await ok<{ usageScope: object }>(cloud, 'admin', 'o_admin', { action: 'getSettings' });
  expect(settings.usageScope).toEqual({ mode: 'all' });
  const error = await errorOf(cloud, 'admin', 'o_admin', {
    action: 'scopePreview',
    usageScope: { mode: 'some' },
  });
  expect(error.code).toBe('INVALID_ARGUMENT');
});

it('directory.members rows say who is outside the usage scope (what the pickers grey)', async () => {
  await ok(cloud, 'admin', 'o_admin', {
    action: 'updateSettings',
    usageScope: { mode: 'restricted', departmentIds: ['sales'], employeeIds: ['li'] },
  });
  const { items } = await ok<{ items: { id: string; inScope: boolean }[] }>(
    cloud,
    'directory',
    openidOf('li'),
    {
      action: 'members',
      limit: 50,
    },
  );
  const inside = items.filter((e) => e.inScope).map((e) => e.id);
  // 销售部 covers 一组 (陈静, 刘洋); 李娜 is listed; 张伟, 王强, the admin are outside.
  expect(inside.sort()).toEqual(['chen', 'li', 'liu', 'zhao']);
  expect(items.length).toBeGreaterThan(inside.length);
});
