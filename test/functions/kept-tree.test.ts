// The department tree a function instance keeps (store/departmentTree.ts): cards, member pages,
// group pages and the tree itself read only its stamp while it holds, and a rename, move or
// delete is seen by the very next call on the same warm instance (the local cloud keeps module
// state across calls, as a CloudBase instance does). A department added without a stamp still
// shows on cards; a repair that finds the snapshot wrong makes instances drop their copy; a new
// local cloud starts on new instances.
import type { LocalCloud } from '../../localcloud/cloud';
import type {
  ConversationDetail,
  CreateGroupResult,
  Department,
  EmployeeCard,
  MemberCard,
  Page,
} from '../../typings/api';
import type { DepartmentDoc, EmployeeDoc } from '../../cloudfunctions/core/store/documents';
import { MARK_ID, SNAPSHOT_ID, type SnapshotDoc } from '../../cloudfunctions/core/store/departmentTree';
import { newInstances } from '../../cloudfunctions/core/platform/instance';
import { bootstrapAdmin, ok, openCloud } from './helpers';
import { ADMIN, bindAs, importRows } from './rosterHelpers';

let cloud: LocalCloud;
afterEach(() => cloud.close());

const XUHUI = '总部/华东区/上海/徐汇店';

/** 周杰 four levels deep, 王强 in 总部/华东区 (who makes its department group), 李娜 viewing. */
async function company() {
  await bootstrapAdmin(cloud, ADMIN);
  const report = await importRows(cloud, [
    { 姓名: '周杰', 手机号: '13900000077', 部门: XUHUI, 职位: '店员' },
    { 姓名: '李娜', 手机号: '13900000002', 部门: XUHUI, 职位: '店长' },
    { 姓名: '王强', 手机号: '13900000003', 部门: '总部/华东区', 职位: '经理' },
  ]);
  const code = (n: string) => report.invites.find((i) => i.name === n)!.inviteCode;
  await bindAs(cloud, 'o_li', code('李娜'));
  await bindAs(cloud, 'o_wang', code('王强'));
  const tree = await departments();
  const dept = (path: string) => tree.find((d) => d.path === path)!.id;
  const group = await ok<CreateGroupResult>(cloud, 'groups', 'o_wang', {
    action: 'create',
    departmentIds: [dept('总部/华东区')],
  });
  const zhou = report.invites.find((i) => i.name === '周杰')!.employeeId;
  return { dept, zhou, groupId: group.conversation.id };
}

const departments = async () =>
  (await ok<{ items: Department[] }>(cloud, 'directory', 'o_admin', { action: 'departments' })).items;

/** The answer and the requests it took. */
async function read<T>(fn: 'directory' | 'groups', data: object): Promise<{ data: T; requests: number }> {
  const { result, ops } = await cloud.call<T>(fn, 'o_li', data);
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return { data: result.data, requests: ops.requests };
}

/** What 李娜 sees of the department paths: 周杰's card, the 徐汇店 page, the group's departments. */
async function pathsShown(c: Awaited<ReturnType<typeof company>>) {
  const card = await read<EmployeeCard>('directory', { action: 'profile', employeeId: c.zhou });
  const page = await read<Page<MemberCard>>('directory', { action: 'members', departmentId: c.dept(XUHUI) });
  const detail = await read<ConversationDetail>('groups', { action: 'detail', conversationId: c.groupId });
  return {
    card: card.data.departments.map((d) => d.path),
    page: page.data.items.find((m) => m.id === c.zhou)!.departments.map((d) => d.path),
    group: detail.data.departments!.map((d) => d.path),
    requests: [card.requests, page.requests, detail.requests],
  };
}

