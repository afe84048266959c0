// The admin roster's status filters (在职/未绑定/离职处理中/离职) read the roster status stored on
// each entry (one index-ordered page on (rosterStatus, namePinyin)); every change that moves an
// entry between them writes it in the same write. The scan check (test/scanCheck.ts) fails any
// filter that walks the roster.
import type { Page, RosterEntry, RosterStatus } from '../../typings/api';
import type { LocalCloud } from '../../localcloud/cloud';
import { rosterStatusOf } from '../../cloudfunctions/core/domain/rosterStatus';
import type { EmployeeDoc } from '../../cloudfunctions/core/store/documents';
import { doMarkDeparted } from '../../cloudfunctions/core/services/rosterOffboard';
import { ok, openCloud } from './helpers';
import { ADMIN, bindAs, importRows, smallCompany } from './rosterHelpers';

let cloud: LocalCloud;
let company: Awaited<ReturnType<typeof smallCompany>>;
beforeEach(async () => {
  cloud = openCloud();
  company = await smallCompany(cloud);
});
afterEach(() => cloud.close());

const roster = (params: object) =>
  ok<Page<RosterEntry>>(cloud, 'admin', ADMIN, { action: 'roster', limit: 50, ...params });
const names = async (status: RosterStatus) => (await roster({ status })).items.map((e) => e.name);
const employees = () => cloud.db.tables.scan('employees', {}).docs as unknown as EmployeeDoc[];

/** The stored status of every entry agrees with what it derives from. */
function expectStoredStatuses() {
  for (const e of employees()) expect([e.name, e.rosterStatus]).toEqual([e.name, rosterStatusOf(e)]);
}

it('each filter follows bind, bind by phone, offboarding, rehire and import', async () => {
  // Import creates unbound entries; the bootstrap admin is bound.
  expect(await names('active')).toEqual(['王建国']);
  expect(await names('unbound')).toEqual(['陈静', '李娜', '王强', '张伟', '赵敏']);

  await bindAs(cloud, 'o_zhang', company.code('张伟'));
  cloud.openapi.registerPhoneCode('pc-li', '13900000002');
  await ok(cloud, 'directory', 'o_li', { action: 'bindByPhone', phoneCode: 'pc-li' });
  expect(await names('active')).toEqual(['李娜', '王建国', '张伟']);
  expect(await names('unbound')).toEqual(['陈静', '王强', '赵敏']);

  // Offboarding: 离职处理中 while leaving groups, then 离职 (here the call finishes it at once).
  await ok(cloud, 'admin', ADMIN, { action: 'offboard', employeeId: company.id('李娜') });
  expect(await names('active')).toEqual(['王建国', '张伟']);
  expect(await names('departed')).toEqual(['李娜']);
  expect(await names('offboarding')).toEqual([]);

  // Rehired: back, not bound.
  await ok(cloud, 'admin', ADMIN, { action: 'rehire', employeeId: company.id('李娜') });
  expect(await names('departed')).toEqual([]);
  expect(await names('unbound')).toEqual(['陈静', '李娜', '王强', '赵敏']);

  // An import departs one, creates one.
  await importRows(cloud, [
    { 姓名: '王强', 手机号: '13900000003', 工号: 'A003', 状态: '离职' },
    { 姓名: '孙丽', 手机号: '13900000009', 部门: '财务部', 职位: '出纳', 工号: 'A009' },
  ]);
  expect(await names('departed')).toEqual(['王强']);
  expect(await names('unbound')).toEqual(['陈静', '李娜', '孙丽', '赵敏']);
  // And rehires one by listing them again.
  await importRows(cloud, [{ 姓名: '王强', 手机号: '13900000003', 部门: '门店/东区店', 工号: 'A003' }]);
  expect(await names('departed')).toEqual([]);
  expect(await names('unbound')).toEqual(['陈静', '李娜', '孙丽', '王强', '赵敏']);
  expectStoredStatuses();
});

it('an offboarding killed part way is 离职处理中 until it is finished', async () => {
  await bindAs(cloud, 'o_zhang', company.code('张伟'));
  // The first step alone (status, binding, offboardingAt): what a call killed after it leaves.
  await cloud.runAs('seed', () =>
    doMarkDeparted(company.id('张伟'), { id: company.adminId, name: '王建国' }, 'offboard'),
  );
  expect(await names('offboarding')).toEqual(['张伟']);
  expect(await names('active')).toEqual(['王建国']);
  expectStoredStatuses();
  // 完成离职 is the offboard action again.
  await ok(cloud, 'admin', ADMIN, { action: 'offboard', employeeId: company.id('张伟') });
  expect(await names('offboarding')).toEqual([]);
  expect(await names('departed')).toEqual(['张伟']);
  expectStoredStatuses();
});

it('pages a filter in address-book order', async () => {
  for (const name of ['张伟', '李娜', '王强', '赵敏']) await bindAs(cloud, `o_${name}`, company.code(name));
  const seen: string[] = [];
  let cursor: string | null | undefined;
  do {
    const page = await roster({ status: 'active', limit: 2, ...(cursor ? { cursor } : {}) });
    seen.push(...page.items.map((e) => e.name));
    cursor = page.nextCursor;
  } while (cursor);
  expect(seen).toEqual(['李娜', '王建国', '王强', '张伟', '赵敏']);
});
