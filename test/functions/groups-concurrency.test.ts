// The invariants under racing calls: the cap is never exceeded, nobody is added twice, a group
// always has exactly one owner who is a member.
import type { LocalCloud } from '../../localcloud/cloud';
import { errorOf, ok, openCloud } from './helpers';
import {
  bulk,
  createGroup,
  openidOf,
  seedCompany,
  storedConversation,
  storedMembers,
} from './groups-fixture';

let cloud: LocalCloud;

/** Runs `work` after `turns` event-loop turns. */
async function later<T>(turns: number, work: () => Promise<T>): Promise<T> {
  for (let i = 0; i < turns; i++) await new Promise((resolve) => setImmediate(resolve));
  return work();
}
afterEach(() => cloud.close());

it('50 parallel addMembers of distinct people at a 990-member group: exactly 1,000, 40 GROUP_FULL', async () => {
  cloud = openCloud();
  await seedCompany(cloud, [...bulk(989, 'big'), ...bulk(50, 'tech', 'n')]);
  const { conversation } = await createGroup(cloud, 'zhang', { departmentIds: ['big'] });
  expect(conversation.memberCount).toBe(990);
  const results = await Promise.all(
    bulk(50, 'tech', 'n').map((p) =>
      cloud.invoke('groups', openidOf('zhang'), {
        action: 'addMembers',
        conversationId: conversation.id,
        employeeIds: [p.id],
      }),
    ),
  );
  const refused = results.filter((r) => !r.ok);
  expect(results.filter((r) => r.ok)).toHaveLength(10);
  expect(refused).toHaveLength(40);
  for (const r of refused)
    if (!r.ok)
      expect(r.error).toMatchObject({
        code: 'GROUP_FULL',
        details: { cap: 1000, current: 1000, requested: 1 },
      });
  expect(storedMembers(cloud, conversation.id)).toHaveLength(1000);
  expect(storedConversation(cloud, conversation.id).memberCount).toBe(1000);
});

it('50 parallel adds of the same person add them once', async () => {
  cloud = openCloud();
  await seedCompany(cloud);
  const { conversation } = await createGroup(cloud, 'zhang', { employeeIds: ['li'] });
  const results = await Promise.all(
    Array.from({ length: 50 }, () =>
      ok<{ added: string[]; skipped: { reason: string }[] }>(cloud, 'groups', openidOf('zhang'), {
        action: 'addMembers',
        conversationId: conversation.id,
        employeeIds: ['wang'],
      }),
    ),
  );
  expect(results.filter((r) => r.added.includes('wang'))).toHaveLength(1);
  expect(results.filter((r) => r.skipped.some((s) => s.reason === 'already_member'))).toHaveLength(49);
  expect(storedMembers(cloud, conversation.id).filter((m) => m.employeeId === 'wang')).toHaveLength(1);
  expect(storedMembers(cloud, conversation.id)).toHaveLength(3);
  expect(storedConversation(cloud, conversation.id).memberCount).toBe(3);
});

it('20 races of leave by the owner against transferOwner end with exactly one owner each time', async () => {
  cloud = openCloud();
  await seedCompany(cloud);
  const winners = new Set<string>();
  for (let round = 0; round < 20; round++) {
    const { conversation } = await createGroup(cloud, 'zhang', { employeeIds: ['li', 'wang', 'zhao'] });
    const id = conversation.id;
    // Vary who gets ahead (by event-loop turns, not time) so both orders happen across rounds.
    const lead = round % 3;
    const [leave, transfer] = await Promise.all([
      later(lead === 2 ? (round % 4) + 1 : 0, () =>
        cloud.invoke('groups', openidOf('zhang'), { action: 'leave', conversationId: id }),
      ),
      later(lead === 1 ? (round % 4) + 1 : 0, () =>
        cloud.invoke('groups', openidOf('zhang'), {
          action: 'transferOwner',
          conversationId: id,
          employeeId: 'wang',
        }),
      ),
    ]);
    expect(leave.ok).toBe(true);
    if (!transfer.ok) expect(['FORBIDDEN']).toContain(transfer.error.code);
    const members = storedMembers(cloud, id);
    const owners = members.filter((m) => m.role === 'owner');
    const conv = storedConversation(cloud, id);
    expect(owners).toHaveLength(1);
    expect(conv.ownerId).toBe(owners[0].employeeId);
    expect(members.map((m) => m.employeeId)).not.toContain('zhang');
    expect(conv.memberCount).toBe(members.length);
    // Either the transfer won (王强) or the leave did (earliest-joined: 李娜).
    expect([transfer.ok ? 'wang' : 'li']).toContain(conv.ownerId);
    winners.add(String(conv.ownerId));
  }
  expect([...winners].sort()).toEqual(['li', 'wang']); // both orders really happened
  expect(
    (await errorOf(cloud, 'groups', openidOf('zhang'), { action: 'leave', conversationId: 'missing' })).code,
  ).toBe('NOT_FOUND');
});

