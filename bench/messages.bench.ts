// Database requests per messages action (the unit CloudBase bills), median of several runs:
// a send must cost the same in a group of 2, 100 and 1,000 (no per-recipient writes), groups.list
// the same for 3 and 300 conversations. Then the chat page with 5,000 messages loaded: setData
// bytes and WXML nodes, and what the sender's chat page costs per send (its calls, and their
// database requests), measured by page tests (jsdom + miniprogram-simulate) run through jest.
import { execFileSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { chatFilePath } from '../cloudfunctions/core/domain/files';
import { LocalCloud } from '../localcloud/cloud';
import type { OpCounts } from '../localcloud/context';
import type { FunctionName } from '../typings/api';
import { seedConversation, seedPeople } from '../test/functions/messages-fixture';
import { median } from './stats';

const RUNS = 5;

async function call<T>(
  cloud: LocalCloud,
  fn: FunctionName,
  openid: string,
  data: object,
): Promise<{ data: T; ops: OpCounts }> {
  const { result, ops } = await cloud.call<T>(fn, openid, data);
  if (!result.ok) throw new Error(`${(data as { action: string }).action}: ${JSON.stringify(result.error)}`);
  return { data: result.data, ops };
}

async function databaseCosts(): Promise<void> {
  const samples = new Map<string, OpCounts[]>();
  const note = (label: string, ops: OpCounts) => samples.set(label, [...(samples.get(label) ?? []), ops]);
  const cloud = new LocalCloud();
  // Each read of the clock moves it a second on, so the per-user send throttle (domain/rateLimit)
  // never refuses the bench's quick loops: what is measured is a send's cost, not the throttle.
  let t = Date.now();
  cloud.setClock(() => (t += 1000));
  try {
    const people = await seedPeople(cloud, 1000);
    const ids = people.map((p) => p.id);
    await seedConversation(cloud, { id: 'g2', memberIds: ids.slice(0, 2) });
    await seedConversation(cloud, { id: 'g100', memberIds: ids.slice(0, 100) });
    await seedConversation(cloud, { id: 'g1000', memberIds: ids });
    // e2 is in 3 conversations; e3 in 300 (half groups, half direct chats).
    for (let i = 0; i < 297; i++)
      await seedConversation(cloud, {
        id: `c${i}`,
        type: i % 2 ? 'direct' : 'group',
        memberIds: ['e3', ids[4 + (i % 900)]],
      });
    let k = 0;
    const send = (conversationId: string, openid = 'o_e1', text = '今天盘点，报价单已发') =>
      call<{ message: { id: string; seq: number } }>(cloud, 'messages', openid, {
        action: 'send',
        conversationId,
        clientMsgId: `b${++k}`,
        type: 'text',
        text,
      });
    for (let i = 0; i < 40; i++) await send('g1000', i % 2 ? 'o_e1' : 'o_e5');
    for (let i = 0; i < 297; i += 10) await send(`c${i}`, 'o_e3');
    for (let run = 0; run < RUNS; run++) {
      for (const g of ['g2', 'g100', 'g1000'])
        note(`send text (group of ${g.slice(1)})`, (await send(g)).ops);
      note(
        'send, retried clientMsgId (1,000)',
        (
          await cloud.call('messages', 'o_e1', {
            action: 'send',
            conversationId: 'g1000',
            clientMsgId: `b${k}`,
            type: 'text',
            text: 'x',
          })
        ).ops,
      );
      const img = await cloud.call('messages', 'o_e1', {
        action: 'send',
        conversationId: 'g1000',
        clientMsgId: `img${run}`,
        type: 'image',
        fileId: cloud.storage.upload(chatFilePath('g1000', 'e1', 'y.png'), Buffer.from('png')),
        fileSize: 1,
      });
      note('send image (1,000)', img.ops);
      const mention = await cloud.call('messages', 'o_e1', {
        action: 'send',
        conversationId: 'g1000',
        clientMsgId: `at${run}`,
        type: 'text',
        text: '@几位',
        mentions: ['e7', 'e8', 'e9'],
      });
      note('send with 3 mentions (1,000)', mention.ops);
      note('groups.list, member of 3', (await call(cloud, 'groups', 'o_e2', { action: 'list' })).ops);
      note('groups.list, member of 300', (await call(cloud, 'groups', 'o_e3', { action: 'list' })).ops);
      note(
        'groups.list, 300, limit 100',
        (await call(cloud, 'groups', 'o_e3', { action: 'list', limit: 100 })).ops,
      );
      const last = (await send('g1000', 'o_e5')).data.message;
      note(
        'markRead (1,000)',
        (
          await call(cloud, 'messages', 'o_e9', {
            action: 'markRead',
            conversationId: 'g1000',
            seq: last.seq,
          })
        ).ops,
      );
      note(
        'history page of 20',
        (await call(cloud, 'messages', 'o_e9', { action: 'history', conversationId: 'g1000' })).ops,
      );
      note(
        'since (catch up)',
        (
          await call(cloud, 'messages', 'o_e9', {
            action: 'since',
            conversationId: 'g1000',
            afterSeq: last.seq - 5,
          })
        ).ops,
      );
      note(
        'receipts (1,000 members)',
        (await call(cloud, 'messages', 'o_e5', { action: 'receipts', messageId: last.id })).ops,
      );
      note(
        'receiptCounts (1,000 members)',
        (
          await call(cloud, 'messages', 'o_e1', {
            action: 'receiptCounts',
            conversationId: 'g1000',
            messageIds: [last.id],
          })
        ).ops,
      );
      note(
        'search in one chat',
        (
          await call(cloud, 'messages', 'o_e1', {
            action: 'search',
            keyword: '报价单',
            conversationId: 'g1000',
          })
        ).ops,
      );
      note(
        'search across 300 chats',
        (await call(cloud, 'messages', 'o_e3', { action: 'search', keyword: '报价单' })).ops,
      );
      note('recall', (await call(cloud, 'messages', 'o_e5', { action: 'recall', messageId: last.id })).ops);
    }
  } finally {
    cloud.setClock(() => Date.now());
    cloud.close();
  }
  console.table(
    [...samples].map(([action, list]) => ({
      action,
      requests: median(list.map((x) => x.requests)),
      reads: median(list.map((x) => x.reads)),
      writes: median(list.map((x) => x.writes)),
      transactions: median(list.map((x) => x.transactions)),
    })),
  );
}

/** Runs one page test (jsdom + miniprogram-simulate, through jest) and prints the figures it writes. */
function pageFigures(testFile: string, testName: string, title: string): void {
  const out = path.join(os.tmpdir(), `tongshi-chat-bench-${process.pid}.json`);
  const root = path.resolve(__dirname, '..');
  try {
    execFileSync(process.execPath, [require.resolve('jest/bin/jest'), testFile, '-t', testName], {
      cwd: root,
      env: { ...process.env, TONGSHI_BENCH_OUT: out },
      stdio: 'ignore',
    });
    console.log(title);
    console.table([JSON.parse(fs.readFileSync(out, 'utf8'))]);
  } catch (e) {
    console.error(`page measurement failed (run: npx jest ${testFile})`, (e as Error).message);
    process.exitCode = 1;
  } finally {
    fs.rmSync(out, { force: true });
  }
}

export default async function messagesBench(): Promise<void> {
  await databaseCosts();
  pageFigures(
    'test/pages/chat-live.test.ts',
    'renders a window',
    'chat page, 5,000 messages loaded (window of rows; WeChat audit: < 1,000 nodes, setData ≤ 256 KB):',
  );
  pageFigures(
    'test/pages/chat-receipts.test.ts',
    'costs one call per send',
    'the sender’s chat page per send, group of 5 (the meter: invocations, database requests):',
  );
}
