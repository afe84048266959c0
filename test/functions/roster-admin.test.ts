// The admin roster (issue 12): departed staff listed and filtered by status, an employee's
// detail with the invite code, reissuing a code (the old one stops binding) and rehiring.
import type { AdminEmployeeDetail, InviteIssued, Page, RosterEntry } from '../../typings/api';
import type { LocalCloud } from '../../localcloud/cloud';
import { db } from '../../cloudfunctions/core/platform/cloud';
import { errorOf, ok, openCloud } from './helpers';
import { createGroup, openidOf, seedCompany } from './groups-fixture';

let cloud: LocalCloud;
const ADMIN = openidOf('zhang');

beforeEach(async () => {
  cloud = openCloud();
  await seedCompany(cloud);
  await cloud.runAs('seed', async () => {
    await db()
      .collection('employees')
      .doc('zhang')
      .update({ data: { isAdmin: true } });
  });
});
afterEach(() => cloud.close());

const roster = (params: object = {}) =>
  ok<Page<RosterEntry>>(cloud, 'admin', ADMIN, { action: 'roster', limit: 50, ...params });
const detail = (employeeId: string) =>
  ok<AdminEmployeeDetail>(cloud, 'admin', ADMIN, { action: 'employee', employeeId });
const stored = (id: string) => cloud.db.tables.getById('employees', id) as Record<string, unknown>;
const bind = (openid: string, inviteCode: string) =>
  cloud.invoke('directory', openid, { action: 'bind', inviteCode });

describe('admin.roster', () => {
  it('lists everyone, departed included, with a status each; filters by status', async () => {
    const all = await roster();
    const statusOf = Object.fromEntries(all.items.map((e) => [e.id, e.rosterStatus]));
    expect(statusOf).toMatchObject({ zhang: 'active', yang: 'unbound', gone: 'departed' });
    expect(all.items).toHaveLength(8);
    expect((await roster({ status: 'unbound' })).items.map((e) => e.id)).toEqual(['yang']);
    expect((await roster({ status: 'departed' })).items.map((e) => e.id)).toEqual(['gone']);
    expect((await roster({ status: 'active' })).items.map((e) => e.id)).not.toContain('yang');
    expect((await roster({ status: 'offboarding' })).items).toEqual([]);
    // Mobiles are shown to admins; keyword search finds departed staff by name and by mobile.
    expect((await roster({ keyword: '离职' })).items.map((e) => e.id)).toEqual(['gone']);
    const gone = all.items.find((e) => e.id === 'gone') as RosterEntry;
    expect((await roster({ keyword: gone.mobile })).items.map((e) => e.id)).toEqual(['gone']);
  });

  it('an unfinished offboarding is 离职处理中 until it is finished', async () => {
    await createGroup(cloud, 'zhang', { name: '项目群', employeeIds: ['li', 'wang'] });
    // Killed after the mark (status departed, offboardingAt set), before leaving the group.
    await cloud.runAs('seed', async () => {
      await db()
        .collection('employees')
        .doc('li')
        .update({
          data: { status: 'departed', rosterStatus: 'offboarding', openid: null, offboardingAt: Date.now() },
        });
    });
    expect((await roster({ status: 'offboarding' })).items.map((e) => e.id)).toEqual(['li']);
    expect(await detail('li')).toMatchObject({
      groups: 1,
      canFinishOffboarding: true,
      canRehire: false,
      canOffboard: false,
    });
    // 完成离职 is the offboard action again.
    await ok(cloud, 'admin', ADMIN, { action: 'offboard', employeeId: 'li' });
    expect(await detail('li')).toMatchObject({ groups: 0, canFinishOffboarding: false, canRehire: true });
    expect((await roster({ status: 'departed' })).items.map((e) => e.id).sort()).toEqual(['gone', 'li']);
  });

  it('pages with a cursor and refuses bad params and non-admins', async () => {
    const first = await roster({ limit: 3 });
    expect(first.items).toHaveLength(3);
    const next = await roster({ limit: 50, cursor: first.nextCursor });
    expect([...first.items, ...next.items].map((e) => e.id).sort()).toEqual(
      (await roster()).items.map((e) => e.id).sort(),
    );
    expect(await errorOf(cloud, 'admin', ADMIN, { action: 'roster', status: 'gone' })).toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    expect(await errorOf(cloud, 'admin', openidOf('li'), { action: 'roster' })).toMatchObject({
      code: 'FORBIDDEN',
    });
  });
});

