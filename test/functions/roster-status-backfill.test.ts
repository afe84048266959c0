// Entries stored before the roster status existed: the roster's filters stay right while they
// lack it (the roster derives it then), and the maintenance repair stores it, a page a run.
// Its own file: whether every entry has one is kept per instance (services/rosterStatuses.ts).
import type { Page, RosterEntry, RosterStatus } from '../../typings/api';
import type { LocalCloud } from '../../localcloud/cloud';
import { rosterStatusOf } from '../../cloudfunctions/core/domain/rosterStatus';
import type { EmployeeDoc } from '../../cloudfunctions/core/store/documents';
import { takePlanNotes } from '../scanCheck';
import { describeQuery } from '../scanPolicy';
import { ok, openCloud } from './helpers';
import { ADMIN, bindAs, smallCompany } from './rosterHelpers';

let cloud: LocalCloud;
afterEach(() => cloud.close());

const names = async (status: RosterStatus) =>
  (await ok<Page<RosterEntry>>(cloud, 'admin', ADMIN, { action: 'roster', limit: 50, status })).items.map(
    (e) => e.name,
  );
const employees = () => cloud.db.tables.scan('employees', {}).docs as unknown as EmployeeDoc[];

it('filters entries without a stored status correctly, and the repair stores it', async () => {
  cloud = openCloud();
  const company = await smallCompany(cloud);
  await bindAs(cloud, 'o_zhang', company.code('张伟'));
  await ok(cloud, 'admin', ADMIN, { action: 'offboard', employeeId: company.id('李娜') });
  // As stored before the field existed.
  for (const e of employees()) {
    const old: Partial<EmployeeDoc> = { ...e };
    delete old.rosterStatus;
    cloud.db.tables.put('employees', old as never);
  }
  const want = { active: ['王建国', '张伟'], unbound: ['陈静', '王强', '赵敏'], departed: ['李娜'] };
  takePlanNotes();
  for (const [status, list] of Object.entries(want))
    expect(await names(status as RosterStatus)).toEqual(list);
  // Derived from status/openid/offboardingAt while old entries are left.
  expect(takePlanNotes().some((n) => /"status":"active","openid"/.test(describeQuery(n)))).toBe(true);

  const run = await cloud.invoke('maintenance', '', { Type: 'Timer', TriggerName: 'test' });
  expect(JSON.stringify(run)).toContain('rosterStatuses');
  for (const e of employees()) expect([e.name, e.rosterStatus]).toEqual([e.name, rosterStatusOf(e)]);
  takePlanNotes();
  for (const [status, list] of Object.entries(want))
    expect(await names(status as RosterStatus)).toEqual(list);
  // Now by the stored status only.
  const queries = takePlanNotes().map(describeQuery);
  expect(queries.filter((q) => q.includes('"rosterStatus":"unbound"'))).not.toEqual([]);
  expect(queries.filter((q) => q.includes('"status":'))).toEqual([]);
});
