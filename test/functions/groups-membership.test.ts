// Membership, ownership, group settings, dissolve, sync, company settings, offboarding.
import type { LocalCloud } from '../../localcloud/cloud';
import { leaveAllConversations } from '../../cloudfunctions/core/services/departure';
import { db } from '../../cloudfunctions/core/platform/cloud';
import { bootstrapAdmin, errorOf, ok, openCloud } from './helpers';
import {
  createGroup,
  openidOf,
  seedCompany,
  storedConversation,
  storedMembers,
  storedMessages,
} from './groups-fixture';

let cloud: LocalCloud;
let gid: string;
const as = (who: string, data: object) => ok(cloud, 'groups', openidOf(who), data);
const codeOf = async (who: string, data: object) =>
  (await errorOf(cloud, 'groups', openidOf(who), data)).code;
const texts = () => storedMessages(cloud, gid).map((m) => m.text);
const ids = () =>
  storedMembers(cloud, gid)
    .map((m) => m.employeeId)
    .sort();

beforeEach(async () => {
  cloud = openCloud();
  await seedCompany(cloud);
  // join order: 张伟(owner) 李娜 王强 赵敏
  gid = (await createGroup(cloud, 'zhang', { name: '项目群', employeeIds: ['li', 'wang', 'zhao'] }))
    .conversation.id;
});
afterEach(() => cloud.close());

describe('addMembers / removeMembers permissions', () => {
  it('owner and admins add; plain members get FORBIDDEN unless the owner allows invites', async () => {
    expect(await codeOf('li', { action: 'addMembers', conversationId: gid, employeeIds: ['chen'] })).toBe(
      'FORBIDDEN',
    );
    await as('zhang', { action: 'setAdmins', conversationId: gid, employeeIds: ['wang'] });
    expect(await as('wang', { action: 'addMembers', conversationId: gid, departmentIds: ['s1'] })).toEqual({
      added: ['chen', 'liu'],
      skipped: [],
    });
    expect(texts()).toContain('王强 邀请 陈静、刘洋 加入了群聊');
    expect(await codeOf('wang', { action: 'update', conversationId: gid, allowMemberInvite: true })).toBe(
      'FORBIDDEN',
    );
    await as('zhang', { action: 'update', conversationId: gid, allowMemberInvite: true });
    const res = await as('li', {
      action: 'addMembers',
      conversationId: gid,
      employeeIds: ['yang', 'gone', 'chen'],
    });
    expect(res).toEqual({
      added: ['yang'],
      skipped: expect.arrayContaining([
        expect.objectContaining({ employeeId: 'gone', reason: 'departed' }),
        expect.objectContaining({ employeeId: 'chen', reason: 'already_member' }),
      ]),
    });
    expect(storedConversation(cloud, gid).memberCount).toBe(storedMembers(cloud, gid).length);
    expect(await codeOf('liu', { action: 'addMembers', conversationId: 'nope', employeeIds: ['yang'] })).toBe(
      'NOT_FOUND',
    );
  });

  it('admins remove plain members only; the owner removes admins; nobody removes the owner', async () => {
    await as('zhang', { action: 'setAdmins', conversationId: gid, employeeIds: ['wang', 'zhao'] });
    expect(await codeOf('li', { action: 'removeMembers', conversationId: gid, employeeIds: ['wang'] })).toBe(
      'FORBIDDEN',
    );
    expect(
      await codeOf('wang', { action: 'removeMembers', conversationId: gid, employeeIds: ['zhang'] }),
    ).toBe('FORBIDDEN');
    expect(
      await codeOf('wang', { action: 'removeMembers', conversationId: gid, employeeIds: ['zhao'] }),
    ).toBe('FORBIDDEN');
    expect(ids()).toEqual(['li', 'wang', 'zhang', 'zhao']);
    expect(await as('wang', { action: 'removeMembers', conversationId: gid, employeeIds: ['li'] })).toEqual({
      removed: ['li'],
    });
    expect(
      await as('zhang', { action: 'removeMembers', conversationId: gid, employeeIds: ['zhao'] }),
    ).toEqual({ removed: ['zhao'] });
    expect(ids()).toEqual(['wang', 'zhang']);
    const conv = storedConversation(cloud, gid);
    expect(conv.memberCount).toBe(2);
    expect(conv.adminIds).toEqual(['wang']);
    expect(texts()).toContain('王强 将 李娜 移出了群聊');
    expect(await codeOf('li', { action: 'detail', conversationId: gid })).toBe('FORBIDDEN');
  });
});