it('shows a rename, a move and a delete at the very next call, reading only the stamp while it holds', async () => {
  cloud = openCloud();
  const c = await company();
  const before = await pathsShown(c);
  expect(before).toMatchObject({ card: [XUHUI], page: [XUHUI], group: ['总部/华东区'] });
  // Warm: the card, the page and the group page each read the tree's stamp, one request.
  const warm = await pathsShown(c);
  expect(warm).toEqual(before);
  expect(warm.requests).toEqual([4, 5, 4]);

  await ok(cloud, 'admin', ADMIN, {
    action: 'updateDepartment',
    departmentId: c.dept('总部/华东区'),
    name: '华东大区',
  });
  const renamed = await pathsShown(c);
  expect(renamed).toMatchObject({
    card: ['总部/华东大区/上海/徐汇店'],
    page: ['总部/华东大区/上海/徐汇店'],
    group: ['总部/华东大区'],
  });
  // The writer stored the new snapshot: taken with the stamp, in the same one request.
  expect(renamed.requests).toEqual(warm.requests);

  const { id: pudong } = (
    await ok<{ department: { id: string } }>(cloud, 'admin', ADMIN, {
      action: 'createDepartment',
      name: '浦东',
      parentId: c.dept('总部'),
    })
  ).department;
  await ok(cloud, 'admin', ADMIN, {
    action: 'updateDepartment',
    departmentId: c.dept('总部/华东区/上海'),
    parentId: pudong,
  });
  expect(await pathsShown(c)).toMatchObject({
    card: ['总部/浦东/上海/徐汇店'],
    page: ['总部/浦东/上海/徐汇店'],
    group: ['总部/华东大区'],
  });

  // A move whose writer died after its transaction, before storing the snapshot: built at once.
  const shanghai = cloud.db.tables.getById(
    'departments',
    c.dept('总部/华东区/上海'),
  ) as unknown as DepartmentDoc;
  cloud.db.tables.put('departments', { ...shanghai, parentId: c.dept('总部/华东区') } as never);
  cloud.db.tables.put('settings', { _id: MARK_ID, stamp: 'moved-back-by-a-killed-call' });
  expect((await pathsShown(c)).card).toEqual(['总部/华东大区/上海/徐汇店']);

  const { id: empty } = (
    await ok<{ department: { id: string } }>(cloud, 'admin', ADMIN, {
      action: 'createDepartment',
      name: '待撤销',
      parentId: null,
    })
  ).department;
  expect((await departments()).some((d) => d.id === empty)).toBe(true);
  await ok(cloud, 'admin', ADMIN, { action: 'deleteDepartment', departmentId: empty });
  expect((await departments()).some((d) => d.id === empty)).toBe(false);
});

it('shows on a card a department added without a stamp (an import killed before stamping)', async () => {
  cloud = openCloud();
  const c = await company();
  await pathsShown(c); // the instance keeps the tree
  const now = Date.now();
  cloud.db.tables.put('departments', {
    _id: 'late',
    name: '新店',
    parentId: c.dept('总部/华东区/上海'),
    order: 9,
    path: '',
    createdAt: now,
  });
  const zhou = cloud.db.tables.getById('employees', c.zhou) as unknown as EmployeeDoc;
  cloud.db.tables.put('employees', { ...zhou, departmentIds: [...zhou.departmentIds, 'late'] } as never);
  const card = await read<EmployeeCard>('directory', { action: 'profile', employeeId: c.zhou });
  expect(card.data.departments.map((d) => d.path)).toEqual([XUHUI, '总部/华东区/上海/新店']);
});

it('after a repair finds the snapshot wrong under the current stamp, no instance keeps the wrong copy', async () => {
  cloud = openCloud();
  const c = await company();
  await departments();
  const stored = cloud.db.tables.getById('settings', SNAPSHOT_ID) as unknown as SnapshotDoc;
  cloud.db.tables.put('settings', {
    ...stored,
    departments: stored.departments.map((d) =>
      d.name === '徐汇店' ? { ...d, name: '错名', path: '总部/华东区/上海/错名' } : d,
    ),
  } as never);
  newInstances(); // an instance started now reads the wrong snapshot and keeps it
  expect((await pathsShown(c)).card).toEqual(['总部/华东区/上海/错名']);
  await ok(cloud, 'admin', ADMIN, { action: 'runMaintenance' });
  expect((await pathsShown(c)).card).toEqual([XUHUI]);
});

it('a new local cloud starts its functions on new instances (no tree kept from another cloud)', async () => {
  const seeded = (name: string) => {
    cloud = openCloud();
    cloud.db.tables.put('departments', { _id: 'd1', name, parentId: null, order: 0, path: '', createdAt: 1 });
  };
  seeded('甲部');
  await bootstrapAdmin(cloud, ADMIN);
  expect((await departments()).map((d) => d.name)).toEqual(['甲部']);
  cloud.close();
  // Same ids and no stamp written in either: only new instances tell them apart.
  seeded('乙部');
  await bootstrapAdmin(cloud, ADMIN);
  expect((await departments()).map((d) => d.name)).toEqual(['乙部']);
});
