// Two members in one group: A sends, B's open chat page shows it through the watch without B
// doing anything; B's conversation list badge goes up, then clears when B opens the chat.
import { listedRows } from './chatsList';
import {
  installPageCloud,
  load,
  openPage,
  settle,
  treeStats,
  type PageCloud,
  type Rendered,
} from './harness';
import { closePages, waitFor } from './interact';
import { seedConversation, seedPeople } from '../functions/messages-fixture';
import { clearSession } from '../../miniprogram/services/session';

/* eslint-disable-next-line @typescript-eslint/no-explicit-any -- simulate's mock of WeChat's global */
declare const wx: any;

let pc: PageCloud;
let chatsId: string;
let chatId: string;
const opened: Rendered[] = [];

beforeAll(() => {
  chatsId = load('pages/chats/index');
  chatId = load('pages/chat/index');
});

beforeEach(async () => {
  pc = installPageCloud();
  clearSession();
  await seedPeople(pc.cloud, 3);
  await seedConversation(pc.cloud, { id: 'g1', name: '南京路店', memberIds: ['e1', 'e2', 'e3'] });
  wx.setTabBarBadge = jest.fn();
  wx.removeTabBarBadge = jest.fn();
  pc.actAs('o_e2');
});

afterEach(() => {
  closePages(opened);
  pc.close();
});

const rowsOf = (page: Rendered) =>
  page.data.rows as { id: string; text?: string; unread?: string; key: string; receipt?: string }[];
let n = 0;
const sendAs = (openid: string, text: string, mentions?: string[]) =>
  pc.cloud.invoke('messages', openid, {
    action: 'send',
    conversationId: 'g1',
    clientMsgId: `t${++n}`,
    type: 'text',
    text,
    ...(mentions ? { mentions } : {}),
  });

describe('chat info entry', () => {
  it('opens the group settings from the top-right button', async () => {
    const chat = await openPage(chatId, { id: 'g1' });
    opened.push(chat);
    await waitFor(() => chat.data.loading === false);
    wx.navigateTo = jest.fn();
    chat.querySelector('.info')?.dispatchEvent('tap');
    await settle();
    expect(wx.navigateTo).toHaveBeenCalledWith(
      expect.objectContaining({ url: '/pages/group-settings/index?id=g1' }),
    );
  });
});

