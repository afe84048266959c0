// groups.create, createOptions, openDirect, detail, members through the local cloud.
import type { LocalCloud } from '../../localcloud/cloud';
import { bootstrapAdmin, errorOf, ok, openCloud } from './helpers';
import {
  bulk,
  createGroup,
  openidOf,
  seedCompany,
  storedConversation,
  storedMembers,
  storedMessages,
} from './groups-fixture';

let cloud: LocalCloud;
afterEach(() => cloud.close());

describe('groups.create', () => {
  beforeEach(async () => {
    cloud = openCloud();
    await seedCompany(cloud);
  });

  it('expands departments with sub-departments, makes the creator owner, skips the departed, remembers departments', async () => {
    const { conversation, skipped } = await createGroup(cloud, 'zhang', {
      departmentIds: ['sales'],
      employeeIds: ['li', 'gone', 'nobody'],
    });
    // 张伟 + 李娜 + 赵敏 (sales) + 陈静, 刘洋 (sales/一组); 离职者 skipped
    expect(conversation.memberCount).toBe(5);
    expect(conversation.ownerId).toBe('zhang');
    expect(conversation.departmentIds).toEqual(['sales']);
    expect(conversation.name).toBe('张伟、李娜、陈静…'); // picked people first, then departments' people;
    expect(skipped).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ employeeId: 'gone', reason: 'departed' }),
        expect.objectContaining({ employeeId: 'nobody', reason: 'not_found' }),
      ]),
    );
    const members = storedMembers(cloud, conversation.id);
    expect(members.map((m) => m.employeeId).sort()).toEqual(['chen', 'li', 'liu', 'zhang', 'zhao']);
    expect(members.filter((m) => m.role === 'owner').map((m) => m.employeeId)).toEqual(['zhang']);
    expect(storedMessages(cloud, conversation.id).map((m) => m.text)).toEqual(['张伟 创建了群聊']);
  });

  it('folds duplicates, includes unbound roster entries and keeps a given name', async () => {
    const { conversation } = await createGroup(cloud, 'zhang', {
      name: '技术讨论',
      departmentIds: ['tech', 'tech'],
      employeeIds: ['li', 'zhang'],
    });
    expect(conversation.name).toBe('技术讨论');
    expect(
      storedMembers(cloud, conversation.id)
        .map((m) => m.employeeId)
        .sort(),
    ).toEqual(['li', 'wang', 'yang', 'zhang']);
    expect(conversation.memberCount).toBe(4);
  });

  it('refuses an empty selection and unknown departments, writing nothing', async () => {
    expect((await errorOf(cloud, 'groups', openidOf('zhang'), { action: 'create' })).code).toBe(
      'INVALID_ARGUMENT',
    );
    expect(
      (await errorOf(cloud, 'groups', openidOf('zhang'), { action: 'create', departmentIds: ['nope'] })).code,
    ).toBe('NOT_FOUND');
    expect(cloud.db.tables.count('conversations')).toBe(0);
  });

  it('refuses callers that are not bound active employees', async () => {
    expect(
      (await errorOf(cloud, 'groups', 'o_stranger', { action: 'create', employeeIds: ['li'] })).code,
    ).toBe('UNAUTHENTICATED');
  });
});

