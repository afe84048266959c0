// "N人未读" after my own send: the send's answer carries the new message's counts, so the chat page
// shows them without calling messages.receiptCounts, and the 5 s poll (started if none is due)
// refreshes the other messages' counts. Also measured here for bench/messages.bench.ts: what the
// sender's page costs per send (function invocations, database requests).
import { installPageCloud, load, openPage, type PageCloud, type Rendered } from './harness';
import { closePages, waitFor } from './interact';
import { seedConversation, seedPeople } from '../functions/messages-fixture';
import { clearSession } from '../../miniprogram/services/session';

let pc: PageCloud;
let chatId: string;
const opened: Rendered[] = [];
/** The actions the pages called since the test began, in order. */
let actions: string[];
/** The local cloud's own invoke (before the spy that records `actions`). */
let realInvoke: PageCloud['cloud']['invoke'];

beforeAll(() => {
  chatId = load('pages/chat/index');
});

beforeEach(async () => {
  pc = installPageCloud();
  clearSession();
  await seedPeople(pc.cloud, 5);
  await seedConversation(pc.cloud, { id: 'g5', name: '南京路店', memberIds: ['e1', 'e2', 'e3', 'e4', 'e5'] });
  await seedConversation(pc.cloud, { id: 'd12', type: 'direct', memberIds: ['e1', 'e2'] });
  pc.actAs('o_e1');
  actions = [];
  realInvoke = pc.cloud.invoke.bind(pc.cloud);
  jest.spyOn(pc.cloud, 'invoke').mockImplementation((name, openid, data) => {
    if (openid === 'o_e1') actions.push(`${name}.${(data as { action?: string }).action}`);
    return realInvoke(name, openid, data);
  });
});

afterEach(() => {
  closePages(opened);
  jest.restoreAllMocks();
  pc.close();
});

interface Row {
  key: string;
  id: string;
  text?: string;
  receipt?: string;
}
const rowsOf = (page: Rendered) => page.data.rows as Row[];
const rowWith = (page: Rendered, text: string) => rowsOf(page).find((r) => r.text === text);
const receiptCountsCalls = () => actions.filter((a) => a === 'messages.receiptCounts').length;
let n = 0;
const sendAs = (openid: string, conversationId: string, text: string) =>
  pc.cloud.invoke('messages', openid, {
    action: 'send',
    conversationId,
    clientMsgId: `x${++n}`,
    type: 'text',
    text,
  }) as Promise<{ ok: true; data: { message: { id: string; seq: number } } }>;

async function openChat(conversationId: string): Promise<Rendered> {
  const chat = await openPage(chatId, { id: conversationId });
  opened.push(chat);
  await waitFor(() => chat.data.loading === false, 'the chat to load');
  return chat;
}

/** Types and sends `text`; resolves once the server's message (not the pending one) is shown. */
async function typeAndSend(chat: Rendered, text: string): Promise<Row> {
  chat.instance.setData({ text });
  (chat.instance as unknown as { onSend(): void }).onSend();
  await waitFor(() => {
    const row = rowWith(chat, text);
    return !!row && !row.key.startsWith('p_') && !!row.receipt;
  }, `the sent message "${text}" with its receipt line`);
  return rowWith(chat, text) as Row;
}

/** The page's pending "N人未读" poll (the setTimeout of RECEIPT_POLL_MS), run now. */
function duePoll(spy: jest.SpyInstance): () => void {
  const call = [...spy.mock.calls].reverse().find((c) => c[1] === 5000);
  if (!call) throw new Error('no receipt poll is due');
  return call[0] as () => void;
}