describe('chat live', () => {
  it('B sees A’s message in the open chat through the watch', async () => {
    const chat = await openPage(chatId, { id: 'g1' });
    opened.push(chat);
    await waitFor(() => chat.data.loading === false);
    expect(rowsOf(chat)).toHaveLength(0);
    expect(chat.data.empty).toBe(true);
    const callsBefore = pc.wxCloud.callCount;
    await sendAs('o_e1', '今天盘点，大家六点到');
    await waitFor(() => rowsOf(chat).some((r) => r.text === '今天盘点，大家六点到'));
    expect(chat.dom.textContent).toContain('今天盘点，大家六点到');
    expect(chat.dom.textContent).toContain('张伟');
    // The page fetched the message itself (since) after the watch told it: B did nothing.
    expect(pc.wxCloud.callCount).toBeGreaterThan(callsBefore);
    // Visible and at the bottom: it is marked read.
    await waitFor(
      () => (pc.cloud.db.tables.getById('members', 'g1_e2') as { lastReadSeq: number }).lastReadSeq === 1,
    );
  });

  it('B’s list badge goes up on A’s send and clears when B opens the chat', async () => {
    const list = await openPage(chatsId);
    opened.push(list);
    await waitFor(() => listedRows(list).length === 1);
    expect(listedRows(list)[0].unread).toBe('');
    const calls = pc.wxCloud.callCount;
    await sendAs('o_e1', '第一条');
    await sendAs('o_e3', '第二条', ['e2']);
    await waitFor(() => listedRows(list)[0].unread === '2');
    expect(listedRows(list)[0].prefix).toBe('[有人@我]');
    // The row followed from B's pushed member record alone: B's page called no function.
    expect(pc.wxCloud.callCount).toBe(calls);
    expect(wx.setTabBarBadge).toHaveBeenLastCalledWith(expect.objectContaining({ index: 0, text: '2' }));
    expect(list.dom.textContent).toContain('王强: 第二条');

    const chat = await openPage(chatId, { id: 'g1' });
    opened.push(chat);
    await waitFor(() => rowsOf(chat).length === 2);
    await waitFor(() => listedRows(list)[0].unread === '');
    expect(listedRows(list)[0].prefix).toBe('');
    expect(wx.removeTabBarBadge).toHaveBeenCalled();
  });

  it('swipe → 标为已读 clears the badge; 删除 hides the row until a newer message', async () => {
    const store: Record<string, unknown> = {};
    wx.getStorageSync = (k: string) => store[k] ?? '';
    wx.setStorageSync = (k: string, v: unknown) => (store[k] = v);
    await sendAs('o_e1', '未读一条');
    const list = await openPage(chatsId);
    opened.push(list);
    await waitFor(() => listedRows(list)[0]?.unread === '1');
    const inst = list.instance as unknown as {
      onMarkRead(e: unknown): Promise<void>;
      onAskDelete(e: unknown): void;
      onDeleteConfirm(): void;
    };
    await inst.onMarkRead({ currentTarget: { dataset: { id: 'g1' } } });
    await waitFor(() => listedRows(list)[0]?.unread === '');
    inst.onAskDelete({ currentTarget: { dataset: { id: 'g1', name: '南京路店' } } });
    expect(list.data.confirmDelete).toBe(true);
    inst.onDeleteConfirm();
    expect(listedRows(list)).toHaveLength(0);
    pc.cloud.setClock(() => Date.now() + 60_000);
    try {
      await sendAs('o_e3', '新消息');
      await waitFor(() => listedRows(list).length === 1 && listedRows(list)[0].unread === '1');
    } finally {
      pc.cloud.setClock(() => Date.now());
    }
  });

  it('a direct chat is titled with the other person’s name, also after live updates', async () => {
    await seedConversation(pc.cloud, { id: 'd12', type: 'direct', memberIds: ['e1', 'e2'] });
    wx.setNavigationBarTitle = jest.fn();
    const chat = await openPage(chatId, { id: 'd12' });
    opened.push(chat);
    await waitFor(() => chat.data.loading === false);
    await pc.cloud.invoke('messages', 'o_e1', {
      action: 'send',
      conversationId: 'd12',
      clientMsgId: 'd1',
      type: 'text',
      text: '在吗',
    });
    await waitFor(() => rowsOf(chat).length === 1);
    expect(wx.setNavigationBarTitle).toHaveBeenLastCalledWith(expect.objectContaining({ title: '张伟' }));
    expect(chat.data.isGroup).toBe(false);
  });

  it('own send shows a pending bubble, then the server message, with "N人未读" under it', async () => {
    const chat = await openPage(chatId, { id: 'g1' });
    opened.push(chat);
    await waitFor(() => chat.data.loading === false);
    chat.instance.setData({ text: '收到请回复' });
    (chat.instance as unknown as { onSend(): void }).onSend();
    expect(rowsOf(chat)[0].key.startsWith('p_')).toBe(true);
    await waitFor(
      () =>
        rowsOf(chat).length === 1 &&
        !rowsOf(chat)[0].key.startsWith('p_') &&
        rowsOf(chat)[0].receipt === '2人未读',
    );
    await pc.cloud.invoke('messages', 'o_e1', { action: 'markRead', conversationId: 'g1', seq: 1 });
    await pc.cloud.invoke('messages', 'o_e3', { action: 'markRead', conversationId: 'g1', seq: 1 });
    await sendAs('o_e1', '收到');
    await waitFor(() => rowsOf(chat).length === 2 && rowsOf(chat)[0].receipt === '全部已读');
  });

  it('a recall by A turns B’s bubble into the recall line live', async () => {
    const chat = await openPage(chatId, { id: 'g1' });
    opened.push(chat);
    const res = (await sendAs('o_e1', '发错了')) as { ok: true; data: { message: { id: string } } };
    await waitFor(() => rowsOf(chat).length === 1);
    await pc.cloud.invoke('messages', 'o_e1', { action: 'recall', messageId: res.data.message.id });
    await waitFor(() => chat.dom.textContent?.includes('张伟撤回了一条消息') ?? false);
    expect(chat.dom.textContent).not.toContain('发错了');
  });

  it('a failed send keeps a red retry mark; retry reuses the clientMsgId and makes one message', async () => {
    const chat = await openPage(chatId, { id: 'g1' });
    opened.push(chat);
    await waitFor(() => chat.data.loading === false);
    pc.cloud.openapi.secCheckOutage = 45009;
    chat.instance.setData({ text: '补货单已提交' });
    (chat.instance as unknown as { onSend(): void }).onSend();
    await waitFor(() => (rowsOf(chat)[0] as unknown as { status: string })?.status === 'failed');
    const key = rowsOf(chat)[0].key;
    pc.cloud.openapi.secCheckOutage = null;
    (chat.instance as unknown as { onBubble(e: { detail: { kind: string; key: string } }): void }).onBubble({
      detail: { kind: 'retry', key },
    });
    await waitFor(() => rowsOf(chat).length === 1 && !rowsOf(chat)[0].key.startsWith('p_'));
    expect(pc.cloud.db.tables.count('messages')).toBe(1);
    expect(rowsOf(chat)[0].text).toBe('补货单已提交');
  });

  it('mute-all and disabled show banners and disable the input', async () => {
    await seedConversation(pc.cloud, { id: 'gm', name: '通知群', memberIds: ['e1', 'e2'], muteAll: true });
    const chat = await openPage(chatId, { id: 'gm' });
    opened.push(chat);
    await waitFor(() => chat.data.loading === false);
    expect(chat.data).toMatchObject({ banner: '全员禁言中', inputDisabled: true });
    // The owner lifts mute-all: B's open page follows through the watch (the system line and
    // B's member record carrying the group's fields).
    await pc.cloud.invoke('groups', 'o_e1', { action: 'update', conversationId: 'gm', muteAll: false });
    await waitFor(() => chat.data.inputDisabled === false);
    await seedConversation(pc.cloud, { id: 'gd', memberIds: ['e1', 'e2'], status: 'disabled' });
    const disabled = await openPage(chatId, { id: 'gd' });
    opened.push(disabled);
    await waitFor(() => disabled.data.loading === false);
    expect(disabled.data).toMatchObject({ banner: '该群已被管理员禁用', inputDisabled: true });
  });

  it('scrolling up loads older messages and anchors on the row that was on top', async () => {
    for (let i = 0; i < 70; i++) await sendAs(i % 2 ? 'o_e1' : 'o_e3', `第${i + 1}条`);
    const chat = await openPage(chatId, { id: 'g1' });
    opened.push(chat);
    await waitFor(() => rowsOf(chat).length === 30);
    const top = rowsOf(chat)[0].key;
    await (chat.instance as unknown as { onTop(): Promise<void> }).onTop();
    expect(chat.data.scrollInto).toBe(`m${top}`);
    expect(rowsOf(chat).some((r) => r.key === top)).toBe(true);
    expect(rowsOf(chat)[0].text).toBe('第16条');
  });

  /** Opens g1's chat with the reconnect backoff shortened, and drops its watch once it is live. */
  /** Opens the chat (two watches: its messages and its document, sync.ts) and drops both. */
  async function openThenDrop(baseMs: number, run: (chat: Rendered) => Promise<void>) {
    const { reconnect } = await import('../../miniprogram/services/realtime');
    const { realtimeHub } = await import('../../localcloud/realtime/hub');
    reconnect.baseMs = baseMs;
    try {
      const chat = await openPage(chatId, { id: 'g1' });
      opened.push(chat);
      await waitFor(() => chat.data.loading === false && realtimeHub(pc.cloud).size === 2);
      realtimeHub(pc.cloud).interrupt();
      await run(chat);
    } finally {
      reconnect.baseMs = 1000;
    }
  }

  it('reconnects after the watch drops and catches up on what was sent meanwhile', () =>
    openThenDrop(0, async (chat) => {
      await sendAs('o_e1', '断线期间的消息');
      await waitFor(() => rowsOf(chat).some((r) => r.text === '断线期间的消息'));
      await sendAs('o_e3', '重连之后的消息');
      await waitFor(() => rowsOf(chat).some((r) => r.text === '重连之后的消息'));
    }));

  it('a member removed while the chat is open sees the banner, and the watch is not retried', async () => {
    const { realtimeHub } = await import('../../localcloud/realtime/hub');
    const chat = await openPage(chatId, { id: 'g1' });
    opened.push(chat);
    await waitFor(() => chat.data.loading === false && realtimeHub(pc.cloud).size === 2);
    const removed = await pc.cloud.invoke('groups', 'o_e1', {
      action: 'removeMembers',
      conversationId: 'g1',
      employeeIds: ['e2'],
    });
    expect(removed).toMatchObject({ ok: true });
    await waitFor(() => chat.data.banner === '你已不在该群聊中');
    expect(chat.data.inputDisabled).toBe(true);
    await settle();
    expect(realtimeHub(pc.cloud).size).toBe(0);
  });

  it('a member removed while disconnected sees the banner when the watch is refused on reconnect', () =>
    openThenDrop(50, async (chat) => {
      const { realtimeHub } = await import('../../localcloud/realtime/hub');
      pc.cloud.db.tables.delete('members', 'g1_e2');
      await waitFor(() => chat.data.banner === '你已不在该群聊中');
      await new Promise((r) => setTimeout(r, 200));
      expect(realtimeHub(pc.cloud).size).toBe(0);
    }));

  it('renders a window: under 1,000 nodes with 5,000 messages loaded', async () => {
    const { db } = await import('../../cloudfunctions/core/platform/cloud');
    const docs = Array.from({ length: 5000 }, (_, i) => ({
      _id: `m${String(i + 1).padStart(5, '0')}`,
      conversationId: 'g1',
      seq: i + 1,
      type: 'text',
      senderId: i % 2 ? 'e1' : 'e2',
      clientMsgId: null,
      text: `消息 ${i + 1}`,
      createdAt: 1_700_000_000_000 + i * 60_000,
    }));
    await pc.cloud.runAs('seed', async () => {
      for (let i = 0; i < docs.length; i += 1000)
        await db()
          .collection('messages')
          .add({ data: docs.slice(i, i + 1000) as never });
      await db()
        .collection('conversations')
        .doc('g1')
        .update({ data: { lastSeq: 5000 } });
    });
    const chat = await openPage(chatId, { id: 'g1' });
    opened.push(chat);
    await waitFor(() => rowsOf(chat).length > 0);
    const inst = chat.instance as unknown as {
      onTop(): Promise<void>;
      render(toBottom: boolean): void;
      st(): {
        start: number;
        timeline: {
          length: number;
          hasMore: boolean;
          firstSeq: number;
          addOlder(items: unknown[], more: boolean): number;
        };
      };
    };
    // Load the whole history through the API in big pages (what scrolling up does 30 at a time).
    const st = inst.st();
    while (st.timeline.hasMore) {
      const res = (await pc.cloud.invoke('messages', 'o_e2', {
        action: 'history',
        conversationId: 'g1',
        beforeSeq: st.timeline.firstSeq,
        limit: 100,
      })) as {
        ok: true;
        data: { items: unknown[]; hasMore: boolean };
      };
      st.start += st.timeline.addOlder(res.data.items, res.data.hasMore);
    }
    expect(st.timeline.length).toBe(5000);
    const sizes: number[] = [];
    const orig = chat.instance.setData.bind(chat.instance);
    chat.instance.setData = (d: Record<string, unknown>, cb?: () => void) => {
      sizes.push(JSON.stringify(d).length);
      return orig(d, cb);
    };
    inst.render(true);
    await settle();
    // Scroll up through the last 200 and then jump the window to the very top.
    for (let i = 0; i < 8; i++) await inst.onTop();
    st.start = 25;
    await inst.onTop();
    expect(rowsOf(chat)[0].key).toBe('m00001');
    expect(rowsOf(chat).length).toBeLessThanOrEqual(50);
    const stats = treeStats(chat.dom);
    expect(stats.nodes).toBeLessThan(1000);
    expect(Math.max(...sizes)).toBeLessThan(64 * 1024);
    // bench/messages.bench.ts runs this test and prints these figures.
    if (process.env.TONGSHI_BENCH_OUT) {
      const fs = await import('fs');
      const figures = {
        messagesLoaded: st.timeline.length,
        rowsRendered: rowsOf(chat).length,
        ...stats,
        setDataCalls: sizes.length,
        maxSetDataBytes: Math.max(...sizes),
        totalSetDataBytes: sizes.reduce((a, b) => a + b, 0),
      };
      fs.writeFileSync(process.env.TONGSHI_BENCH_OUT, JSON.stringify(figures));
    }
  });
});
