// Every query the cloud functions make on a large collection is answered by a declared index
// (COLLECTIONS). The check itself runs in every function, crash and page test (test/scanCheck.ts,
// judged by test/scanPolicy.ts); this file tours the read paths in one place — address book,
// search, lists, members, history, the back office with its filters and pages, maintenance —
// and shows that the check does fail: without an index, on an aggregate, on a query narrowed
// only by a status.
import type { LocalCloud } from '../../localcloud/cloud';
import { takePlanNotes } from '../scanCheck';
import { scanReason, unexplainedScans } from '../scanPolicy';
import { makeCompany, makeGroup, type Company } from './admin-fixtures';
import { ok, openCloud, sendText } from './helpers';

let cloud: LocalCloud;
let co: Company;
let g: string;
beforeEach(async () => {
  cloud = openCloud();
  co = await makeCompany(cloud, 6);
  const [a, b, c] = co.people;
  g = await makeGroup(cloud, a, [b, c], '盘点群');
  await makeGroup(cloud, b, [c], '排班群');
  await sendText(cloud, a, g, '周五盘点表');
  await sendText(cloud, b, g, '收到盘点');
});
afterEach(() => cloud.close());

const as = (openid: string, fn: 'directory' | 'groups' | 'messages' | 'admin', data: object) =>
  ok<Record<string, unknown>>(cloud, fn, openid, data);

it('answers every read path of the functions through indexes', async () => {
  const [a, b, c] = co.people;
  takePlanNotes();
  await as(a.openid, 'directory', { action: 'departments' });
  await as(a.openid, 'directory', { action: 'members' });
  await as(a.openid, 'directory', { action: 'members', departmentId: co.deptId });
  await as(a.openid, 'directory', { action: 'members', keyword: b.name.slice(0, 1) });
  await as(a.openid, 'directory', { action: 'members', keyword: 'zw' });
  await as(a.openid, 'directory', { action: 'members', keyword: '0001' });
  await as(a.openid, 'directory', { action: 'members', keyword: '李', departmentId: co.deptId });
  await as(a.openid, 'directory', { action: 'profile', employeeId: b.id });
  await as(a.openid, 'groups', { action: 'list' });
  await as(a.openid, 'groups', { action: 'detail', conversationId: g });
  await as(a.openid, 'groups', { action: 'members', conversationId: g });
  await as(a.openid, 'groups', { action: 'members', conversationId: g, keyword: 'l' });
  await as(a.openid, 'groups', { action: 'search', keyword: '盘点' });
  // A department group's size: its active people through the multikey index on departmentIds.
  await as(a.openid, 'groups', { action: 'createOptions', departmentIds: [co.deptId] });
  await as(a.openid, 'messages', { action: 'history', conversationId: g });
  await as(c.openid, 'messages', { action: 'search', keyword: '盘点' });
  await as(c.openid, 'messages', { action: 'search', keyword: '盘点' }); // the cached scope
  await as(c.openid, 'messages', { action: 'search', keyword: '盘', conversationId: g });
  await as(c.openid, 'messages', { action: 'search', senderId: a.id });
  await as(c.openid, 'messages', { action: 'search', type: 'file', from: 0, to: Date.now() });
  const admin = co.admin.openid;
  await as(admin, 'admin', { action: 'stats' });
  const first = await as(admin, 'admin', { action: 'groups', limit: 1 });
  await as(admin, 'admin', { action: 'groups', limit: 1, cursor: first.nextCursor });
  await as(admin, 'admin', { action: 'groups', status: 'active' });
  await as(admin, 'admin', { action: 'groups', status: 'disabled' });
  await as(admin, 'admin', { action: 'groupDetail', conversationId: g });
  await as(admin, 'admin', { action: 'groupMembers', conversationId: g });
  await as(admin, 'admin', { action: 'groupMembers', conversationId: g, keyword: 'zw' });
  await as(admin, 'admin', { action: 'groupMessages', conversationId: g });
  await as(admin, 'admin', { action: 'auditLog' });
  await as(admin, 'admin', { action: 'roster' });
  await as(admin, 'admin', { action: 'roster', status: 'unbound' });
  await as(admin, 'admin', { action: 'roster', status: 'departed' });
  await as(admin, 'admin', { action: 'roster', status: 'active' });
  await as(admin, 'admin', { action: 'roster', status: 'offboarding' });
  // Keywords: one equality on the multikey nameKeys index (domain/nameKeys.ts), then the page.
  await as(admin, 'admin', { action: 'groups', keyword: '盘点' });
  await as(admin, 'admin', { action: 'groups', keyword: a.name, status: 'active' }); // or the creator
  await as(admin, 'admin', { action: 'groups', keyword: '盘点群的七个字' }); // longer than a stored run
  await as(admin, 'admin', { action: 'roster', keyword: b.name.slice(0, 1) });
  await as(admin, 'admin', { action: 'roster', keyword: 'zw', status: 'departed' });
  await as(admin, 'admin', { action: 'roster', keyword: '0001' });
  await cloud.invoke('maintenance', '', { Type: 'Timer', TriggerName: 'test' });
  const notes = takePlanNotes();
  expect(notes.length).toBeGreaterThan(50);
  expect(unexplainedScans(notes)).toEqual([]);
  const candidates = notes.filter((n) => n.coll === 'employees' && 'departmentIds' in n.query);
  expect(candidates.length).toBeGreaterThan(0);
  for (const n of candidates) expect(n.narrowedBy).toContainEqual({ equal: ['departmentIds'], range: null });
  const byName = notes.filter((n) => JSON.stringify(n.query).includes('"nameKeys":"'));
  expect(new Set(byName.map((n) => n.coll))).toEqual(new Set(['conversations', 'employees']));
  for (const n of byName) expect(n.narrowedBy).toContainEqual({ equal: ['nameKeys'], range: null });
});