describe('initiation permission and usage scope', () => {
  beforeEach(async () => {
    cloud = openCloud();
    await seedCompany(cloud);
    await bootstrapAdmin(cloud);
  });

  it('restricted to a department admits its members (sub-departments included) and refuses others with FORBIDDEN', async () => {
    await ok(cloud, 'admin', 'o_admin', {
      action: 'updateSettings',
      initiation: { mode: 'restricted', employeeIds: ['li'], departmentIds: ['sales'] },
    });
    const before = cloud.db.tables.count('conversations');
    const refused = await errorOf(cloud, 'groups', openidOf('wang'), {
      action: 'create',
      employeeIds: ['li'],
    });
    expect(refused.code).toBe('FORBIDDEN');
    expect(cloud.db.tables.count('conversations')).toBe(before);
    await expect(createGroup(cloud, 'chen', { employeeIds: ['li'] })).resolves.toBeTruthy(); // 一组 under 销售部
    await expect(createGroup(cloud, 'zhao', { employeeIds: ['li'] })).resolves.toBeTruthy(); // 销售部 itself
    await expect(createGroup(cloud, 'li', { employeeIds: ['wang'] })).resolves.toBeTruthy(); // listed person
    expect(await ok(cloud, 'groups', openidOf('wang'), { action: 'createOptions' })).toMatchObject({
      canCreate: false,
      memberCap: 1000,
    });
    expect(await ok(cloud, 'groups', openidOf('chen'), { action: 'createOptions' })).toEqual({
      canCreate: true,
      memberCap: 1000,
      capLeft: 999, // the creator takes one seat
      reason: null,
    });
  });

  it('usage scope skips people outside it and reports them', async () => {
    await ok(cloud, 'admin', 'o_admin', {
      action: 'updateSettings',
      usageScope: { mode: 'restricted', employeeIds: ['zhao'], departmentIds: ['tech'] },
    });
    const { conversation, skipped } = await createGroup(cloud, 'li', { departmentIds: ['hq'] });
    expect(
      storedMembers(cloud, conversation.id)
        .map((m) => m.employeeId)
        .sort(),
    ).toEqual(['li', 'wang', 'yang', 'zhao']);
    expect(
      skipped
        .filter((s) => s.reason === 'out_of_scope')
        .map((s) => s.employeeId)
        .sort(),
    ).toEqual(['chen', 'liu', 'zhang']);
    // Departments expand to active staff only: ex-staff are not "skipped", they are simply not in it.
    expect(skipped.find((s) => s.employeeId === 'gone')).toBeUndefined();
  });

  it('a lower member cap applies to create', async () => {
    await ok(cloud, 'admin', 'o_admin', { action: 'updateSettings', memberCap: 3 });
    const error = await errorOf(cloud, 'groups', openidOf('zhang'), {
      action: 'create',
      departmentIds: ['tech'],
    });
    expect(error).toMatchObject({ code: 'GROUP_FULL', details: { cap: 3, current: 0, requested: 4 } });
  });
});

describe('the 1,000 cap on create', () => {
  beforeEach(async () => {
    cloud = openCloud();
    await seedCompany(cloud, [...bulk(999, 'big'), ...bulk(1, 'stores', 'x')]);
  });

  it('refuses a 1,001-member department group with GROUP_FULL and writes nothing', async () => {
    const counts = () => ['conversations', 'members', 'messages'].map((c) => cloud.db.tables.count(c));
    const error = await errorOf(cloud, 'groups', openidOf('zhang'), {
      action: 'create',
      departmentIds: ['stores'],
    });
    expect(error.code).toBe('GROUP_FULL');
    expect(error.details).toEqual({ cap: 1000, current: 0, requested: 1001 });
    expect(counts()).toEqual([0, 0, 0]);
  });

  it('creates exactly 1,000 with a constant number of batched writes', async () => {
    // The fixture wrote the departments without rebuilding the tree (store/departmentTree.ts),
    // as no admin change would: built once here, not counted as the create's.
    await ok(cloud, 'directory', openidOf('zhang'), { action: 'departments' });
    const { result, ops } = await cloud.call<{ conversation: { id: string; memberCount: number } }>(
      'groups',
      openidOf('zhang'),
      {
        action: 'create',
        departmentIds: ['big'],
      },
    );
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    expect(result.data.conversation.memberCount).toBe(1000);
    expect(storedMembers(cloud, result.data.conversation.id)).toHaveLength(1000);
    expect(storedConversation(cloud, result.data.conversation.id).memberCount).toBe(1000);
    // conversation + creation message + audit entry + request lock, 2 member batches, the settle,
    // the members' list rows (one multi-document update, store/memberHeads.ts): 9 however many join.
    expect(ops.writes).toBeLessThanOrEqual(9);
    expect(ops.requests).toBeLessThan(22);
  });
});

