// Department groups through the local cloud: groups.createOptions' preview of a department group
// (发起部门群), and admin.createDepartmentGroups — one group per store under 门店, owned by the
// store's 店长 by the roster, idempotent on retry and under races, resumable in steps.
import type {
  ConversationDetail,
  Department,
  DepartmentGroupsResult,
  GroupCreateOptions,
} from '../../typings/api';
import type { LocalCloud } from '../../localcloud/cloud';
import type { ConversationDoc, MemberDoc } from '../../cloudfunctions/core/store/documents';
import { DEPARTMENTS_PER_STEP } from '../../cloudfunctions/core/services/departmentGroups';
import { bootstrapAdmin, errorOf, ok, openCloud } from './helpers';
import { ADMIN, bindAs, importRows } from './rosterHelpers';

let cloud: LocalCloud;
let idOf: (name: string) => string;
let deptOf: (path: string) => string;

beforeEach(async () => {
  cloud = openCloud();
  await bootstrapAdmin(cloud, ADMIN);
  const report = await importRows(cloud, [
    { 姓名: '张伟', 手机号: '13900000001', 部门: '门店/南京路店', 职位: '店长' },
    { 姓名: '李娜', 手机号: '13900000002', 部门: '门店/南京路店', 职位: '导购' },
    { 姓名: '王强', 手机号: '13900000003', 部门: '门店/南京路店/仓库', 职位: '仓管' },
    { 姓名: '赵敏', 手机号: '13900000004', 部门: '门店/淮海路店', 职位: '副店长' },
    { 姓名: '刘洋', 手机号: '13900000005', 部门: '门店/淮海路店', 职位: '导购' },
    { 姓名: '陈静', 手机号: '13900000006', 部门: '门店/徐汇店', 职位: '导购' },
    { 姓名: '周杰', 手机号: '13900000007', 部门: '总部', 职位: '经理' },
  ]);
  idOf = (name) => report.invites.find((i) => i.name === name)!.employeeId;
  await bindAs(cloud, 'o_zhang', report.invites.find((i) => i.name === '张伟')!.inviteCode);
  const tree = (await ok<{ items: Department[] }>(cloud, 'directory', ADMIN, { action: 'departments' }))
    .items;
  deptOf = (path) => tree.find((d) => d.path === path)!.id;
});
afterEach(() => cloud.close());

const groups = () =>
  (cloud.db.tables.scan('conversations', {}).docs as unknown as ConversationDoc[]).filter(
    (c) => c.type === 'group',
  );
const membersOf = (conversationId: string) =>
  (cloud.db.tables.scan('members', { conversationId }).docs as unknown as MemberDoc[])
    .filter((m) => m.conversationId === conversationId)
    .map((m) => m.employeeId)
    .sort();
const jobs = () =>
  cloud.db.tables
    .scan('jobs', {})
    .docs.map((j) => ({ kind: j.kind, status: j.status, done: j.done, total: j.total }));
/** `n` stores under 片区 (店00…), one person each (every other one a 店长); 片区's id. */
async function storesUnderArea(n: number): Promise<string> {
  await importRows(
    cloud,
    Array.from({ length: n }, (_, i) => ({
      姓名: `店员${i}`,
      手机号: `137${String(i).padStart(8, '0')}`,
      部门: `片区/店${String(i).padStart(2, '0')}`,
      职位: i % 2 ? '店长' : '导购',
    })),
  );
  const tree = (await ok<{ items: Department[] }>(cloud, 'directory', ADMIN, { action: 'departments' }))
    .items;
  return tree.find((d) => d.path === '片区')!.id;
}
const run = (departmentId: string) =>
  ok<DepartmentGroupsResult>(cloud, 'admin', ADMIN, { action: 'createDepartmentGroups', departmentId });

