// groups.setPrefs and the conversation list: 置顶, 免打扰, 标为未读, hide until the next message.
import type { ConversationListPage } from '../../typings/api';
import type { LocalCloud } from '../../localcloud/cloud';
import { errorOf, ok, openCloud, sendText, storedDocs } from './helpers';
import { seedConversation, seedPeople, type Person } from './messages-fixture';

let cloud: LocalCloud;
let people: Person[];
let a: Person;
let b: Person;
let now = Date.UTC(2026, 10, 30, 2, 0, 0);

beforeEach(async () => {
  cloud = openCloud();
  cloud.setClock(() => now);
  people = await seedPeople(cloud, 3, now);
  [a, b] = people;
  for (const [i, id] of ['g1', 'g2', 'g3'].entries())
    await seedConversation(cloud, { id, name: `群${i + 1}`, memberIds: people.map((p) => p.id) }, now + i);
});

afterEach(() => cloud.close());

const list = (who: Person) => ok<ConversationListPage>(cloud, 'groups', who.openid, { action: 'list' });
const prefs = (who: Person, conversationId: string, p: object) =>
  ok(cloud, 'groups', who.openid, { action: 'setPrefs', conversationId, ...p });

async function talk(conversationId: string) {
  now += 1000;
  return sendText(cloud, a, conversationId, `消息 ${now}`);
}

describe('groups.setPrefs', () => {
  it('pins a chat to the top of my list only, whatever arrives elsewhere', async () => {
    await talk('g1');
    await talk('g2');
    await talk('g3');
    expect((await list(b)).items.map((c) => c.id)).toEqual(['g3', 'g2', 'g1']);
    expect(await prefs(b, 'g1', { pinned: true })).toEqual({
      pinned: true,
      muted: false,
      hidden: false,
      unread: false,
    });
    await talk('g3');
    const mine = await list(b);
    expect(mine.items.map((c) => [c.id, c.pinned])).toEqual([
      ['g1', true],
      ['g3', false],
      ['g2', false],
    ]);
    expect((await list(people[2])).items.map((c) => c.id)).toEqual(['g3', 'g2', 'g1']);
    await prefs(b, 'g1', { pinned: false });
    expect((await list(b)).items[0].id).toBe('g3');
  });

  it('a muted chat keeps its unread count but adds nothing to the tab total', async () => {
    await talk('g1');
    await talk('g1');
    await talk('g2');
    expect((await list(b)).totalUnread).toBe(3);
    await prefs(b, 'g1', { muted: true });
    const mine = await list(b);
    expect(mine.items.find((c) => c.id === 'g1')).toMatchObject({ muted: true, unread: 2 });
    expect(mine.totalUnread).toBe(1);
  });

  it('标为未读 counts one until I open the chat', async () => {
    const m = await talk('g1');
    await ok(cloud, 'messages', b.openid, { action: 'markRead', conversationId: 'g1', seq: m.seq });
    expect((await list(b)).totalUnread).toBe(0);
    await prefs(b, 'g1', { unread: true });
    const marked = await list(b);
    expect(marked.items.find((c) => c.id === 'g1')).toMatchObject({ unread: 1, markedUnread: true });
    expect(marked.totalUnread).toBe(1);
    await ok(cloud, 'messages', b.openid, { action: 'markRead', conversationId: 'g1', seq: m.seq });
    const opened = await list(b);
    expect(opened.items.find((c) => c.id === 'g1')).toMatchObject({ unread: 0 });
    expect(opened.totalUnread).toBe(0);
  });

  it('hides a chat until its next message', async () => {
    await talk('g1');
    await prefs(b, 'g1', { hidden: true });
    expect((await list(b)).items.map((c) => c.id)).not.toContain('g1');
    expect((await list(a)).items.map((c) => c.id)).toContain('g1');
    await talk('g1');
    expect((await list(b)).items[0].id).toBe('g1');
    // Hidden up to what my list showed: a message that arrived meanwhile keeps it listed.
    const seen = await talk('g3');
    await talk('g3');
    await prefs(b, 'g3', { hidden: true, seq: seen.seq });
    expect((await list(b)).items.map((c) => c.id)).toContain('g3');
    await prefs(b, 'g2', { hidden: true });
    await prefs(b, 'g2', { hidden: false });
    expect((await list(b)).items.map((c) => c.id)).toContain('g2');
  });

  it('refuses non-members and bad payloads without writing', async () => {
    await seedConversation(cloud, { id: 'other', memberIds: [a.id, people[2].id] }, now);
    expect(
      (
        await errorOf(cloud, 'groups', b.openid, {
          action: 'setPrefs',
          conversationId: 'other',
          pinned: true,
        })
      ).code,
    ).toBe('FORBIDDEN');
    expect(
      (await errorOf(cloud, 'groups', b.openid, { action: 'setPrefs', conversationId: 'g1', pinned: 'yes' }))
        .code,
    ).toBe('INVALID_ARGUMENT');
    expect(storedDocs(cloud, 'members', { conversationId: 'g1', employeeId: b.id })[0]).not.toHaveProperty(
      'pinned',
    );
  });
});
