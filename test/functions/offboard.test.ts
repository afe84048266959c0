// admin.offboard and admin.setAdmin through the local cloud: departure from every group with
// owner handover, the departed openid locked out everywhere, messages kept with 已离职, the
// last-admin rule also under races, and openDirect from both sides.
import type { LocalCloud } from '../../localcloud/cloud';
import type { ConversationDetail, Message } from '../../typings/api';
import type { EmployeeDoc } from '../../cloudfunctions/core/store/documents';
import { errorOf, ok, openCloud } from './helpers';
import { ADMIN, bindAs, smallCompany } from './rosterHelpers';

let cloud: LocalCloud;
let company: Awaited<ReturnType<typeof smallCompany>>;
const OPENIDS: Record<string, string> = {
  张伟: 'o_zhang',
  李娜: 'o_li',
  王强: 'o_wang',
  赵敏: 'o_zhao',
  陈静: 'o_chen',
};
beforeEach(async () => {
  cloud = openCloud();
  company = await smallCompany(cloud);
  for (const [name, openid] of Object.entries(OPENIDS)) await bindAs(cloud, openid, company.code(name));
});
afterEach(() => cloud.close());

const employee = (id: string) =>
  (cloud.db.tables.scan('employees', {}).docs as unknown as EmployeeDoc[]).find(
    (e) => e._id === id,
  ) as EmployeeDoc;

async function group(owner: string, first: string[], later: string[]): Promise<string> {
  const { conversation } = await ok<{ conversation: { id: string } }>(cloud, 'groups', OPENIDS[owner], {
    action: 'create',
    name: `${owner}的群`,
    employeeIds: first.map(company.id),
  });
  if (later.length)
    await ok(cloud, 'groups', OPENIDS[owner], {
      action: 'addMembers',
      conversationId: conversation.id,
      employeeIds: later.map(company.id),
    });
  return conversation.id;
}

const detail = (openid: string, conversationId: string) =>
  ok<ConversationDetail>(cloud, 'groups', openid, { action: 'detail', conversationId });

describe('admin.offboard', () => {
  it('hands each of 3 owned groups to its earliest-joined remaining member and leaves the rest', async () => {
    const g1 = await group('张伟', ['李娜'], ['王强']);
    const g2 = await group('张伟', ['王强'], ['李娜']);
    const g3 = await group('张伟', ['赵敏'], ['陈静', '李娜']);
    const g4 = await group('陈静', ['张伟'], []);
    const { items: before } = await ok<{ items: Message[] }>(cloud, 'messages', 'o_li', {
      action: 'history',
      conversationId: g1,
    });
    await ok(cloud, 'messages', 'o_zhang', {
      action: 'send',
      conversationId: g1,
      clientMsgId: 'c1',
      type: 'text',
      text: '明天开会',
    });

    const out = await ok(cloud, 'admin', ADMIN, { action: 'offboard', employeeId: company.id('张伟') });
    expect(out).toEqual({ groupsLeft: 4, ownershipsTransferred: 3 });

    expect((await detail('o_li', g1)).ownerId).toBe(company.id('李娜'));
    expect((await detail('o_wang', g2)).ownerId).toBe(company.id('王强'));
    expect((await detail('o_zhao', g3)).ownerId).toBe(company.id('赵敏'));
    expect(await detail('o_chen', g4)).toMatchObject({ ownerId: company.id('陈静'), memberCount: 1 });
    for (const [openid, id] of [
      ['o_li', g1],
      ['o_wang', g2],
      ['o_zhao', g3],
    ]) {
      const d = await detail(openid, id);
      expect(d.memberCount).toBe(id === g3 ? 3 : 2);
    }

    const { items } = await ok<{ items: Message[] }>(cloud, 'messages', 'o_li', {
      action: 'history',
      conversationId: g1,
    });
    const system = items.filter((m) => m.type === 'system' && !before.some((b) => b.id === m.id));
    expect(system.length).toBeGreaterThan(0);
    // The departed person's message stays, under their real name, marked departed.
    expect(items.find((m) => m.text === '明天开会')).toMatchObject({
      senderName: '张伟',
      senderDeparted: true,
    });

    const audit = cloud.db.tables.scan('audit_log', {}).docs as unknown as {
      action: string;
      targetId: string;
    }[];
    expect(
      audit.filter((a) => a.action === 'employee.offboard' && a.targetId === company.id('张伟')),
    ).toHaveLength(1);
  });

  it('dissolves a group the departed person was alone in', async () => {
    const solo = await group('张伟', ['李娜'], []);
    await ok(cloud, 'groups', 'o_li', { action: 'leave', conversationId: solo });
    await ok(cloud, 'admin', ADMIN, { action: 'offboard', employeeId: company.id('张伟') });
    expect((await errorOf(cloud, 'groups', 'o_li', { action: 'detail', conversationId: solo })).code).toMatch(
      /GROUP_DISSOLVED|FORBIDDEN|NOT_FOUND/,
    );
  });

  it('locks the departed openid out of every action but me/bind, at once', async () => {
    const g = await group('李娜', ['张伟'], []);
    await ok(cloud, 'admin', ADMIN, { action: 'offboard', employeeId: company.id('张伟') });
    expect(employee(company.id('张伟'))).toMatchObject({ status: 'departed', openid: null });
    expect(cloud.db.tables.scan('bindings', {}).docs.find((b) => b._id === 'o_zhang')).toBeUndefined();
    const calls: [Parameters<LocalCloud['invoke']>[0], object][] = [
      ['directory', { action: 'departments' }],
      ['directory', { action: 'members' }],
      ['directory', { action: 'profile', employeeId: company.id('李娜') }],
      ['groups', { action: 'list' }],
      ['groups', { action: 'detail', conversationId: g }],
      ['groups', { action: 'openDirect', employeeId: company.id('李娜') }],
      ['messages', { action: 'history', conversationId: g }],
      ['messages', { action: 'send', conversationId: g, clientMsgId: 'x', type: 'text', text: '还在吗' }],
      ['admin', { action: 'getSettings' }],
    ];
    for (const [fn, data] of calls)
      expect([fn, data, (await errorOf(cloud, fn, 'o_zhang', data)).code]).toEqual([
        fn,
        data,
        'UNAUTHENTICATED',
      ]);
    expect(await ok(cloud, 'directory', 'o_zhang', { action: 'me' })).toMatchObject({ bound: false });
    expect(
      (await errorOf(cloud, 'directory', 'o_zhang', { action: 'bind', inviteCode: company.code('张伟') }))
        .message,
    ).toBe('邀请码无效');
  });

  it('is idempotent, admin-only, and NOT_FOUND for an unknown id', async () => {
    await ok(cloud, 'admin', ADMIN, { action: 'offboard', employeeId: company.id('王强') });
    expect(await ok(cloud, 'admin', ADMIN, { action: 'offboard', employeeId: company.id('王强') })).toEqual({
      groupsLeft: 0,
      ownershipsTransferred: 0,
    });
    expect(
      (await errorOf(cloud, 'admin', 'o_li', { action: 'offboard', employeeId: company.id('王强') })).code,
    ).toBe('FORBIDDEN');
    expect((await errorOf(cloud, 'admin', ADMIN, { action: 'offboard', employeeId: 'nobody' })).code).toBe(
      'NOT_FOUND',
    );
  });
});

