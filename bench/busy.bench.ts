// One busy group: 50 people sending 10 messages each at once into the same group (the "收到" storm
// after an all-hands announcement), with TONGSHI_DB_LATENCY_MS=10 (10 ms per database request,
// the order of a real round trip). Reports failures, whether seq is still 1..N without gaps or
// repeats, sends per second, latency percentiles and the database requests per send (the unit
// CloudBase bills and its 1,000 requests/s cap counts). `npm run bench -- busy`.
import { LocalCloud } from '../localcloud/cloud';
import type { ConversationDoc, MessageDoc } from '../cloudfunctions/core/store/documents';
import { seedConversation, seedPeople } from '../test/functions/messages-fixture';
import { percentile } from './stats';

const LATENCY_MS = '10';
const SENDERS = 50;
const EACH = 10;
const MEMBERS = 200;

export default async function run(): Promise<void> {
  const cloud = new LocalCloud();
  try {
    const people = await seedPeople(cloud, MEMBERS);
    await seedConversation(cloud, { id: 'busy', memberIds: people.map((p) => p.id) });
    process.env.TONGSHI_DB_LATENCY_MS = LATENCY_MS;
    const latencies: number[] = [];
    const requests: number[] = [];
    const failures: string[] = [];
    const started = Date.now();
    await Promise.all(
      people.slice(0, SENDERS).map(async (p) => {
        for (let i = 0; i < EACH; i++) {
          const t0 = Date.now();
          try {
            const { result, ops } = await cloud.call('messages', p.openid, {
              action: 'send',
              conversationId: 'busy',
              clientMsgId: `${p.id}-${i}`,
              type: 'text',
              text: `收到 ${i}`,
            });
            if (!result.ok) failures.push(`${result.error.code} ${result.error.message}`);
            else {
              latencies.push(Date.now() - t0);
              requests.push(ops.requests);
            }
          } catch (e) {
            failures.push((e as Error).message);
          }
        }
      }),
    );
    const seconds = (Date.now() - started) / 1000;
    delete process.env.TONGSHI_DB_LATENCY_MS;
    const seqs = (
      cloud.db.tables.scan('messages', { conversationId: 'busy' }).docs as unknown as MessageDoc[]
    )
      .map((m) => m.seq)
      .sort((a, b) => a - b);
    const conv = cloud.db.tables.getById('conversations', 'busy') as unknown as ConversationDoc;
    const gapFree = seqs.every((s, i) => s === i + 1) && conv.lastSeq === seqs.length;
    console.log(
      `${SENDERS} concurrent senders × ${EACH} messages into one group of ${MEMBERS}, ${LATENCY_MS} ms per database request:`,
    );
    console.log(
      '| sends | failures | seq 1..N gap-free | sends/s | p50 | p99 | requests per send (median / p99) |',
    );
    console.log('|---|---|---|---|---|---|---|');
    console.log(
      `| ${latencies.length} | ${failures.length} | ${gapFree ? 'yes' : `NO (lastSeq ${conv.lastSeq}, ${seqs.length} messages)`} | ${(latencies.length / seconds).toFixed(1)} | ${(percentile(latencies, 50) / 1000).toFixed(2)} s | ${(percentile(latencies, 99) / 1000).toFixed(2)} s | ${percentile(requests, 50)} / ${percentile(requests, 99)} |`,
    );
    if (failures.length) console.log('failures (first 5):', [...new Set(failures)].slice(0, 5));
  } finally {
    delete process.env.TONGSHI_DB_LATENCY_MS;
    cloud.close();
  }
}