describe('groups.createOptions with departmentIds (发起部门群)', () => {
  it('counts the department and its sub-departments plus the creator, against the cap', async () => {
    const opts = await ok<GroupCreateOptions>(cloud, 'groups', 'o_zhang', {
      action: 'createOptions',
      departmentIds: [deptOf('门店/南京路店')],
    });
    expect(opts.departmentPreview).toEqual({
      memberCount: 3,
      memberCap: 1000,
      fits: true,
      reason: null,
      skipped: 0,
      name: '南京路店群',
    });
    // The creator from elsewhere counts once more; people outside the usage scope are left out.
    await ok(cloud, 'admin', ADMIN, {
      action: 'updateSettings',
      usageScope: { mode: 'restricted', departmentIds: [deptOf('门店/南京路店')], employeeIds: [] },
      memberCap: 2,
    });
    const narrow = await ok<GroupCreateOptions>(cloud, 'groups', 'o_zhang', {
      action: 'createOptions',
      departmentIds: [deptOf('门店')],
    });
    expect(narrow.departmentPreview).toMatchObject({ memberCount: 3, memberCap: 2, fits: false, skipped: 3 });
    expect(narrow.departmentPreview?.reason).toMatch(/群人数|上限/);
    expect(groups()).toHaveLength(0);
  });

  it('an unknown department is NOT_FOUND', async () => {
    const e = await errorOf(cloud, 'groups', 'o_zhang', { action: 'createOptions', departmentIds: ['nope'] });
    expect(e.code).toBe('NOT_FOUND');
  });
});

describe('admin.createDepartmentGroups', () => {
  it('one group per store, owned by its 店长 (a deputy when no one else, else the admin), holding the store subtree', async () => {
    const res = await run(deptOf('门店'));
    expect(res).toMatchObject({ remaining: 0, done: true });
    expect(
      res.items.map((i) => [i.departmentName, i.outcome, i.groupName, i.ownerName, i.memberCount]),
    ).toEqual([
      ['南京路店', 'created', '南京路店群', '张伟', 3],
      ['淮海路店', 'created', '淮海路店群', '赵敏', 2],
      ['徐汇店', 'created', '徐汇店群', '王建国', 2],
    ]);
    const byName = new Map(groups().map((g) => [g.name, g]));
    const nanjing = byName.get('南京路店群') as ConversationDoc;
    expect(nanjing).toMatchObject({
      ownerId: idOf('张伟'),
      departmentIds: [deptOf('门店/南京路店')],
      status: 'active',
      autoSync: true,
    });
    expect(membersOf(nanjing._id)).toEqual([idOf('张伟'), idOf('李娜'), idOf('王强')].sort());
    // The 店长 sees it as owner, with the line saying who made it.
    const detail = await ok<ConversationDetail>(cloud, 'groups', 'o_zhang', {
      action: 'detail',
      conversationId: nanjing._id,
    });
    expect(detail.canManage).toBe(true);
    expect(nanjing.lastMessage?.preview).toBe('王建国 创建了群聊，张伟 为群主');
    // 总部 is not under 门店: no group.
    expect(byName.has('总部群')).toBe(false);
  });

  it('again: every store already has its group, nothing is made; a dissolved group is replaced', async () => {
    await run(deptOf('门店'));
    const before = groups()
      .map((g) => g._id)
      .sort();
    const again = await run(deptOf('门店'));
    expect(again.items.map((i) => i.outcome)).toEqual(['existing', 'existing', 'existing']);
    expect(
      groups()
        .map((g) => g._id)
        .sort(),
    ).toEqual(before);
    const nanjing = groups().find((g) => g.name === '南京路店群') as ConversationDoc;
    await ok(cloud, 'groups', 'o_zhang', { action: 'dissolve', conversationId: nanjing._id });
    const third = await run(deptOf('门店'));
    expect(third.items.map((i) => i.outcome)).toEqual(['created', 'existing', 'existing']);
    expect(groups().filter((g) => g.name === '南京路店群' && g.status === 'active')).toHaveLength(1);
  });

  it('two admins running it at once still make one group per store', async () => {
    const results = await Promise.all([run(deptOf('门店')), run(deptOf('门店')), run(deptOf('门店'))]);
    expect(results.every((r) => r.done)).toBe(true);
    const live = groups().filter((g) => g.status === 'active');
    expect(live.map((g) => g.name).sort()).toEqual(['南京路店群', '徐汇店群', '淮海路店群'].sort());
    const made = results.flatMap((r) => r.items.filter((i) => i.outcome === 'created'));
    expect(made).toHaveLength(3);
  });

  it('many stores: each call is one step, the next continues, the end state has one group each', async () => {
    const n = DEPARTMENTS_PER_STEP + 5;
    const area = await storesUnderArea(n);
    const first = await run(area);
    expect(first).toMatchObject({ remaining: 5, done: false });
    expect(first.items.filter((i) => i.outcome === 'created')).toHaveLength(DEPARTMENTS_PER_STEP);
    const second = await run(area);
    expect(second).toMatchObject({ remaining: 0, done: true });
    expect(second.items.filter((i) => i.outcome === 'created')).toHaveLength(5);
    expect(groups().filter((g) => g.name.startsWith('店'))).toHaveLength(n);
    expect(jobs()).toEqual([{ kind: 'departmentGroups', status: 'done', done: n, total: n }]);
  });

  it('a job the admin walked away from is finished by the repair run', async () => {
    const n = DEPARTMENTS_PER_STEP + 3;
    const area = await storesUnderArea(n);
    const first = await run(area);
    expect(first.remaining).toBe(3);
    expect(jobs()).toEqual([
      { kind: 'departmentGroups', status: 'running', done: DEPARTMENTS_PER_STEP, total: n },
    ]);
    const later = Date.now() + 10 * 60_000;
    cloud.setClock(() => later);
    await ok(cloud, 'admin', ADMIN, { action: 'runMaintenance' });
    expect(jobs()).toEqual([{ kind: 'departmentGroups', status: 'done', done: n, total: n }]);
    expect(groups().filter((g) => g.name.startsWith('店'))).toHaveLength(n);
  });

  it('a store too big for the cap is reported, the others are made', async () => {
    await ok(cloud, 'admin', ADMIN, { action: 'updateSettings', memberCap: 2 });
    const res = await run(deptOf('门店'));
    expect(res.items.map((i) => [i.departmentName, i.outcome])).toEqual([
      ['南京路店', 'failed'],
      ['淮海路店', 'created'],
      ['徐汇店', 'created'],
    ]);
    expect(res.items[0].reason).toMatch(/上限|人数/);
    expect(groups().some((g) => g.name === '南京路店群')).toBe(false);
  });

  it('refuses an unknown department and a non-admin; audits each run', async () => {
    expect(
      (await errorOf(cloud, 'admin', ADMIN, { action: 'createDepartmentGroups', departmentId: 'nope' })).code,
    ).toBe('NOT_FOUND');
    expect(
      (
        await errorOf(cloud, 'admin', 'o_zhang', {
          action: 'createDepartmentGroups',
          departmentId: deptOf('门店'),
        })
      ).code,
    ).toBe('FORBIDDEN');
    await run(deptOf('门店'));
    const audit = cloud.db.tables
      .scan('audit_log', {})
      .docs.filter((d) => (d as { action: string }).action === 'department.createGroups');
    expect(audit).toHaveLength(1);
    expect(groups()).toHaveLength(3);
  });
});

