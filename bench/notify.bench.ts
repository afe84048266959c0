// Subscription messages: what an @all costs the sender (must equal a plain message) and what the
// notify function's dispatch costs per recipient — database requests (the unit CloudBase bills)
// and wall time of one timer run, for a 1,000-member group where everyone, or 10 people, can be
// sent a card.
import { LocalCloud } from '../localcloud/cloud';
import type { OpCounts } from '../localcloud/context';
import { LOCAL_MESSAGE_TEMPLATE } from '../localcloud/subscribeMessage';
import { seedConversation, seedPeople } from '../test/functions/messages-fixture';
import { seedDocs } from '../test/functions/helpers';

const fmt = (o: OpCounts) => `${o.requests} (${o.reads} reads, ${o.writes} writes, ${o.transactions} tx)`;

async function scenario(withCredits: number): Promise<void> {
  process.env.TONGSHI_NOTIFY_DELAY_MS = '0';
  const cloud = new LocalCloud();
  try {
    const people = await seedPeople(cloud, 1000);
    await seedConversation(cloud, { id: 'big', memberIds: people.map((p) => p.id) });
    await seedConversation(cloud, { id: 'two', memberIds: ['e1', 'e2'] });
    const now = Date.now();
    const lucky = people.slice(1, 1 + withCredits);
    await seedDocs(
      cloud,
      'subscriptions',
      lucky.map((p) => ({
        _id: `${p.id}_${LOCAL_MESSAGE_TEMPLATE}`,
        employeeId: p.id,
        templateId: LOCAL_MESSAGE_TEMPLATE,
        credits: 1,
        updatedAt: now,
      })),
    );
    for (const p of lucky) cloud.openapi.subscriptions.grant(p.openid, [LOCAL_MESSAGE_TEMPLATE]);
    const send = async (conversationId: string, mentions?: 'all') =>
      (
        await cloud.call('messages', 'o_e1', {
          action: 'send',
          conversationId,
          clientMsgId: `${conversationId}-${mentions ?? 'plain'}`,
          type: 'text',
          text: '今晚八点盘点，请各位准时到店',
          ...(mentions ? { mentions } : {}),
        })
      ).ops;
    const plain = await send('two');
    const all = await send('big', 'all');
    const started = Date.now();
    const { result, ops } = await cloud.trigger('notify');
    const ms = Date.now() - started;
    const sent = (result as { ok: true; data: { sent: number } }).data.sent;
    console.log(
      `| ${withCredits} of 999 with a credit | ${fmt(plain)} | ${fmt(all)} | ${sent} | ${fmt(ops)} | ${ms} ms |`,
    );
  } finally {
    cloud.close();
    delete process.env.TONGSHI_NOTIFY_DELAY_MS;
  }
}

export default async function run(): Promise<void> {
  console.log(
    '| recipients | send, 2 members | send @all, 1,000 members | cards sent | dispatch run | dispatch wall time |',
  );
  console.log('|---|---|---|---|---|---|');
  await scenario(10);
  await scenario(999);
}
