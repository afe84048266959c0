// What one send costs everyone (issue 13): groups of 10, 100 and 1,000 members, every member
// online — 20 % with the chat open, 80 % on the 消息 tab — each a simulated client running the
// pages' own data flow over the local cloud's watch and rule engine:
//   - chat page: ChatSync (miniprogram/pages/chat/sync.ts) — the messages + conversation watches,
//     pushed documents rendered without a call, markRead throttled to one per 5 s;
//   - 消息 tab: the member-records watch and applyMemberChanges (pages/chats/memberRows.ts), which
//     reloads groups.list only for a record it cannot place;
//   - the sender: messages.send, whose answer carries the new message's "N人未读" (no call after
//     it, as on the chat page), and the page's 5 s "N人未读" poll of its messages in view
//     (receiptCounts), started by a send when none is due, again while any is unread by someone.
// A burst of 50 sends; then the clients settle (trailing read reports) and the local cloud's
// billing meter (localcloud/meter.ts) is read per caller. Reported per send: the sender's bill,
// and all recipients' together, also per online recipient: function invocations, database
// requests, security-rule get() reads of requests (watch init, client reads: documented billing),
// "billed" = requests + rule reads; then, apart, the hub's re-check reads before each push
// (pushRuleReads: whether CloudBase re-checks and bills them is undocumented) and the pushes.
import { LocalCloud } from '../localcloud/cloud';
import { createClientDatabase } from '../localcloud/client/watch';
import { inProcessWatch } from '../localcloud/realtime/inprocess';
import type { Bill } from '../localcloud/meter';
import { seedConversation, seedPeople } from '../test/functions/messages-fixture';
import type {
  ConversationListItem,
  ConversationListPage,
  FunctionName,
  ReceiptCount,
  SendResult,
} from '../typings/api';

const SIZES = (process.env.FANOUT_SIZES ?? '2,10,100,1000').split(',').map(Number);
const BURST = 50;
/** The chat page's "N人未读" poll interval (pages/chat/index.ts). */
const RECEIPT_POLL_MS = 5000;
/** Trailing read reports go out READ_INTERVAL_MS after the last push: wait them out. */
const SETTLE_MS = 6000;

type Api = <T>(fn: FunctionName, action: string, data: object) => Promise<T>;

function apiOf(cloud: LocalCloud, openid: string): Api {
  return async <T>(fn: FunctionName, action: string, data: object): Promise<T> => {
    const { result } = await cloud.call<T>(fn, openid, { action, ...data });
    if (!result.ok) throw new Error(`${fn}.${action}: ${JSON.stringify(result.error)}`);
    return result.data;
  };
}

/** wx.cloud.database() for the page modules: each client's watch connects as its own OPENID. */
let connectingAs = '';
function installWx(cloud: LocalCloud): void {
  const transport = inProcessWatch(cloud);
  (globalThis as unknown as { wx: unknown }).wx = {
    cloud: {
      database: () => {
        const openid = connectingAs;
        return createClientDatabase(transport, () => openid);
      },
    },
  };
}

interface Client {
  openid: string;
  close(): void;
}

async function chatClient(cloud: LocalCloud, openid: string, me: string, g: string): Promise<Client> {
  const { ChatSync } = await import('../miniprogram/pages/chat/sync');
  const call = apiOf(cloud, openid);
  const sync = new ChatSync(g, {
    history: (beforeSeq, limit) => call('messages', 'history', { conversationId: g, beforeSeq, limit }),
    since: (afterSeq, limit) => call('messages', 'since', { conversationId: g, afterSeq, limit }),
    markRead: (seq) => call('messages', 'markRead', { conversationId: g, seq }),
    receiptCounts: (messageIds) => call('messages', 'receiptCounts', { conversationId: g, messageIds }),
  });
  sync.me = me;
  await sync.loadLatest(false);
  connectingAs = openid;
  // What the page does on a push: show it and, at the newest, report it read (throttled).
  sync.watch({
    onGroupChanged: () => undefined,
    onMessages: () => void sync.markRead(true),
    onDenied: () => undefined,
  });
  return { openid, close: () => sync.close() };
}