describe('admin.setAdmin', () => {
  it('grants and revokes, audited; the new admin can use admin actions', async () => {
    await ok(cloud, 'admin', ADMIN, { action: 'setAdmin', employeeId: company.id('李娜'), isAdmin: true });
    expect(await ok(cloud, 'directory', 'o_li', { action: 'me' })).toMatchObject({ isAdmin: true });
    await ok(cloud, 'admin', 'o_li', { action: 'getSettings' });
    await ok(cloud, 'admin', 'o_li', { action: 'setAdmin', employeeId: company.id('李娜'), isAdmin: false });
    expect((await errorOf(cloud, 'admin', 'o_li', { action: 'getSettings' })).code).toBe('FORBIDDEN');
    const audit = cloud.db.tables.scan('audit_log', {}).docs as unknown as { action: string }[];
    expect(audit.filter((a) => a.action === 'employee.setAdmin')).toHaveLength(2);
  });

  it('never revokes or offboards the last admin', async () => {
    const error = await errorOf(cloud, 'admin', ADMIN, {
      action: 'setAdmin',
      employeeId: company.adminId,
      isAdmin: false,
    });
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toContain('最后一位管理员');
    expect(
      (await errorOf(cloud, 'admin', ADMIN, { action: 'offboard', employeeId: company.adminId })).message,
    ).toBe('不能让最后一位管理员离职');
    expect(employee(company.adminId)).toMatchObject({ isAdmin: true, status: 'active' });
  });

  it('keeps one admin when two admins revoke each other at the same moment', async () => {
    await ok(cloud, 'admin', ADMIN, { action: 'setAdmin', employeeId: company.id('李娜'), isAdmin: true });
    const both = await Promise.all([
      cloud.invoke('admin', ADMIN, { action: 'setAdmin', employeeId: company.id('李娜'), isAdmin: false }),
      cloud.invoke('admin', 'o_li', { action: 'setAdmin', employeeId: company.adminId, isAdmin: false }),
    ]);
    expect(both.filter((r) => r.ok)).toHaveLength(1);
    const admins = (cloud.db.tables.scan('employees', {}).docs as unknown as EmployeeDoc[]).filter(
      (e) => e.isAdmin,
    );
    expect(admins).toHaveLength(1);
  });

  it('refuses making a departed employee admin', async () => {
    await ok(cloud, 'admin', ADMIN, { action: 'offboard', employeeId: company.id('王强') });
    expect(
      (
        await errorOf(cloud, 'admin', ADMIN, {
          action: 'setAdmin',
          employeeId: company.id('王强'),
          isAdmin: true,
        })
      ).code,
    ).toBe('CONFLICT');
  });
});

describe('groups.openDirect from the address book', () => {
  it('returns the same conversation whichever side opens it', async () => {
    const a = await ok<{ conversation: { id: string; type: string } }>(cloud, 'groups', 'o_li', {
      action: 'openDirect',
      employeeId: company.id('王强'),
    });
    const b = await ok<{ conversation: { id: string } }>(cloud, 'groups', 'o_wang', {
      action: 'openDirect',
      employeeId: company.id('李娜'),
    });
    expect(a.conversation.type).toBe('direct');
    expect(b.conversation.id).toBe(a.conversation.id);
  });
});
