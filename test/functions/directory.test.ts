// The address book through the local cloud: tree with subtree counts, direct members, search by
// name / initials / pinyin / mobile, paging, mobile visibility, profile of departed people.
import type { LocalCloud } from '../../localcloud/cloud';
import type { Department, EmployeeCard, Page } from '../../typings/api';
import { errorOf, ok, openCloud } from './helpers';
import { ADMIN, bindAs, importRows, smallCompany } from './rosterHelpers';

let cloud: LocalCloud;
let company: Awaited<ReturnType<typeof smallCompany>>;
beforeEach(async () => {
  cloud = openCloud();
  company = await smallCompany(cloud);
  await bindAs(cloud, 'o_li', company.code('李娜'));
});
afterEach(() => cloud.close());

const members = (data: object, openid = 'o_li') =>
  ok<Page<EmployeeCard>>(cloud, 'directory', openid, { action: 'members', ...data });
const names = (p: Page<EmployeeCard>) => p.items.map((e) => e.name);

describe('departments', () => {
  it('is the tree with own names and active members counted once per subtree', async () => {
    await ok(cloud, 'admin', ADMIN, { action: 'offboard', employeeId: company.id('陈静') });
    const { items } = await ok<{ items: Department[] }>(cloud, 'directory', 'o_li', {
      action: 'departments',
    });
    const by = (path: string) => items.find((d) => d.path === path) as Department;
    expect(by('门店/中心店')).toMatchObject({ name: '中心店', parentId: by('门店').id, memberCount: 3 });
    expect(by('门店/东区店').memberCount).toBe(1);
    // 赵敏 is in 人事部 and 门店/中心店: counted once under 门店.
    expect(by('门店')).toMatchObject({ name: '门店', parentId: null, memberCount: 4 });
    expect(by('人事部').memberCount).toBe(1);
    expect(by('财务部').memberCount).toBe(0);
  });
});

describe('departments from the stored tree snapshot', () => {
  const tree = async () => {
    const before = cloud.db.examined;
    const { result, ops } = await cloud.call<{ items: Department[] }>('directory', 'o_li', {
      action: 'departments',
    });
    if (!result.ok) throw new Error(result.error.code);
    return { items: result.data.items, requests: ops.requests, rows: cloud.db.examined - before };
  };
  const countOf = (items: Department[], path: string) => items.find((d) => d.path === path)?.memberCount;

  it('reads one document per call, and follows department writes and count changes', async () => {
    await tree(); // the first reader builds it
    const first = await tree();
    // The caller's own checks plus one request for the tree, whatever its size.
    const baseline = first.requests;
    expect(first.rows).toBeLessThanOrEqual(4);
    await ok(cloud, 'admin', ADMIN, { action: 'createDepartment', name: '西区店', parentId: null });
    const afterCreate = await tree();
    expect(afterCreate.items.map((d) => d.name)).toContain('西区店');
    expect(afterCreate.requests).toBe(baseline);
    await ok(cloud, 'admin', ADMIN, { action: 'offboard', employeeId: company.id('王强') });
    const afterOffboard = await tree();
    expect(countOf(afterOffboard.items, '门店/东区店')).toBe(countOf(first.items, '门店/东区店')! - 1);
    expect(afterOffboard.requests).toBe(baseline);
  });

  it('a change marked but never rebuilt (a killed writer) is built by the next reader', async () => {
    await tree();
    // A department written as a killed createDepartment leaves it: committed and marked, not rebuilt.
    cloud.db.tables.put('departments', {
      _id: 'd_new',
      name: '北区店',
      parentId: null,
      order: 99,
      createdAt: 1,
    });
    cloud.db.tables.put('settings', { _id: 'departmentTreeMark', stamp: 'after-the-kill' });
    const { items, rows } = await tree();
    expect(items.map((d) => d.name)).toContain('北区店');
    expect(rows).toBeGreaterThan(4); // it read the departments to build it
    expect((await tree()).rows).toBeLessThanOrEqual(4);
  });
});