describe('the check fails', () => {
  it('when an index a query relies on is missing', async () => {
    // members [conversationId, joinSeq]: the group's member list. SQLite then reads every member.
    cloud.db.tables.dropIndex('members', ['conversationId', 'joinSeq']);
    takePlanNotes();
    await as(co.people[0].openid, 'groups', { action: 'members', conversationId: g });
    expect(unexplainedScans(takePlanNotes()).join('\n')).toMatch(
      /^find members \{"conversationId":"\w+".* — (no index narrows it|walks a whole index)/m,
    );
  });

  it('when the only index narrows by a status (a compound index in the wrong order)', async () => {
    // Without [type, status, createdAt] the group table's status filter falls back to
    // [status, createdAt]: every group of that status, type filtered and sorted afterwards.
    cloud.db.tables.dropIndex('conversations', ['type', 'status', 'createdAt']);
    cloud.db.tables.dropIndex('conversations', ['type', 'createdAt']);
    takePlanNotes();
    await as(co.admin.openid, 'admin', { action: 'groups', status: 'active' });
    expect(unexplainedScans(takePlanNotes()).join('\n')).toMatch(
      /^find conversations .*"status":"active".* not pinned by a selective field/m,
    );
  });

  it('on an aggregate over a large collection, and on a count over a date range', () => {
    const note = { coll: 'messages', narrowedBy: [{ equal: ['conversationId'], range: null }] };
    expect(scanReason({ ...note, op: 'aggregate', query: {}, pagedByIndex: false })).toMatch(/aggregate/);
    expect(
      scanReason({
        op: 'count',
        coll: 'messages',
        query: {},
        narrowedBy: [{ equal: [], range: 'createdAt' }],
        pagedByIndex: false,
      }),
    ).toMatch(/not pinned/);
    // The same range read as one index-ordered page is fine; a small collection may be read whole.
    expect(
      scanReason({
        op: 'find',
        coll: 'messages',
        query: {},
        narrowedBy: [{ equal: [], range: 'createdAt' }],
        pagedByIndex: true,
      }),
    ).toBeNull();
    expect(
      scanReason({ op: 'find', coll: 'departments', query: {}, narrowedBy: null, pagedByIndex: false }),
    ).toBeNull();
  });
});
