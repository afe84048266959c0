// admin.createDepartment / updateDepartment / deleteDepartment through the local cloud: the org
// chart an admin edits, its refusals (nothing written), its audit entries, and paths that follow.
import type { Department, DepartmentUpdateResult, OrgDepartment } from '../../typings/api';
import type { LocalCloud } from '../../localcloud/cloud';
import { makeCompany, type Company } from './admin-fixtures';
import { errorOf, ok, openCloud, storedDocs } from './helpers';
import { snapshot } from './payload-sweep';

let cloud: LocalCloud;
let co: Company;

beforeEach(async () => {
  cloud = openCloud();
  co = await makeCompany(cloud, 2);
});
afterEach(() => cloud.close());

const admin = (data: object) => ok<unknown>(cloud, 'admin', co.admin.openid, data);
const create = async (name: string, parentId?: string | null) =>
  (
    await ok<{ department: OrgDepartment }>(cloud, 'admin', co.admin.openid, {
      action: 'createDepartment',
      name,
      ...(parentId === undefined ? {} : { parentId }),
    })
  ).department;
const update = (departmentId: string, change: object) =>
  ok<DepartmentUpdateResult>(cloud, 'admin', co.admin.openid, {
    action: 'updateDepartment',
    departmentId,
    ...change,
  });
const tree = async () =>
  (await ok<{ items: Department[] }>(cloud, 'directory', co.admin.openid, { action: 'departments' })).items;
const childrenOf = async (parentId: string | null) =>
  (await tree())
    .filter((d) => d.parentId === parentId)
    .sort((a, b) => a.order - b.order)
    .map((d) => d.name);
const departmentDocs = () => storedDocs(cloud, 'departments', {});

test('create under a parent and at the top; the path is derived; audited', async () => {
  const store2 = await create('二店', 'dept_store');
  expect(store2).toMatchObject({ name: '二店', parentId: 'dept_store', path: '门店/二店' });
  const hq = await create('  总部  ');
  expect(hq).toMatchObject({ name: '总部', parentId: null, path: '总部' });
  expect(await childrenOf('dept_store')).toEqual(['一店', '二店']);
  const audit = storedDocs<{ action: string; targetId: string }>(cloud, 'audit_log', {
    action: 'department.create',
  });
  expect(audit.map((a) => a.targetId).sort()).toEqual([store2.id, hq.id].sort());
});

test('refusals write nothing: bad names, unknown parent, sibling name taken, non-admin', async () => {
  const before = departmentDocs().length;
  const bad = [
    { name: '' },
    { name: '   ' },
    { name: '门店/三店' },
    { name: '甲；乙' },
    { name: 'x'.repeat(33) },
  ];
  for (const b of bad)
    expect((await errorOf(cloud, 'admin', co.admin.openid, { action: 'createDepartment', ...b })).code).toBe(
      'INVALID_ARGUMENT',
    );
  expect(
    await errorOf(cloud, 'admin', co.admin.openid, {
      action: 'createDepartment',
      name: '一店',
      parentId: 'dept_store',
    }),
  ).toMatchObject({ code: 'CONFLICT', message: '同一上级部门下已有“一店”' });
  expect(
    (
      await errorOf(cloud, 'admin', co.admin.openid, {
        action: 'createDepartment',
        name: '三店',
        parentId: 'nope',
      })
    ).code,
  ).toBe('NOT_FOUND');
  expect(
    (await errorOf(cloud, 'admin', co.people[0].openid, { action: 'createDepartment', name: '三店' })).code,
  ).toBe('FORBIDDEN');
  expect(departmentDocs()).toHaveLength(before);
  expect(storedDocs(cloud, 'audit_log', { action: 'department.create' })).toHaveLength(0);
});

test('rename changes the paths of the whole subtree with one write; people keep their department', async () => {
  const store2 = await create('二店', 'dept_store');
  const res = await update('dept_store', { name: '直营门店' });
  expect(res.moved).toBeNull();
  const all = await tree();
  expect(all.find((d) => d.id === store2.id)?.path).toBe('直营门店/二店');
  expect(all.find((d) => d.id === co.deptId)?.path).toBe('直营门店/一店');
  const card = await ok<{ departments: { path: string }[] }>(cloud, 'directory', co.admin.openid, {
    action: 'profile',
    employeeId: co.people[0].id,
  });
  expect(card.departments.map((d) => d.path)).toEqual(['直营门店/一店']);
  expect(storedDocs(cloud, 'audit_log', { action: 'department.update' })).toHaveLength(1);
});

