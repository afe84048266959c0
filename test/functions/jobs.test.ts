// Jobs (services/jobs.ts): an import's departures in steps (each call stops at its deadline, the
// same call continues), the repair run continuing an abandoned import, and admin.jobs showing
// progress. Steps are forced by a wall clock that runs fast (Date.now), not by slow work.
import type { ImportResult, Job } from '../../typings/api';
import type { LocalCloud } from '../../localcloud/cloud';
import { clock } from '../../cloudfunctions/core/platform/clock';
import { errorOf, ok, openCloud, seedDocs } from './helpers';
import { createGroup, openidOf, seedCompany, storedMembers } from './groups-fixture';

let cloud: LocalCloud;
const ADMIN = openidOf('zhang');

beforeEach(async () => {
  cloud = openCloud();
  await seedCompany(cloud);
  await cloud.runAs('seed', async () => {
    const { db } = await import('../../cloudfunctions/core/platform/cloud');
    await db()
      .collection('employees')
      .doc('zhang')
      .update({ data: { isAdmin: true } });
  });
});
afterEach(() => {
  jest.restoreAllMocks();
  clock.now = () => Date.now();
  cloud.close();
});

/** Wall time advances `stepMs` at every reading: a step's deadline passes after a few groups. */
function fastWallClock(stepMs: number): void {
  let t = Date.now();
  jest.spyOn(Date, 'now').mockImplementation(() => (t += stepMs));
}

/** 李娜, 王强, 赵敏 and 陈静 leave; each is in the three groups 张伟 made. */
async function threeGroups(): Promise<string[]> {
  const ids: string[] = [];
  for (const name of ['甲群', '乙群', '丙群'])
    ids.push(
      (await createGroup(cloud, 'zhang', { name, employeeIds: ['li', 'wang', 'zhao', 'chen', 'liu'] }))
        .conversation.id,
    );
  return ids;
}

const LEAVERS = [
  { 姓名: '李娜', 手机号: '13900000001', 状态: '离职' },
  { 姓名: '王强', 手机号: '13900000002', 状态: '离职' },
  { 姓名: '赵敏', 手机号: '13900000003', 状态: '离职' },
  { 姓名: '陈静', 手机号: '13900000004', 状态: '离职' },
];
const importLeavers = () =>
  cloud.invoke<ImportResult>('admin', ADMIN, { action: 'importRoster', rows: LEAVERS });

const jobs = () => ok<{ items: Job[] }>(cloud, 'admin', ADMIN, { action: 'jobs' });

describe('an import with departures', () => {
  it('finishes through steps: each call stops at its deadline and the same call continues', async () => {
    const groups = await threeGroups();
    fastWallClock(2500); // a 24 s deadline passes after about ten readings
    const answers: ImportResult[] = [];
    for (let i = 0; i < 30; i++) {
      const res = await importLeavers();
      if (!res.ok) throw new Error(JSON.stringify(res.error));
      answers.push(res.data);
      if (!res.data.remainingDepartures) break;
    }
    jest.restoreAllMocks();
    expect(answers.length).toBeGreaterThan(2);
    const left = answers.map((a) => a.remainingDepartures ?? 0);
    expect(left.slice(0, -1).every((n) => n > 0)).toBe(true);
    expect(left).toEqual([...left].sort((a, b) => b - a)); // never goes back up
    expect(answers.at(-1)).toMatchObject({ departed: 4, rejected: [] });
    for (const g of groups)
      expect(
        storedMembers(cloud, g)
          .map((m) => m.employeeId)
          .sort(),
      ).toEqual(['liu', 'zhang']);
    const job = (await jobs()).items.find((j) => j.kind === 'import') as Job;
    expect(job).toMatchObject({ status: 'done', done: 4, total: 4, unit: '人', stalled: false });
    // One audit entry, written by the last step, with the final count.
    const entries = cloud.db.tables.scan('audit_log', { action: 'roster.import' }).docs;
    expect(entries).toHaveLength(1);
    expect(entries[0].details).toMatchObject({ departed: 4, rows: 4 });
  });

  it('while it runs, admin.jobs shows its progress; a killed one is continued by the repair run', async () => {
    const groups = await threeGroups();
    // Slow enough that the first step departs everyone (its writes come before the groups are
    // left), including the address book's tree build the seeded company has not had yet.
    fastWallClock(250);
    const first = await importLeavers();
    jest.restoreAllMocks();
    expect(first.ok && first.data.remainingDepartures).toBeGreaterThan(0);
    // Everyone named is departed at once: their access ends in the first step.
    for (const id of ['li', 'wang', 'zhao', 'chen'])
      expect(cloud.db.tables.getById('employees', id)).toMatchObject({ status: 'departed' });
    const running = (await jobs()).items.find((j) => j.kind === 'import') as Job;
    expect(running).toMatchObject({
      status: 'running',
      total: 4,
      stalled: false,
      startedBy: { id: 'zhang' },
    });
    expect(running.done).toBeLessThan(4);
    expect(running.title).toBe('导入花名册（4行）：办理离职');

    // Nobody calls again: later than any call lives, the job shows as stalled and the repair finishes it.
    const later = Date.now() + 10 * 60 * 1000;
    cloud.setClock(() => later);
    expect((await jobs()).items.find((j) => j.kind === 'import')?.stalled).toBe(true);
    const repair = await cloud.invoke<{ repairs: { name: string; repaired: number }[] }>('maintenance', '', {
      Type: 'Timer',
    });
    if (!repair.ok) throw new Error(JSON.stringify(repair.error));
    expect(repair.data.repairs.find((r) => r.name === 'jobs')?.repaired).toBe(1);
    for (const g of groups)
      expect(
        storedMembers(cloud, g)
          .map((m) => m.employeeId)
          .sort(),
      ).toEqual(['liu', 'zhang']);
    expect((await jobs()).items.find((j) => j.kind === 'import')).toMatchObject({ status: 'done', done: 4 });
    // The same import called again afterwards is a new import: everyone is already departed.
    const again = await importLeavers();
    expect(again.ok && again.data).toMatchObject({ departed: 0, unchanged: 4 });
  });
});

describe('admin.offboard as a job', () => {
  it('counts groups: total from the first step, done when out of all', async () => {
    await threeGroups();
    await ok(cloud, 'admin', ADMIN, { action: 'offboard', employeeId: 'li' });
    expect((await jobs()).items).toMatchObject([
      { kind: 'offboard', status: 'done', title: '办理离职：李娜', done: 3, total: 3, unit: '个群' },
    ]);
  });

  it('a job whose step failed shows its error until a retry goes through', async () => {
    await seedDocs(cloud, 'jobs', [
      {
        _id: 'offboard_li',
        kind: 'offboard',
        status: 'failed',
        title: '办理离职：李娜',
        targetId: 'li',
        done: 1,
        total: 3,
        unit: '个群',
        lastError: 'database unavailable',
        startedBy: { id: 'zhang', name: '张伟' },
        startedAt: Date.now(),
        updatedAt: Date.now(),
        finishedAt: null,
        state: {},
      },
    ]);
    expect((await jobs()).items[0]).toMatchObject({ status: 'failed', lastError: 'database unavailable' });
    await ok(cloud, 'admin', ADMIN, { action: 'offboard', employeeId: 'li' });
    expect((await jobs()).items[0]).toMatchObject({ status: 'done', lastError: null });
  });

  it('only admins see jobs', async () => {
    expect(await errorOf(cloud, 'admin', openidOf('li'), { action: 'jobs' })).toMatchObject({
      code: 'FORBIDDEN',
    });
  });
});