describe('members', () => {
  it('lists direct members of a department only, active only', async () => {
    const { items } = await ok<{ items: Department[] }>(cloud, 'directory', 'o_li', {
      action: 'departments',
    });
    const store = items.find((d) => d.path === '门店')!;
    const center = items.find((d) => d.path === '门店/中心店')!;
    expect(names(await members({ departmentId: store.id }))).toEqual([]);
    expect(names(await members({ departmentId: center.id })).sort()).toEqual(['张伟', '李娜', '赵敏'].sort());
  });

  it('searches by name, pinyin initials, full pinyin and mobile', async () => {
    expect(names(await members({ keyword: '张' }))).toEqual(['张伟']);
    expect(names(await members({ keyword: 'zw' }))).toEqual(['张伟']);
    expect(names(await members({ keyword: 'ZM' }))).toEqual(['赵敏']);
    expect(names(await members({ keyword: 'wangq' }))).toEqual(['王强']);
    // Mobile: its prefixes of 3+ digits and its last 4 digits, nothing in between.
    expect(names(await members({ keyword: '13900000003' }))).toEqual(['王强']);
    expect(names(await members({ keyword: '0003' }))).toEqual(['王强']);
    expect(names(await members({ keyword: '0000003' }))).toEqual([]);
    // Any part of the name; initials and pinyin from the start.
    expect(names(await members({ keyword: '强' }))).toEqual(['王强']);
    expect(names(await members({ keyword: 'qiang' }))).toEqual([]);
    expect(names(await members({ keyword: '.*' }))).toEqual([]);
  });

  it('pages in pinyin order with a cursor, clamping limit to 100', async () => {
    await importRows(
      cloud,
      Array.from({ length: 130 }, (_, i) => ({
        姓名: `员工${String(i).padStart(3, '0')}`,
        手机号: `13700000${String(i).padStart(3, '0')}`,
        部门: '门店/大店',
      })),
    );
    const p1 = await members({ limit: 500 });
    expect(p1.items).toHaveLength(100);
    const p2 = await members({ limit: 500, cursor: p1.nextCursor });
    expect(p2.items).toHaveLength(36);
    expect(p2.nextCursor).toBeNull();
    const all = [...p1.items, ...p2.items].map((e) => e.id);
    expect(new Set(all).size).toBe(136);
    expect((await members({})).items).toHaveLength(20);
    expect((await errorOf(cloud, 'directory', 'o_li', { action: 'members', cursor: 'garbage' })).code).toBe(
      'INVALID_ARGUMENT',
    );
  });
});

describe('mobile visibility', () => {
  it('shows mobiles to everyone by default; when hidden only to admins and oneself, and mobile search stops', async () => {
    const profile = (openid: string, name: string) =>
      ok<EmployeeCard>(cloud, 'directory', openid, { action: 'profile', employeeId: company.id(name) });
    expect((await profile('o_li', '张伟')).mobile).toBe('13900000001');
    await ok(cloud, 'admin', ADMIN, { action: 'updateSettings', mobileVisible: false });
    expect((await profile('o_li', '张伟')).mobile).toBeUndefined();
    expect((await profile('o_li', '李娜')).mobile).toBe('13900000002');
    expect((await profile(ADMIN, '张伟')).mobile).toBe('13900000001');
    expect((await members({ keyword: '张' })).items[0].mobile).toBeUndefined();
    expect(names(await members({ keyword: '0003' }))).toEqual([]);
    expect(names(await members({ keyword: '0003' }, ADMIN))).toEqual(['王强']);
  });
});

describe('profile', () => {
  it('is the card with departments, position and 工号; departed people remain viewable as departed', async () => {
    const card = await ok<EmployeeCard>(cloud, 'directory', 'o_li', {
      action: 'profile',
      employeeId: company.id('赵敏'),
    });
    expect(card).toMatchObject({ name: '赵敏', position: '人事专员', employeeNo: 'A004', status: 'active' });
    expect(card.departments.map((d) => d.path).sort()).toEqual(['人事部', '门店/中心店']);
    await ok(cloud, 'admin', ADMIN, { action: 'offboard', employeeId: company.id('赵敏') });
    expect(
      await ok(cloud, 'directory', 'o_li', { action: 'profile', employeeId: company.id('赵敏') }),
    ).toMatchObject({ status: 'departed' });
    expect(names(await members({ keyword: '赵' }))).toEqual([]);
    expect(
      (await errorOf(cloud, 'directory', 'o_li', { action: 'profile', employeeId: 'nobody' })).code,
    ).toBe('NOT_FOUND');
  });
});
