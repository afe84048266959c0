// The back office's message count per group (conversation.sentCount, services/sentCounts.ts):
// advanced in the write that hands out seqs, so it is exact without reading any message; groups
// from before it existed are counted by the maintenance repair (and by their row until then).
import type { LocalCloud } from '../../localcloud/cloud';
import { saveSentCount } from '../../cloudfunctions/core/store/backoffice';
import { makeCompany, makeGroup, type Company } from './admin-fixtures';
import { ok, openCloud, sendText, storedDocs } from './helpers';

let cloud: LocalCloud;
let co: Company;
beforeEach(async () => {
  cloud = openCloud();
  co = await makeCompany(cloud, 3);
});
afterEach(() => cloud.close());

type Stored = { _id: string; lastSeq: number; sentCount?: number };
const conversation = (id: string) => cloud.db.tables.getById('conversations', id) as unknown as Stored;
const peopleMessages = (id: string) =>
  storedDocs<{ seq: number; type: string }>(cloud, 'messages', { conversationId: id }).filter(
    (m) => m.seq > 0 && m.type !== 'system',
  ).length;
const admin = (data: object) => ok<Record<string, unknown>>(cloud, 'admin', co.admin.openid, data);

/** A group with 4 messages people sent (one recalled, one removed by an admin) and system lines. */
async function busyGroup(): Promise<string> {
  const [a, b] = co.people;
  const g = await makeGroup(cloud, a, [b], '计数群');
  await sendText(cloud, a, g, '一');
  const recalled = await sendText(cloud, b, g, '二');
  await ok(cloud, 'messages', b.openid, { action: 'recall', messageId: recalled.id });
  await ok(cloud, 'groups', a.openid, { action: 'update', conversationId: g, name: '改名了' });
  const removed = await sendText(cloud, a, g, '三');
  await admin({ action: 'deleteMessage', messageId: removed.id });
  await sendText(cloud, b, g, '四');
  return g;
}

it('counts the messages people sent in the write that numbers them: system lines out, recalled and removed in', async () => {
  const g = await busyGroup();
  const c = conversation(g);
  expect(storedDocs(cloud, 'messages', { conversationId: g, type: 'system' }).length).toBeGreaterThan(0);
  expect(c.sentCount).toBe(4);
  expect(peopleMessages(g)).toBe(4);
  expect(await admin({ action: 'groupDetail', conversationId: g })).toMatchObject({ messageCount: 4 });
  const table = (await admin({ action: 'groups' })) as { items: { id: string; messageCount: number }[] };
  expect(table.items.find((r) => r.id === g)?.messageCount).toBe(4);
});

it('counts a group from before the counter: its row counts it, the repair stores it once', async () => {
  const g = await busyGroup();
  const { sentCount: _dropped, ...legacy } = conversation(g);
  cloud.db.tables.put('conversations', legacy);
  expect(await admin({ action: 'groupDetail', conversationId: g })).toMatchObject({ messageCount: 4 });

  const repair = async () => {
    const run = await cloud.invoke<{ repairs: { name: string; repaired: number }[] }>('maintenance', '', {
      Type: 'Timer',
    });
    if (!run.ok) throw new Error(JSON.stringify(run.error));
    return run.data.repairs.find((r) => r.name === 'sentCounts')?.repaired;
  };
  expect(await repair()).toBe(1);
  expect(conversation(g).sentCount).toBe(4);
  expect(await repair()).toBe(0);
  // Counted from then on by the sends themselves.
  await sendText(cloud, co.people[0], g, '五');
  expect(conversation(g).sentCount).toBe(5);
});

it('does not store a repaired count that a send overtook', async () => {
  const g = await busyGroup();
  const { sentCount: _dropped, ...legacy } = conversation(g);
  cloud.db.tables.put('conversations', legacy);
  const stale = legacy.lastSeq - 1;
  expect(await cloud.runAs('', () => saveSentCount(g, stale, 3))).toBe(false);
  expect(conversation(g).sentCount).toBeUndefined();
  expect(await cloud.runAs('', () => saveSentCount(g, legacy.lastSeq, 4))).toBe(true);
  expect(conversation(g).sentCount).toBe(4);
});