it('the owner and the would-be successor leaving at once still leave exactly one owner who is a member', async () => {
  cloud = openCloud();
  await seedCompany(cloud);
  for (let round = 0; round < 10; round++) {
    const { conversation } = await createGroup(cloud, 'zhang', { employeeIds: ['li', 'wang', 'zhao'] });
    const results = await Promise.all(
      ['zhang', 'li'].map((who) =>
        cloud.invoke('groups', openidOf(who), { action: 'leave', conversationId: conversation.id }),
      ),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    const members = storedMembers(cloud, conversation.id);
    const conv = storedConversation(cloud, conversation.id);
    expect(members.map((m) => m.employeeId).sort()).toEqual(['wang', 'zhao']);
    expect(members.filter((m) => m.role === 'owner').map((m) => m.employeeId)).toEqual([conv.ownerId]);
    expect(conv.ownerId).toBe('wang');
    expect(conv.memberCount).toBe(2);
  }
});

it('two removals of the same people and an add racing them keep the count equal to the records', async () => {
  cloud = openCloud();
  await seedCompany(cloud);
  const { conversation } = await createGroup(cloud, 'zhang', { employeeIds: ['li', 'wang', 'zhao', 'chen'] });
  await ok(cloud, 'groups', openidOf('zhang'), {
    action: 'setAdmins',
    conversationId: conversation.id,
    employeeIds: ['li'],
  });
  const results = await Promise.all([
    ok<{ removed: string[] }>(cloud, 'groups', openidOf('zhang'), {
      action: 'removeMembers',
      conversationId: conversation.id,
      employeeIds: ['wang', 'zhao'],
    }),
    ok<{ removed: string[] }>(cloud, 'groups', openidOf('li'), {
      action: 'removeMembers',
      conversationId: conversation.id,
      employeeIds: ['wang', 'zhao'],
    }),
    ok(cloud, 'groups', openidOf('li'), {
      action: 'addMembers',
      conversationId: conversation.id,
      employeeIds: ['liu'],
    }),
  ]);
  expect([...results[0].removed, ...results[1].removed].sort()).toEqual(['wang', 'zhao']);
  const members = storedMembers(cloud, conversation.id);
  expect(members.map((m) => m.employeeId).sort()).toEqual(['chen', 'li', 'liu', 'zhang']);
  expect(storedConversation(cloud, conversation.id).memberCount).toBe(4);
});

it('the single-add fallback (TONGSHI_BATCH_ADD=single) keeps the same guarantees', async () => {
  process.env.TONGSHI_BATCH_ADD = 'single';
  try {
    cloud = openCloud();
    await seedCompany(cloud);
    const { conversation } = await createGroup(cloud, 'zhang', { employeeIds: ['li', 'zhao'] });
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        ok<{ added: string[] }>(cloud, 'groups', openidOf('zhang'), {
          action: 'addMembers',
          conversationId: conversation.id,
          employeeIds: ['wang', 'chen'],
        }),
      ),
    );
    expect(results.flatMap((r) => r.added).sort()).toEqual(['chen', 'wang']);
    expect(storedMembers(cloud, conversation.id)).toHaveLength(5);
    expect(storedConversation(cloud, conversation.id).memberCount).toBe(5);
  } finally {
    delete process.env.TONGSHI_BATCH_ADD;
  }
});