describe('leave and owner handover', () => {
  it('owner leaves → the earliest-joined member is owner, with a system message', async () => {
    expect(await as('zhang', { action: 'leave', conversationId: gid })).toEqual({ newOwnerId: 'li' });
    const conv = storedConversation(cloud, gid);
    expect(conv.ownerId).toBe('li');
    expect(
      storedMembers(cloud, gid)
        .filter((m) => m.role === 'owner')
        .map((m) => m.employeeId),
    ).toEqual(['li']);
    expect(texts().slice(-2)).toEqual(['张伟 退出了群聊', '群主已转让给 李娜']);
    expect(await as('li', { action: 'detail', conversationId: gid })).toMatchObject({
      myRole: 'owner',
      memberCount: 3,
    });
  });

  it('a plain member leaves without handover; the last one out dissolves the group', async () => {
    expect(await as('wang', { action: 'leave', conversationId: gid })).toEqual({});
    expect(storedConversation(cloud, gid).ownerId).toBe('zhang');
    for (const who of ['zhang', 'li', 'zhao']) await as(who, { action: 'leave', conversationId: gid });
    const conv = storedConversation(cloud, gid);
    expect(conv).toMatchObject({ status: 'dissolved', memberCount: 0 });
    expect(storedMembers(cloud, gid)).toHaveLength(0);
  });

  it('an owner alone with seats leaked by a crashed add can still leave (the group is dissolved)', async () => {
    for (const who of ['li', 'wang', 'zhao']) await as(who, { action: 'leave', conversationId: gid });
    // A crash between reserving seats and writing the member documents leaves memberCount high.
    await cloud.runAs('seed', async () => {
      await db()
        .collection('conversations')
        .doc(gid)
        .update({ data: { memberCount: 3 } });
    });
    expect(await as('zhang', { action: 'leave', conversationId: gid })).toEqual({});
    expect(storedConversation(cloud, gid)).toMatchObject({ status: 'dissolved', memberCount: 0 });
    expect(storedMembers(cloud, gid)).toHaveLength(0);
  });

  it('offboarding (leaveAllConversations) leaves every group and hands ownership over', async () => {
    const other = (await createGroup(cloud, 'li', { employeeIds: ['zhang'] })).conversation.id;
    await as('zhang', { action: 'openDirect', employeeId: 'li' });
    const result = await cloud.runAs('o_admin', () =>
      leaveAllConversations('zhang', { id: 'admin', name: '管理员' }),
    );
    expect(result).toEqual({ groupsLeft: 2, ownershipsTransferred: 1, remaining: 0, total: 3 });
    expect(storedConversation(cloud, gid).ownerId).toBe('li');
    expect(storedMembers(cloud, other).map((m) => m.employeeId)).toEqual(['li']);
    expect(texts()).toContain('张伟 已离职，退出了群聊');
  });
});