describe('chat page: "N人未读" after my send', () => {
  it('a group of 5 shows 4人未读 from the send’s answer, with no receiptCounts call', async () => {
    const timers = jest.spyOn(global, 'setTimeout');
    const chat = await openChat('g5');
    const before = receiptCountsCalls();
    const row = await typeAndSend(chat, '收到请回复');
    expect(row.receipt).toBe('4人未读');
    expect(chat.dom.textContent).toContain('4人未读');
    // Nothing more follows on its own right after the send either.
    await new Promise((r) => setTimeout(r, 50));
    expect(receiptCountsCalls()).toBe(before);
    expect(actions.slice(-1)).toEqual(['messages.send']);
    // The poll is due, and it is what refreshes this message's count from now on.
    await pc.cloud.invoke('messages', 'o_e4', { action: 'markRead', conversationId: 'g5', seq: 1 });
    duePoll(timers)();
    await waitFor(() => rowWith(chat, '收到请回复')?.receipt === '3人未读', 'the poll’s fresh count');
    expect(receiptCountsCalls()).toBe(before + 1);
  });

  it('the poll still refreshes my other messages’ counts after a send', async () => {
    const old = await sendAs('o_e1', 'g5', '早上好');
    const timers = jest.spyOn(global, 'setTimeout');
    const chat = await openChat('g5');
    await waitFor(() => rowWith(chat, '早上好')?.receipt === '4人未读', 'the old message’s count');
    // Two colleagues read the old message; no push tells the sender.
    for (const o of ['o_e2', 'o_e3'])
      await pc.cloud.invoke('messages', o, {
        action: 'markRead',
        conversationId: 'g5',
        seq: old.data.message.seq,
      });
    const before = receiptCountsCalls();
    await typeAndSend(chat, '今天盘点');
    expect(receiptCountsCalls()).toBe(before);
    expect(rowWith(chat, '早上好')?.receipt).toBe('4人未读'); // not refreshed by the send
    duePoll(timers)();
    await waitFor(() => rowWith(chat, '早上好')?.receipt === '2人未读', 'the poll’s fresh count');
    expect(rowWith(chat, '今天盘点')?.receipt).toBe('4人未读');
    expect(receiptCountsCalls()).toBe(before + 1);
  });

  it('a direct chat shows 未读 from the answer, with no receiptCounts call', async () => {
    const chat = await openChat('d12');
    const before = receiptCountsCalls();
    const row = await typeAndSend(chat, '在吗');
    expect(row.receipt).toBe('未读');
    expect(receiptCountsCalls()).toBe(before);
  });

  it('a retried send whose first answer was lost has no receipt: the page asks receiptCounts', async () => {
    const chat = await openChat('g5');
    let lose = true;
    jest.spyOn(pc.cloud, 'invoke').mockImplementation(async (name, openid, data) => {
      if (openid === 'o_e1') actions.push(`${name}.${(data as { action?: string }).action}`);
      const answer = await realInvoke(name, openid, data);
      if (!lose || (data as { action?: string }).action !== 'send') return answer;
      lose = false; // the server sent and numbered it; the phone never heard back
      return { ok: false, error: { code: 'INTERNAL', message: '网络异常' } };
    });
    // No push either (the watch would bring the message in and drop the pending bubble).
    (chat.instance as unknown as { _st: { sync: { closeMessages(): void } } })._st.sync.closeMessages();
    chat.instance.setData({ text: '补货单已提交' });
    (chat.instance as unknown as { onSend(): void }).onSend();
    await waitFor(
      () => (rowsOf(chat)[0] as unknown as { status: string })?.status === 'failed',
      'the failed bubble',
    );
    const before = receiptCountsCalls();
    (chat.instance as unknown as { onBubble(e: { detail: { kind: string; key: string } }): void }).onBubble({
      detail: { kind: 'retry', key: rowsOf(chat)[0].key },
    });
    await waitFor(() => rowWith(chat, '补货单已提交')?.receipt === '4人未读', 'the count from receiptCounts');
    expect(receiptCountsCalls()).toBe(before + 1);
    expect(rowsOf(chat)).toHaveLength(1);
  });

  it('hidden: a send starts no poll; shown again: the counts are refreshed at once', async () => {
    const timers = jest.spyOn(global, 'setTimeout');
    const chat = await openChat('g5');
    const page = chat.instance as unknown as { onHide(): void; onShow(): void };
    chat.instance.setData({ text: '走之前发的' });
    (chat.instance as unknown as { onSend(): void }).onSend();
    page.onHide();
    await waitFor(() => rowWith(chat, '走之前发的')?.receipt === '4人未读', 'the sent message');
    expect(timers.mock.calls.filter((c) => c[1] === 5000)).toHaveLength(0);
    const before = receiptCountsCalls();
    page.onShow();
    await waitFor(() => receiptCountsCalls() === before + 1, 'a refresh on show');
    await waitFor(() => timers.mock.calls.some((c) => c[1] === 5000), 'the poll restarted');
  });

  it('the sender’s page costs one call per send (bench/messages.bench.ts prints it)', async () => {
    const chat = await openChat('g5');
    await new Promise((r) => setTimeout(r, 50));
    const SENDS = 5;
    const start = pc.cloud.meter.snapshot();
    const calls = actions.length;
    for (let i = 0; i < SENDS; i++) await typeAndSend(chat, `第${i + 1}条`);
    await new Promise((r) => setTimeout(r, 50));
    const bill = pc.cloud.meter.snapshot().minus(start).of('o_e1');
    if (process.env.TONGSHI_BENCH_OUT) {
      const fs = await import('fs');
      fs.writeFileSync(
        process.env.TONGSHI_BENCH_OUT,
        JSON.stringify({
          members: 5,
          sends: SENDS,
          functionsPerSend: bill.functions / SENDS,
          dbRequestsPerSend: bill.dbRequests / SENDS,
          actions: [...new Set(actions.slice(calls))].join(' '),
        }),
      );
    }
    expect(actions.slice(calls)).toEqual(Array(SENDS).fill('messages.send'));
    expect(bill.functions).toBe(SENDS);
  });
});
