// The search page (keyword across my chats, highlighted, tap → chat) and the receipts page.
import { installPageCloud, load, openPage, settle, type PageCloud, type Rendered } from './harness';
import { seedConversation, seedPeople } from '../functions/messages-fixture';
import { clearSession } from '../../miniprogram/services/session';
import { highlight } from '../../miniprogram/pages/search/highlight';

/* eslint-disable-next-line @typescript-eslint/no-explicit-any -- simulate's mock of WeChat's global */
declare const wx: any;

let pc: PageCloud;
let searchId: string;
let receiptsId: string;
beforeAll(() => {
  searchId = load('pages/search/index');
  receiptsId = load('pages/receipts/index');
});
beforeEach(async () => {
  pc = installPageCloud();
  clearSession();
  await seedPeople(pc.cloud, 4);
  await seedConversation(pc.cloud, { id: 'g1', name: '南京路店', memberIds: ['e1', 'e2', 'e3'] });
  await seedConversation(pc.cloud, { id: 'g2', name: '财务群', memberIds: ['e4'] });
});
afterEach(() => pc.close());

const waitFor = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await settle(2);
  expect(check()).toBe(true);
};
let n = 0;
const send = (openid: string, conversationId: string, text: string) =>
  pc.cloud.invoke('messages', openid, {
    action: 'send',
    conversationId,
    clientMsgId: `s${++n}`,
    type: 'text',
    text,
  }) as Promise<{ ok: true; data: { message: { id: string } } }>;

describe('search page', () => {
  it('finds my messages with the keyword highlighted, never another group’s, and opens the chat', async () => {
    await send('o_e1', 'g1', '周五前交报价单');
    await send('o_e4', 'g2', '报价单 机密');
    pc.actAs('o_e2');
    const page: Rendered = await openPage(searchId);
    (page.instance as unknown as { onSearch(e: { detail: string }): void }).onSearch({ detail: '报价单' });
    await waitFor(() => (page.data.rows as unknown[]).length > 0 && page.data.loading === false);
    const rows = page.data.rows as { conversationId: string; segments: { text: string; hit: boolean }[] }[];
    expect(rows.map((r) => r.conversationId)).toEqual(['g1']);
    expect(rows[0].segments).toEqual([
      { text: '周五前交', hit: false },
      { text: '报价单', hit: true },
    ]);
    wx.navigateTo = jest.fn();
    page.querySelector('.row')?.dispatchEvent('tap');
    await settle();
    // Opens the chat at the hit (the first message of g1: seq 1), not at the newest.
    expect(wx.navigateTo).toHaveBeenCalledWith(
      expect.objectContaining({ url: '/pages/chat/index?id=g1&seq=1' }),
    );
  });

  it('filters by sender, type and date, shows avatar and sender, and finds colleagues and groups by name', async () => {
    await send('o_e1', 'g1', '盘点表已更新');
    await send('o_e3', 'g1', '盘点明天做');
    pc.actAs('o_e2');
    const page: Rendered = await openPage(searchId);
    type SearchPage = {
      onSearch(e: { detail: string }): void;
      onSenderPick(e: unknown): void;
      onType(e: unknown): void;
      onDateConfirm(e: unknown): void;
      onDateClear(): void;
      onSenderClear(): void;
    };
    const inst = page.instance as unknown as SearchPage;
    const senders = () => (page.data.rows as { senderName: string }[]).map((r) => r.senderName);
    inst.onSearch({ detail: '盘点' });
    await waitFor(() => senders().length === 2 && page.data.loading === false);
    // Each row: the sender's avatar (text avatar of the name) and name, the time, the chat.
    const first = page.querySelector('.row')?.dom.textContent ?? '';
    expect(first).toContain('南京路店');
    expect(first).toMatch(/王强|张伟/);

    // Sender: only 王强's message (e3).
    inst.onSenderPick({ currentTarget: { dataset: { id: 'e3', name: '王强' } } });
    await waitFor(() => senders().length === 1 && page.data.loading === false);
    expect(senders()).toEqual(['王强']);
    // Sender alone, no keyword: still searches.
    inst.onSearch({ detail: '' });
    await waitFor(() => senders().length === 1 && page.data.searched === true);
    inst.onSenderClear();

    // Files only: none of these messages.
    inst.onSearch({ detail: '盘点' });
    inst.onType({ currentTarget: { dataset: { type: 'file' } } });
    await waitFor(() => page.data.searched === true && page.data.loading === false);
    expect(senders()).toEqual([]);
    inst.onType({ currentTarget: { dataset: { type: '' } } });
    await waitFor(() => senders().length === 2);

    // A date range before today: nothing; cleared: both again.
    const lastWeek = Date.now() - 7 * 86_400_000;
    inst.onDateConfirm({ detail: [new Date(lastWeek - 86_400_000), new Date(lastWeek)] });
    await waitFor(() => page.data.searched === true && page.data.loading === false);
    expect(senders()).toEqual([]);
    inst.onDateClear();
    await waitFor(() => senders().length === 2);

    // Colleagues and my groups by name, on the same page.
    inst.onSearch({ detail: '南京' });
    await waitFor(() => (page.data.groups as unknown[]).length === 1);
    expect(page.querySelector('.group-row')?.dom.textContent).toContain('南京路店');
    inst.onSearch({ detail: '王强' });
    await waitFor(() => (page.data.people as unknown[]).length === 1);
    expect(page.querySelector('.person-row')?.dom.textContent).toContain('王强');
    // 财务群 is not mine: never found.
    inst.onSearch({ detail: '财务' });
    await waitFor(() => page.data.searched === true && page.data.loading === false);
    await settle(5);
    expect(page.data.groups).toEqual([]);
  });

  it('highlight is case-insensitive and trims long text around the first hit', () => {
    expect(highlight('Excel表格', 'excel')).toEqual([
      { text: 'Excel', hit: true },
      { text: '表格', hit: false },
    ]);
    expect(highlight(`${'很'.repeat(100)}关键`, '关键')[0]).toEqual({ text: '…', hit: false });
  });
});

describe('receipts page', () => {
  it('shows read and unread tabs for the sender', async () => {
    const { data } = await send('o_e2', 'g1', '明早8点开会');
    await pc.cloud.invoke('messages', 'o_e3', { action: 'markRead', conversationId: 'g1', seq: 1 });
    pc.actAs('o_e2');
    const page = await openPage(receiptsId, { messageId: data.message.id });
    await waitFor(() => page.data.loading === false);
    expect(page.data).toMatchObject({
      readCount: 1,
      unreadCount: 1,
      read: [{ name: '王强' }],
      unread: [{ name: '张伟' }],
    });
  });

  it('shows the refusal for a plain member', async () => {
    const { data } = await send('o_e2', 'g1', '通知');
    pc.actAs('o_e3');
    const page = await openPage(receiptsId, { messageId: data.message.id });
    await waitFor(() => page.data.loading === false);
    expect(page.data.error).toMatch(/群主|发送者/);
  });
});
