// Searching a group's members by name or pinyin over the whole group (groups.members and
// admin.groupMembers with `keyword`), so the newest member of a 1,000-person group is reachable.
import type { LocalCloud } from '../../localcloud/cloud';
import type { GroupMember, Page } from '../../typings/api';
import { bootstrapAdmin, errorOf, ok, openCloud } from './helpers';
import { seedConversation, seedPeople, type Person } from './messages-fixture';

let cloud: LocalCloud;
let people: Person[];
beforeAll(async () => {
  cloud = openCloud();
  people = await seedPeople(cloud, 1000);
  await seedConversation(cloud, { id: 'big', name: '千人群', memberIds: people.map((p) => p.id) });
  await bootstrapAdmin(cloud);
});
afterAll(() => cloud.close());

const members = (keyword: string, extra: object = {}) =>
  ok<Page<GroupMember>>(cloud, 'groups', people[0].openid, {
    action: 'members',
    conversationId: 'big',
    keyword,
    ...extra,
  });

describe('member search', () => {
  it('finds the last-joined member of 1,000 by part of the name, and by name initials', async () => {
    const last = people[999];
    expect((await members('1000')).items.map((m) => m.name)).toEqual([last.name]);
    expect((await members('张')).items.map((m) => m.name)).toEqual(['张伟']);
    expect((await members('ZW')).items.map((m) => m.name)).toEqual(['张伟']);
    const admin = await ok<Page<GroupMember>>(cloud, 'admin', 'o_admin', {
      action: 'groupMembers',
      conversationId: 'big',
      keyword: '员工1000',
    });
    expect(admin.items.map((m) => m.employeeId)).toEqual([last.id]);
  });

  it('pages the matches in join order', async () => {
    const p1 = await members('员工99', { limit: 5 });
    expect(p1.items.map((m) => m.name)).toEqual(['员工99', '员工990', '员工991', '员工992', '员工993']);
    const p2 = await members('员工99', { limit: 5, cursor: p1.nextCursor });
    expect(p2.items.map((m) => m.name)).toEqual(['员工994', '员工995', '员工996', '员工997', '员工998']);
    const p3 = await members('员工99', { limit: 5, cursor: p2.nextCursor });
    expect(p3.items.map((m) => m.name)).toEqual(['员工999']);
    expect(p3.nextCursor).toBeNull();
  });

  it('refuses a blank keyword', async () => {
    expect(
      (
        await errorOf(cloud, 'groups', people[0].openid, {
          action: 'members',
          conversationId: 'big',
          keyword: ' ',
        })
      ).code,
    ).toBe('INVALID_ARGUMENT');
  });
});