describe('openDirect, detail, members', () => {
  beforeEach(async () => {
    cloud = openCloud();
    await seedCompany(cloud);
  });

  it('an empty direct chat is listed for whoever opened it, and for the other side from its first message', async () => {
    const { conversation } = await ok<{ conversation: { id: string } }>(cloud, 'groups', openidOf('li'), {
      action: 'openDirect',
      employeeId: 'wang',
    });
    const listed = async (who: string) =>
      (await ok<{ items: { id: string }[] }>(cloud, 'groups', openidOf(who), { action: 'list' })).items.map(
        (i) => i.id,
      );
    expect(await listed('li')).toContain(conversation.id);
    expect(await listed('wang')).not.toContain(conversation.id);
    await ok(cloud, 'messages', openidOf('li'), {
      action: 'send',
      conversationId: conversation.id,
      clientMsgId: 'c-first',
      type: 'text',
      text: '在吗',
    });
    expect(await listed('wang')).toContain(conversation.id);
  });

  it('returns the same direct conversation both ways, also when racing', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        ok<{ conversation: { id: string; type: string; name: string } }>(
          cloud,
          'groups',
          openidOf(i % 2 ? 'li' : 'wang'),
          {
            action: 'openDirect',
            employeeId: i % 2 ? 'wang' : 'li',
          },
        ),
      ),
    );
    expect(new Set(results.map((r) => r.conversation.id)).size).toBe(1);
    expect(cloud.db.tables.count('conversations')).toBe(1);
    expect(cloud.db.tables.count('members')).toBe(2);
    expect(results[0].conversation).toMatchObject({ type: 'direct', name: '李娜' });
    expect(
      (await errorOf(cloud, 'groups', openidOf('li'), { action: 'openDirect', employeeId: 'li' })).code,
    ).toBe('INVALID_ARGUMENT');
    expect(
      (await errorOf(cloud, 'groups', openidOf('li'), { action: 'openDirect', employeeId: 'gone' })).code,
    ).toBe('NOT_FOUND');
  });

  it('detail gives myRole; members page in join order with roles', async () => {
    const { conversation } = await createGroup(cloud, 'zhang', {
      employeeIds: ['li', 'wang', 'zhao', 'chen'],
    });
    await ok(cloud, 'groups', openidOf('zhang'), {
      action: 'setAdmins',
      conversationId: conversation.id,
      employeeIds: ['wang'],
    });
    expect(
      await ok(cloud, 'groups', openidOf('zhang'), { action: 'detail', conversationId: conversation.id }),
    ).toMatchObject({ myRole: 'owner', memberCount: 5 });
    expect(
      await ok(cloud, 'groups', openidOf('wang'), { action: 'detail', conversationId: conversation.id }),
    ).toMatchObject({ myRole: 'admin', adminIds: ['wang'] });
    expect(
      (await errorOf(cloud, 'groups', openidOf('liu'), { action: 'detail', conversationId: conversation.id }))
        .code,
    ).toBe('FORBIDDEN');
    expect(
      (await errorOf(cloud, 'groups', openidOf('liu'), { action: 'detail', conversationId: 'missing' })).code,
    ).toBe('NOT_FOUND');
    type P = { items: { employeeId: string; role: string; name: string }[]; nextCursor: string | null };
    const p1 = await ok<P>(cloud, 'groups', openidOf('li'), {
      action: 'members',
      conversationId: conversation.id,
      limit: 3,
    });
    expect(p1.items.map((m) => [m.employeeId, m.role])).toEqual([
      ['zhang', 'owner'],
      ['li', 'member'],
      ['wang', 'admin'],
    ]);
    const p2 = await ok<P>(cloud, 'groups', openidOf('li'), {
      action: 'members',
      conversationId: conversation.id,
      limit: 3,
      cursor: p1.nextCursor,
    });
    expect(p2.items.map((m) => m.employeeId)).toEqual(['zhao', 'chen']);
    expect(p2.nextCursor).toBeNull();
  });
});

describe('the demo company', () => {
  it('refuses a group of the whole 门店 tree (> 1,000 people) with GROUP_FULL and writes nothing', async () => {
    cloud = openCloud();
    const { seedDemo, DEMO_OPENIDS } = await import('../../localcloud/seed/demo');
    await seedDemo(cloud);
    const stores = cloud.db.tables
      .scan('departments', {})
      .docs.find((d) => d.name === '门店' && d.parentId === null) as { _id: string };
    const counts = () => ['conversations', 'members', 'messages'].map((c) => cloud.db.tables.count(c));
    const before = counts(); // the demo seed may hold conversations of its own
    const error = await errorOf(cloud, 'groups', DEMO_OPENIDS.manager, {
      action: 'create',
      departmentIds: [stores._id],
    });
    expect(error.code).toBe('GROUP_FULL');
    const details = error.details as { cap: number; current: number; requested: number };
    expect(details.cap).toBe(1000);
    expect(details.current).toBe(0);
    expect(details.requested).toBeGreaterThan(1000);
    expect(counts()).toEqual(before);
    // One region (a few hundred people) is fine.
    const east = cloud.db.tables.scan('departments', {}).docs.find((d) => d.name === '华东区') as {
      _id: string;
    };
    const res = await ok<{ conversation: { memberCount: number } }>(cloud, 'groups', DEMO_OPENIDS.manager, {
      action: 'create',
      departmentIds: [east._id],
    });
    expect(res.conversation.memberCount).toBeGreaterThan(200);
  });
});
