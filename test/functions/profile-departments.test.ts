// directory.profile takes the person's departments and those above them (for the paths) from the
// tree its instance keeps (store/departmentTree.ts): the card is the one the whole tree gives, and
// on a warm instance the rows it reads do not grow with the number of departments.
import type { LocalCloud } from '../../localcloud/cloud';
import type { EmployeeCard } from '../../typings/api';
import { withPaths } from '../../cloudfunctions/core/domain/departmentTree';
import type { DepartmentDoc, EmployeeDoc } from '../../cloudfunctions/core/store/documents';
import { departmentIndex, toCard } from '../../cloudfunctions/core/services/cards';
import { ok, openCloud } from './helpers';
import { ADMIN, bindAs, importRows, smallCompany } from './rosterHelpers';

let cloud: LocalCloud;
afterEach(() => cloud.close());

const employeeNamed = (name: string) =>
  (cloud.db.tables.scan('employees', {}).docs as unknown as EmployeeDoc[]).find(
    (e) => e.name === name,
  ) as EmployeeDoc;

/** The card as read, with the database rows and requests it took. */
async function profile(name: string) {
  const before = cloud.db.examined;
  const { result, ops } = await cloud.call<EmployeeCard>('directory', 'o_li', {
    action: 'profile',
    employeeId: employeeNamed(name)._id,
  });
  if (!result.ok) throw new Error(result.error.code);
  return { card: result.data, rows: cloud.db.examined - before, requests: ops.requests };
}

it('is the card the whole tree gives, deep paths included, reading rows that do not grow with the tree', async () => {
  cloud = openCloud();
  const company = await smallCompany(cloud);
  await bindAs(cloud, 'o_li', company.code('李娜'));
  await importRows(
    cloud,
    [{ 姓名: '周杰', 手机号: '13900000077', 部门: '总部/华东区/上海/徐汇店', 职位: '店员', 工号: 'A077' }],
    ADMIN,
  );
  // Also in 人事部 (a root department).
  const zhou = employeeNamed('周杰');
  const hr = (cloud.db.tables.scan('departments', {}).docs as unknown as DepartmentDoc[]).find(
    (d) => d.name === '人事部',
  ) as DepartmentDoc;
  cloud.db.tables.put('employees', { ...zhou, departmentIds: [...zhou.departmentIds, hr._id] } as never);

  // The import changed the tree: the first call builds it, later ones only check its stamp.
  await profile('周杰');
  const small = await profile('周杰');
  const all = withPaths(cloud.db.tables.scan('departments', {}).docs as unknown as DepartmentDoc[]);
  const whole = toCard(employeeNamed('周杰'), { departments: departmentIndex(all), showMobile: true });
  expect(small.card).toEqual({ ...whole, status: 'active' });
  expect(small.card.departments.map((d) => d.path)).toEqual(['总部/华东区/上海/徐汇店', '人事部']);

  // 300 more departments elsewhere in the tree: the same rows and requests.
  const now = Date.now();
  for (let i = 0; i < 300; i++)
    cloud.db.tables.put('departments', {
      _id: `extra_${i}`,
      name: `分店${i}`,
      parentId: i % 2 ? null : hr._id,
      order: i,
      path: '',
      createdAt: now,
    });
  const big = await profile('周杰');
  expect(big.card).toEqual(small.card);
  expect([big.rows, big.requests]).toEqual([small.rows, small.requests]);
  // The caller (binding, employee), the person, the settings and the tree's stamp.
  expect([small.rows, small.requests]).toEqual([5, 4]);
  expect(
    (await ok<EmployeeCard>(cloud, 'directory', 'o_li', { action: 'profile', employeeId: zhou._id })).name,
  ).toBe('周杰');
});