test('move under a new parent reports the ancestors that changed; a cycle is refused', async () => {
  const region = await create('华东区');
  const res = await update('dept_store', { parentId: region.id });
  expect(res.department.path).toBe('华东区/门店');
  expect(res.moved).toEqual({ from: null, to: region.id, affected: [region.id] });
  const back = await update(co.deptId, { parentId: null });
  expect(back.moved?.affected.sort()).toEqual(['dept_store', region.id].sort());
  expect(back.department.path).toBe('一店');
  // Under itself, or under its own sub-department.
  await update(co.deptId, { parentId: 'dept_store' });
  for (const parentId of ['dept_store', co.deptId]) {
    const e = await errorOf(cloud, 'admin', co.admin.openid, {
      action: 'updateDepartment',
      departmentId: 'dept_store',
      parentId,
    });
    expect(e.code).toBe('INVALID_ARGUMENT');
  }
  expect((await tree()).find((d) => d.id === 'dept_store')?.parentId).toBe(region.id);
});

test('moving next to a sibling of the same name is refused', async () => {
  const other = await create('一店');
  const e = await errorOf(cloud, 'admin', co.admin.openid, {
    action: 'updateDepartment',
    departmentId: other.id,
    parentId: 'dept_store',
  });
  expect(e.code).toBe('CONFLICT');
});

test('reorder puts a department at the given place among its siblings', async () => {
  await create('二店', 'dept_store');
  const three = await create('三店', 'dept_store');
  await update(three.id, { index: 0 });
  expect(await childrenOf('dept_store')).toEqual(['三店', '一店', '二店']);
  await update(three.id, { index: 1 });
  expect(await childrenOf('dept_store')).toEqual(['一店', '三店', '二店']);
  await update(three.id, { index: 99 });
  expect(await childrenOf('dept_store')).toEqual(['一店', '二店', '三店']);
  // Moving to a new parent with an index places it there.
  const hq = await create('总部');
  await update(three.id, { parentId: null, index: 0 });
  expect(await childrenOf(null)).toEqual(['三店', '门店', '总部']);
  expect(hq.order).toBeGreaterThan(0);
});

test('delete only when empty; a repeat answers deleted: false', async () => {
  const store2 = await create('二店', 'dept_store');
  expect(
    await errorOf(cloud, 'admin', co.admin.openid, {
      action: 'deleteDepartment',
      departmentId: 'dept_store',
    }),
  ).toMatchObject({
    code: 'CONFLICT',
    message: '部门下还有2 个下级部门，不能删除',
  });
  expect(
    (await errorOf(cloud, 'admin', co.admin.openid, { action: 'deleteDepartment', departmentId: co.deptId }))
      .message,
  ).toBe('部门下还有2 位员工，不能删除');
  expect(await admin({ action: 'deleteDepartment', departmentId: store2.id })).toEqual({ deleted: true });
  // The repeat writes nothing: no import lease, no tree stamp, no snapshot rebuilt.
  const before = snapshot(cloud);
  expect(await admin({ action: 'deleteDepartment', departmentId: store2.id })).toEqual({ deleted: false });
  expect(snapshot(cloud)).toBe(before);
  expect((await tree()).map((d) => d.id)).not.toContain(store2.id);
  expect(storedDocs(cloud, 'audit_log', { action: 'department.delete' })).toHaveLength(1);
});

test('edits are refused while a roster import holds the lease', async () => {
  cloud.db.tables.put('locks', { _id: 'rosterImport', holder: 'someone', until: Date.now() + 60_000 });
  const e = await errorOf(cloud, 'admin', co.admin.openid, { action: 'createDepartment', name: '三店' });
  expect(e.code).toBe('CONFLICT');
  expect(e.message).toBe('花名册正在导入，请稍后再修改组织架构');
});

test('concurrent creates of the same name under one parent make exactly one', async () => {
  const results = await Promise.all(
    [1, 2, 3, 4].map(() =>
      cloud.invoke('admin', co.admin.openid, {
        action: 'createDepartment',
        name: '四店',
        parentId: 'dept_store',
      }),
    ),
  );
  expect(results.filter((r) => r.ok)).toHaveLength(1);
  expect((await childrenOf('dept_store')).filter((n) => n === '四店')).toHaveLength(1);
});

test('two crossing moves never make a cycle', async () => {
  const a = await create('甲');
  const b = await create('乙');
  const results = await Promise.all([
    cloud.invoke('admin', co.admin.openid, {
      action: 'updateDepartment',
      departmentId: a.id,
      parentId: b.id,
    }),
    cloud.invoke('admin', co.admin.openid, {
      action: 'updateDepartment',
      departmentId: b.id,
      parentId: a.id,
    }),
  ]);
  expect(results.filter((r) => r.ok)).toHaveLength(1);
  const all = await tree();
  const parentOf = (id: string) => all.find((d) => d.id === id)?.parentId;
  expect(parentOf(a.id) === b.id && parentOf(b.id) === a.id).toBe(false);
});

test('an import after a rename matches departments by their new path', async () => {
  await update('dept_store', { name: '直营店' });
  const res = await ok<{ departmentsCreated: number }>(cloud, 'admin', co.admin.openid, {
    action: 'importRoster',
    rows: [{ 姓名: '新人', 手机号: '13911112222', 部门: '直营店/一店' }],
  });
  expect(res.departmentsCreated).toBe(0);
});