async function listClient(
  cloud: LocalCloud,
  openid: string,
  me: string,
): Promise<Client & { reloads: number }> {
  const { live } = await import('../miniprogram/services/realtime');
  const { applyMemberChanges } = await import('../miniprogram/pages/chats/memberRows');
  const call = apiOf(cloud, openid);
  let items: ConversationListItem[] = [];
  const load = async () => {
    items = (await call<ConversationListPage>('groups', 'list', { limit: 100 })).items;
  };
  await load();
  const client = { openid, reloads: 0, close: () => watch.close() };
  connectingAs = openid;
  const watch = live({
    collection: 'members',
    where: () => ({ employeeId: me }),
    onSnapshot: (s) => {
      if (s.type === 'init') return;
      const next = applyMemberChanges(items, s.docChanges, me);
      items = next.items;
      if (next.reload) {
        client.reloads++;
        void load();
      }
    },
  });
  return client;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));
const BILLED: (keyof Bill)[] = ['functions', 'dbRequests', 'ruleReads'];
const APART: (keyof Bill)[] = ['pushRuleReads', 'pushes'];

async function measure(n: number): Promise<string[][]> {
  const cloud = new LocalCloud();
  // The server's clock moves a second per read, so the sender's throttle (domain/rateLimit)
  // never refuses the burst: what is measured is the cost, not the throttle.
  let t = Date.now();
  cloud.setClock(() => (t += 1000));
  installWx(cloud);
  try {
    const people = await seedPeople(cloud, n);
    const g = `g${n}`;
    await seedConversation(cloud, { id: g, memberIds: people.map((p) => p.id) });
    const [sender, ...recipients] = people;
    const inChat = Math.round(recipients.length * 0.2);
    const clients: Client[] = [];
    for (const [i, p] of recipients.entries())
      clients.push(
        i < inChat ? await chatClient(cloud, p.openid, p.id, g) : await listClient(cloud, p.openid, p.id),
      );
    const senderApi = apiOf(cloud, sender.openid);
    await pause(50);

    const before = cloud.meter.snapshot();
    const started = Date.now();
    const ids: string[] = [];
    // The chat page's poll (pages/chat/index.ts pollReceipts): one refresh of the messages in
    // view RECEIPT_POLL_MS after it is started, then again while any is unread by someone.
    let poll: ReturnType<typeof setTimeout> | null = null;
    let measuring = true;
    const startPoll = () => {
      poll = setTimeout(async () => {
        const { items } = await senderApi<{ items: ReceiptCount[] }>('messages', 'receiptCounts', {
          conversationId: g,
          messageIds: ids.slice(-30),
        });
        poll = null;
        if (measuring && items.some((c) => c.unreadCount > 0)) startPoll();
      }, RECEIPT_POLL_MS);
    };
    for (let k = 0; k < BURST; k++) {
      const { message } = await senderApi<SendResult>('messages', 'send', {
        conversationId: g,
        clientMsgId: `burst${k}`,
        type: 'text',
        text: `第 ${k + 1} 条：今天盘点，报价单已发`,
      });
      ids.push(message.id);
      if (!poll) startPoll();
    }
    const burstMs = Date.now() - started;
    // The trailing read reports, and the sender's poll due after its last send.
    await pause(SETTLE_MS);
    measuring = false;
    if (poll) clearTimeout(poll);
    const bill = cloud.meter.snapshot().minus(before);
    for (const c of clients) c.close();

    const s = bill.of(sender.openid);
    const r = bill.sum(recipients.map((p) => p.openid));
    const online = recipients.length;
    const row = (who: string, b: Bill, per: number) => [
      `${n}`,
      who,
      ...BILLED.map((k) => fmt(b[k] / BURST / per)),
      fmt((b.dbRequests + b.ruleReads) / BURST / per),
      ...APART.map((k) => fmt(b[k] / BURST / per)),
    ];
    return [
      row('sender', s, 1),
      row(`recipients (${online}), together`, r, 1),
      row('per online recipient', r, online),
      [`${n}`, `burst of ${BURST}: ${(burstMs / 1000).toFixed(1)} s`, '', '', '', '', '', ''],
    ];
  } finally {
    cloud.close();
  }
}

export default async function fanout(): Promise<void> {
  const rows: string[][] = [];
  for (const n of SIZES) rows.push(...(await measure(n)));
  console.log('Per send, averaged over a burst of 50 (80 % on the 消息 tab, 20 % in the chat):\n');
  console.log(
    '| members | who | function invocations | database requests | rule get() reads | billed requests (db + rule) | push re-check reads (undocumented) | pushes |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
}