describe('moving a department (admin.updateDepartment) and auto-synced groups', () => {
  it('the groups of the old ancestors lose its people, those of the new ones gain them', async () => {
    const create = async (departmentIds: string[], name: string) =>
      (
        await ok<{ conversation: { id: string } }>(cloud, 'groups', 'o_zhang', {
          action: 'create',
          name,
          departmentIds,
          autoSync: true,
        })
      ).conversation.id;
    const stores = await create([deptOf('门店')], '门店大群');
    const hq = await create([deptOf('总部')], '总部群');
    const everyoneInStores = ['张伟', '李娜', '王强', '赵敏', '刘洋', '陈静'].map(idOf).sort();
    expect(membersOf(stores)).toEqual(everyoneInStores);
    const move = (parentId: string | null, requestId: string) =>
      ok<{ moved: unknown; remainingGroups?: number }>(cloud, 'admin', ADMIN, {
        action: 'updateDepartment',
        departmentId: deptOf('门店/徐汇店'),
        parentId,
        requestId,
      });

    // 徐汇店 (陈静) moves under 总部: she leaves 门店大群 and joins 总部群, with a line in each.
    const res = await move(deptOf('总部'), 'm1');
    expect(res.remainingGroups).toBeUndefined();
    expect(membersOf(stores)).toEqual(everyoneInStores.filter((id) => id !== idOf('陈静')));
    expect(membersOf(hq)).toEqual([idOf('张伟'), idOf('周杰'), idOf('陈静')].sort());
    const lines = (conversationId: string) =>
      cloud.db.tables
        .scan('messages', {})
        .docs.filter((m) => m.conversationId === conversationId && m.type === 'system')
        .map((m) => String(m.text));
    expect(lines(stores).some((t) => t.includes('陈静'))).toBe(true);
    expect(lines(hq).some((t) => t.includes('陈静'))).toBe(true);

    // And back.
    await move(deptOf('门店'), 'm2');
    expect(membersOf(stores)).toEqual(everyoneInStores);
    expect(membersOf(hq)).toEqual([idOf('张伟'), idOf('周杰')].sort());
  });
});