describe('ownership', () => {
  it('an unnamed group drops people who leave or are removed from its name; a chosen name stays', async () => {
    const auto = (await createGroup(cloud, 'zhang', { employeeIds: ['li', 'wang', 'zhao'] })).conversation.id;
    expect(storedConversation(cloud, auto).name).toBe('张伟、李娜、王强…');
    await as('li', { action: 'leave', conversationId: auto });
    expect(storedConversation(cloud, auto).name).toBe('张伟、王强…');
    await as('zhang', { action: 'removeMembers', conversationId: auto, employeeIds: ['wang'] });
    expect(storedConversation(cloud, auto).name).toBe('张伟…');
    await leaveAllConversations('zhang', { id: 'admin', name: '管理员' });
    expect(storedConversation(cloud, auto).name).toBe('群聊');
    await as('li', { action: 'leave', conversationId: gid });
    expect(storedConversation(cloud, gid).name).toBe('项目群');
  });

  it('transferOwner: owner only, to a member', async () => {
    expect(await codeOf('li', { action: 'transferOwner', conversationId: gid, employeeId: 'wang' })).toBe(
      'FORBIDDEN',
    );
    expect(await codeOf('zhang', { action: 'transferOwner', conversationId: gid, employeeId: 'chen' })).toBe(
      'NOT_FOUND',
    );
    await as('zhang', { action: 'transferOwner', conversationId: gid, employeeId: 'zhao' });
    expect(storedConversation(cloud, gid).ownerId).toBe('zhao');
    expect(texts()).toContain('群主已转让给 赵敏');
    expect(await codeOf('zhang', { action: 'transferOwner', conversationId: gid, employeeId: 'li' })).toBe(
      'FORBIDDEN',
    );
    const audit = cloud.db.tables.scan('audit_log', {}).docs.find((a) => a.action === 'group.transferOwner');
    expect(audit).toMatchObject({
      actorId: 'zhang',
      before: { ownerId: 'zhang' },
      after: { ownerId: 'zhao' },
    });
  });

  it('setAdmins: owner only, members only, at most 10', async () => {
    expect(await codeOf('li', { action: 'setAdmins', conversationId: gid, employeeIds: ['wang'] })).toBe(
      'FORBIDDEN',
    );
    expect(await codeOf('zhang', { action: 'setAdmins', conversationId: gid, employeeIds: ['chen'] })).toBe(
      'NOT_FOUND',
    );
    const eleven = Array.from({ length: 11 }, (_, i) => `p${i}`);
    expect(await codeOf('zhang', { action: 'setAdmins', conversationId: gid, employeeIds: eleven })).toBe(
      'INVALID_ARGUMENT',
    );
    await as('zhang', { action: 'setAdmins', conversationId: gid, employeeIds: ['li', 'wang'] });
    await as('zhang', { action: 'setAdmins', conversationId: gid, employeeIds: ['wang'] });
    expect(storedConversation(cloud, gid).adminIds).toEqual(['wang']);
    expect(
      storedMembers(cloud, gid)
        .filter((m) => m.role === 'admin')
        .map((m) => m.employeeId),
    ).toEqual(['wang']);
    expect(await codeOf('wang', { action: 'setAdmins', conversationId: gid, employeeIds: ['li'] })).toBe(
      'FORBIDDEN',
    );
  });

  it('update: name, announcement, muteAll by owner/admins only, with system messages', async () => {
    expect(await codeOf('li', { action: 'update', conversationId: gid, name: '新名字' })).toBe('FORBIDDEN');
    await as('zhang', {
      action: 'update',
      conversationId: gid,
      name: '新名字',
      announcement: '周五盘点',
      muteAll: true,
    });
    expect(storedConversation(cloud, gid)).toMatchObject({
      name: '新名字',
      announcement: '周五盘点',
      muteAll: true,
    });
    expect(texts()).toEqual(
      expect.arrayContaining([
        '张伟 修改群名为“新名字”',
        '张伟 发布了群公告：周五盘点',
        '张伟 开启了全员禁言',
      ]),
    );
    expect(await codeOf('zhang', { action: 'update', conversationId: gid, name: '' })).toBe(
      'INVALID_ARGUMENT',
    );
  });

  it('the list marks the line that published an announcement with the announcement itself', async () => {
    await as('zhang', { action: 'update', conversationId: gid, announcement: '周五盘点' });
    type Row = { id: string; lastMessage: { preview: string; announcement?: string } | null };
    const rowOf = async () =>
      ((await as('li', { action: 'list' })) as { items: Row[] }).items.find((r) => r.id === gid)!;
    expect((await rowOf()).lastMessage).toMatchObject({
      preview: '张伟 发布了群公告：周五盘点',
      announcement: '周五盘点',
    });
    // Any other line (a rename, a cleared announcement) carries no announcement.
    await as('zhang', { action: 'update', conversationId: gid, name: '新名字' });
    expect((await rowOf()).lastMessage?.announcement).toBeUndefined();
    await as('zhang', { action: 'update', conversationId: gid, announcement: '' });
    expect((await rowOf()).lastMessage?.announcement).toBeUndefined();
  });

  it('dissolve: owner only; members lose the group at once, the record and history stay', async () => {
    expect(await codeOf('li', { action: 'dissolve', conversationId: gid })).toBe('FORBIDDEN');
    await as('zhang', { action: 'dissolve', conversationId: gid });
    expect(storedConversation(cloud, gid).status).toBe('dissolved');
    expect(texts()).toContain('张伟 解散了该群');
    expect(await codeOf('li', { action: 'detail', conversationId: gid })).toBe('GROUP_DISSOLVED');
    expect(await codeOf('zhang', { action: 'addMembers', conversationId: gid, employeeIds: ['chen'] })).toBe(
      'GROUP_DISSOLVED',
    );
    const list = (await as('li', { action: 'list' })) as { items: { id: string }[] };
    expect(list.items.map((i) => i.id)).not.toContain(gid);
    expect(storedMembers(cloud, gid)).toHaveLength(4);
    expect(cloud.db.tables.scan('audit_log', {}).docs.some((a) => a.action === 'group.dissolve')).toBe(true);
  });
});

