// Groups and people stored before `nameKeys` existed: the back office's keyword searches find
// them the old way until the maintenance step has filled every one, then only through the index;
// a maintenance run killed anywhere never records the walk done while one still lacks its terms.
// Its own file: whether a collection is filled is kept per instance (services/nameKeysBackfill.ts).
import { LocalCloud } from '../../localcloud/cloud';
import { FunctionKilledError } from '../../localcloud/life';
import type { AdminGroupRow, Page, RosterEntry } from '../../typings/api';
import { nameKeysOf } from '../../cloudfunctions/core/domain/nameKeys';
import { takePlanNotes } from '../scanCheck';
import { describeQuery, scanReason } from '../scanPolicy';
import { makeCompany, makeGroup, type Company } from './admin-fixtures';
import { ok, openCloud } from './helpers';

const opened: LocalCloud[] = [];
afterEach(() => {
  while (opened.length) opened.pop()?.close();
});

const groupNames = async (cloud: LocalCloud, keyword: string) =>
  (await ok<Page<AdminGroupRow>>(cloud, 'admin', 'o_admin', { action: 'groups', keyword })).items
    .map((g) => g.name)
    .sort();
const rosterNames = async (cloud: LocalCloud, keyword: string) =>
  (
    await ok<Page<RosterEntry>>(cloud, 'admin', 'o_admin', { action: 'roster', keyword, limit: 50 })
  ).items.map((e) => e.name);
const walk = (cloud: LocalCloud, coll: string) =>
  cloud.db.tables.getById('settings', `nameKeysCursor:${coll}`) as { filled?: boolean } | undefined;
const named = { employees: {}, conversations: { type: 'group' } };
/** Documents without terms, in one collection or both. */
const lacking = (cloud: LocalCloud, only?: keyof typeof named) =>
  Object.entries(named)
    .filter(([coll]) => !only || coll === only)
    .flatMap(([coll, query]) => cloud.db.tables.scan(coll, query).docs)
    .filter((d) => d.nameKeys === undefined).length;

/** A company whose group 排班群 and employee 张伟 were stored before nameKeys, as an upgrade finds them. */
async function olderCompany(): Promise<{ cloud: LocalCloud; co: Company }> {
  const cloud = openCloud();
  opened.push(cloud);
  const co = await makeCompany(cloud, 4); // 张伟 李娜 王强 赵敏, mobiles 1390000000<i>
  const [a, b] = co.people;
  const g = await makeGroup(cloud, b, [a], '排班群');
  await makeGroup(cloud, b, [a], '盘点群');
  for (const [coll, id] of [
    ['conversations', g],
    ['employees', a.id],
  ] as const) {
    const { nameKeys: _dropped, ...legacy } = cloud.db.tables.getById(coll, id) as Record<string, unknown>;
    cloud.db.tables.put(coll, legacy as { _id: string });
  }
  // The deployment that stored them had no maintenance walk either.
  for (const coll of ['employees', 'conversations'])
    cloud.db.tables.delete('settings', `nameKeysCursor:${coll}`);
  return { cloud, co };
}

async function maintenance(cloud: LocalCloud): Promise<number | undefined> {
  const run = await cloud.invoke<{ repairs: { name: string; repaired: number }[] }>('maintenance', '', {
    Type: 'Timer',
  });
  if (!run.ok) throw new Error(JSON.stringify(run.error));
  return run.data.repairs.find((r) => r.name === 'nameKeys')?.repaired;
}

it('a fresh company needs no walk: bootstrap records both collections filled', async () => {
  const cloud = openCloud();
  opened.push(cloud);
  await makeCompany(cloud, 1);
  expect(walk(cloud, 'employees')?.filled).toBe(true);
  expect(walk(cloud, 'conversations')?.filled).toBe(true);
});

it('finds documents without terms before the maintenance step and after it; then only through the index', async () => {
  const { cloud } = await olderCompany();
  const searches = async () => {
    expect(await groupNames(cloud, '排班')).toEqual(['排班群']);
    expect(await groupNames(cloud, '群')).toEqual(['排班群', '盘点群']);
    expect(await rosterNames(cloud, '伟')).toEqual(['张伟']);
    expect(await rosterNames(cloud, 'zhangw')).toEqual(['张伟']);
    expect(await rosterNames(cloud, 'ZW')).toEqual(['张伟']);
    expect(await rosterNames(cloud, '0000')).toEqual(['王建国', '张伟']); // the mobile's last 4 digits
    expect(await rosterNames(cloud, '1390000')).toEqual(['李娜', '王强', '张伟', '赵敏']);
    expect(await rosterNames(cloud, '000000')).toEqual([]); // the middle of a mobile, as with terms
  };
  takePlanNotes();
  await searches();
  // The old way, transitional (its DELIBERATE entry in test/scanPolicy.ts).
  const before = takePlanNotes().filter((n) => describeQuery(n).includes('"nameKeys":{"$exists":false}'));
  expect(before.map((n) => n.coll).sort()).toEqual([
    ...Array(2).fill('conversations'),
    ...Array(6).fill('employees'),
  ]);
  expect(before.every((n) => scanReason(n) !== null)).toBe(true);

  expect(await maintenance(cloud)).toBe(2);
  expect(lacking(cloud)).toBe(0);
  expect(walk(cloud, 'employees')?.filled).toBe(true);
  expect(walk(cloud, 'conversations')?.filled).toBe(true);
  await searches();
  const after = takePlanNotes().filter((n) => n.coll === 'employees' || n.coll === 'conversations');
  expect(after.map(describeQuery).filter((q) => q.includes('$exists'))).toEqual([]);
  expect(after.filter((n) => scanReason(n) !== null).map(describeQuery)).toEqual([]);
  // Done for good: the step reads nothing more of either collection.
  expect(await maintenance(cloud)).toBe(0);
  const walked = takePlanNotes().filter((n) => n.coll === 'employees' || n.coll === 'conversations');
  const walkQuery = /^(employees|conversations) (\{\}|\{"_id":\{"\$gt":"[^"]*"\}\})$/;
  expect(walked.map(describeQuery).filter((q) => walkQuery.test(q))).toEqual([]);
});

it('a maintenance run killed after any request never records a walk done with a document left', async () => {
  const { cloud } = await olderCompany();
  const from = cloud.snapshot();
  let k = 1;
  for (; ; k++) {
    const c = new LocalCloud({ from });
    opened.push(c);
    try {
      await c.call('maintenance', '', { Type: 'Timer' }, { killAfterRequests: k });
      break;
    } catch (e) {
      if (!(e instanceof FunctionKilledError)) throw e;
    }
    c.expireOpenTransactions();
    for (const coll of ['employees', 'conversations'] as const)
      if (walk(c, coll)?.filled) expect([k, coll, lacking(c, coll)]).toEqual([k, coll, 0]);
    // The next run finishes the work.
    await maintenance(c);
    expect([k, lacking(c), walk(c, 'employees')?.filled, walk(c, 'conversations')?.filled]).toEqual([
      k,
      0,
      true,
      true,
    ]);
    const g = c.db.tables.scan('conversations', { name: '排班群' }).docs[0];
    expect(g.nameKeys).toEqual(nameKeysOf('排班群'));
    c.close();
    opened.pop();
  }
  expect(k).toBeGreaterThan(2);
});