describe('invite codes', () => {
  it('an admin sees an unbound employee’s code and reissues it: the old one stops binding', async () => {
    const first = await ok<InviteIssued>(cloud, 'admin', ADMIN, {
      action: 'reissueInviteCode',
      employeeId: 'yang',
    });
    expect(first.inviteCode).toMatch(/^[A-Z2-9]{8}$/);
    expect((await detail('yang')).invite).toMatchObject({
      code: first.inviteCode,
      state: 'valid',
      expiresAt: first.inviteExpiresAt,
    });
    const second = await ok<InviteIssued>(cloud, 'admin', ADMIN, {
      action: 'reissueInviteCode',
      employeeId: 'yang',
    });
    expect(second.inviteCode).not.toBe(first.inviteCode);
    expect(await bind('o_yang', first.inviteCode)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT' },
    });
    expect(await bind('o_yang', second.inviteCode)).toMatchObject({ ok: true });
    // Bound: no code to show, none to reissue.
    expect(await detail('yang')).toMatchObject({ invite: null, canReissueInvite: false });
    // Audited without the codes themselves.
    const entries = cloud.db.tables.scan('audit_log', { action: 'employee.reissueInvite' }).docs;
    expect(entries).toHaveLength(2);
    expect(JSON.stringify(entries)).not.toContain(first.inviteCode);
    expect(entries[0]).toMatchObject({ actorId: 'zhang', targetId: 'yang' });
  });

  it('refuses bound and departed employees, unknown ids and non-admins, changing nothing', async () => {
    const before = JSON.stringify([stored('li'), stored('gone')]);
    for (const [employeeId, code] of [
      ['li', 'CONFLICT'],
      ['gone', 'CONFLICT'],
      ['nobody', 'NOT_FOUND'],
    ])
      expect(await errorOf(cloud, 'admin', ADMIN, { action: 'reissueInviteCode', employeeId })).toMatchObject(
        {
          code,
        },
      );
    expect(
      await errorOf(cloud, 'admin', openidOf('li'), { action: 'reissueInviteCode', employeeId: 'yang' }),
    ).toMatchObject({ code: 'FORBIDDEN' });
    expect(
      await errorOf(cloud, 'admin', ADMIN, { action: 'reissueInviteCode', employeeId: 3 }),
    ).toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    expect(JSON.stringify([stored('li'), stored('gone')])).toBe(before);
    expect(stored('yang').inviteCode).toBeNull();
  });
});

describe('admin.rehire', () => {
  it('brings someone who left back, unbound, with a fresh code that binds', async () => {
    const issued = await ok<InviteIssued>(cloud, 'admin', ADMIN, { action: 'rehire', employeeId: 'gone' });
    expect(stored('gone')).toMatchObject({ status: 'active', departedAt: null, openid: null });
    expect((await roster({ status: 'unbound' })).items.map((e) => e.id).sort()).toEqual(['gone', 'yang']);
    expect(await bind('o_back', issued.inviteCode)).toMatchObject({ ok: true });
    expect(cloud.db.tables.scan('audit_log', { action: 'employee.rehire' }).docs).toHaveLength(1);
  });

  it('refuses the active, the still-offboarding and a mobile an active colleague now holds', async () => {
    expect(await errorOf(cloud, 'admin', ADMIN, { action: 'rehire', employeeId: 'li' })).toMatchObject({
      code: 'CONFLICT',
      message: '该员工在职，无需复职',
    });
    await cloud.runAs('seed', async () => {
      await db()
        .collection('employees')
        .doc('wang')
        .update({
          data: { status: 'departed', rosterStatus: 'offboarding', openid: null, offboardingAt: Date.now() },
        });
      await db()
        .collection('employees')
        .doc('liu')
        .update({ data: { mobile: stored('gone').mobile } });
    });
    expect(await errorOf(cloud, 'admin', ADMIN, { action: 'rehire', employeeId: 'wang' })).toMatchObject({
      code: 'CONFLICT',
      message: '该员工的离职还在处理中，请先完成离职',
    });
    expect(await errorOf(cloud, 'admin', ADMIN, { action: 'rehire', employeeId: 'gone' })).toMatchObject({
      code: 'CONFLICT',
      message: '手机号已被在职员工 刘洋 使用，不能复职',
    });
    expect(stored('gone').status).toBe('departed');
  });
});