describe('syncDepartments', () => {
  it('adds newcomers, removes people who left the departments, keeps hand-picked people', async () => {
    const dept = (await createGroup(cloud, 'zhang', { departmentIds: ['sales'], employeeIds: ['li'] }))
      .conversation.id;
    // 刘洋 moves to 技术部; a new hire joins 一组.
    await cloud.runAs('seed', async () => {
      await db()
        .collection('employees')
        .doc('liu')
        .update({ data: { departmentIds: ['tech'] } });
      await db()
        .collection('employees')
        .doc('wang')
        .update({ data: { departmentIds: ['s1'] } });
    });
    expect(await codeOf('li', { action: 'syncDepartments', conversationId: dept })).toBe('FORBIDDEN');
    expect(await as('zhang', { action: 'syncDepartments', conversationId: dept })).toEqual({
      added: ['wang'],
      removed: ['liu'],
    });
    expect(
      storedMembers(cloud, dept)
        .map((m) => m.employeeId)
        .sort(),
    ).toEqual(['chen', 'li', 'wang', 'zhang', 'zhao']);
    expect(storedConversation(cloud, dept).memberCount).toBe(5);
    expect(await codeOf('zhang', { action: 'syncDepartments', conversationId: gid })).toBe(
      'INVALID_ARGUMENT',
    );
  });
});

describe('admin settings', () => {
  it('getSettings gives defaults; updateSettings takes a subset, returns all, audits before/after; admins only', async () => {
    await bootstrapAdmin(cloud);
    expect(await ok(cloud, 'admin', 'o_admin', { action: 'getSettings' })).toEqual({
      initiation: { mode: 'all' },
      usageScope: { mode: 'all' },
      memberCap: 1000,
      mobileVisible: true,
      scopeNames: {},
      memberCapMax: 1000,
    });
    const next = await ok(cloud, 'admin', 'o_admin', { action: 'updateSettings', memberCap: 500 });
    expect(next).toEqual({
      initiation: { mode: 'all' },
      usageScope: { mode: 'all' },
      memberCap: 500,
      mobileVisible: true,
    });
    const audit = cloud.db.tables.scan('audit_log', {}).docs.find((a) => a.action === 'settings.update');
    expect(audit).toMatchObject({ before: { memberCap: 1000 }, after: { memberCap: 500 } });
    for (const bad of [{ memberCap: 1001 }, { memberCap: 0 }, { initiation: { mode: 'some' } }]) {
      expect((await errorOf(cloud, 'admin', 'o_admin', { action: 'updateSettings', ...bad })).code).toBe(
        'INVALID_ARGUMENT',
      );
    }
    expect(
      (await errorOf(cloud, 'admin', openidOf('li'), { action: 'updateSettings', memberCap: 10 })).code,
    ).toBe('FORBIDDEN');
    expect(
      ((await ok(cloud, 'admin', 'o_admin', { action: 'getSettings' })) as { memberCap: number }).memberCap,
    ).toBe(500);
    // The lower cap applies to adds.
    await ok(cloud, 'admin', 'o_admin', { action: 'updateSettings', memberCap: 5 });
    const full = await errorOf(cloud, 'groups', openidOf('zhang'), {
      action: 'addMembers',
      conversationId: gid,
      departmentIds: ['s1'],
    });
    expect(full).toMatchObject({ code: 'GROUP_FULL', details: { cap: 5, current: 4, requested: 2 } });
    expect(storedMembers(cloud, gid)).toHaveLength(4);
  });
});

describe('disabled groups and direct chats', () => {
  it('a group disabled by an admin refuses group actions with GROUP_DISABLED until enabled', async () => {
    await bootstrapAdmin(cloud);
    await ok(cloud, 'admin', 'o_admin', { action: 'disableGroup', conversationId: gid });
    expect(await codeOf('zhang', { action: 'addMembers', conversationId: gid, employeeIds: ['chen'] })).toBe(
      'GROUP_DISABLED',
    );
    expect(await codeOf('li', { action: 'leave', conversationId: gid })).toBe('GROUP_DISABLED');
    expect(await codeOf('zhang', { action: 'update', conversationId: gid, name: '改名' })).toBe(
      'GROUP_DISABLED',
    );
    await ok(cloud, 'admin', 'o_admin', { action: 'enableGroup', conversationId: gid });
    expect(
      await as('zhang', { action: 'addMembers', conversationId: gid, employeeIds: ['chen'] }),
    ).toMatchObject({ added: ['chen'] });
  });

  it('openDirect refuses a colleague outside the usage scope; group actions on a direct chat are refused', async () => {
    await bootstrapAdmin(cloud);
    await ok(cloud, 'admin', 'o_admin', {
      action: 'updateSettings',
      usageScope: { mode: 'restricted', employeeIds: ['zhang'], departmentIds: ['tech'] },
    });
    expect(await codeOf('zhang', { action: 'openDirect', employeeId: 'zhao' })).toBe('FORBIDDEN');
    // Scope means taking part: zhao, outside it, cannot start a chat with someone inside either.
    expect(await codeOf('zhao', { action: 'openDirect', employeeId: 'li' })).toBe('FORBIDDEN');
    const { conversation } = (await as('zhang', { action: 'openDirect', employeeId: 'li' })) as {
      conversation: { id: string };
    };
    expect(await as('li', { action: 'detail', conversationId: conversation.id })).toMatchObject({
      type: 'direct',
      name: '张伟',
      peer: { id: 'zhang' },
    });
    expect(await codeOf('zhang', { action: 'leave', conversationId: conversation.id })).toBe(
      'INVALID_ARGUMENT',
    );
    expect(
      await codeOf('zhang', { action: 'addMembers', conversationId: conversation.id, employeeIds: ['wang'] }),
    ).toBe('INVALID_ARGUMENT');
  });
});
