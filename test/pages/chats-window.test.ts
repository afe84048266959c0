// The 消息 tab with 1,000 conversations: a windowed list (miniprogram/utils/rowWindow.ts). WXML
// nodes stay bounded at the top and scrolled to the end; a new message in a chat far down the
// list moves it to the top with ONE setData under 2 KB. `npm run bench -- chats` prints these
// figures (TONGSHI_BENCH_OUT).
import type { ConversationListItem } from '../../typings/api';
import { clearSession } from '../../miniprogram/services/session';
import { installPageCloud, load, openPage, trackSetData, treeStats, type PageCloud } from './harness';
import { listedRows, seedChats } from './chatsList';
import { waitFor } from './interact';

/* eslint-disable-next-line @typescript-eslint/no-explicit-any -- simulate's mock of WeChat's global */
declare const wx: any;

const CHATS = 1000;
let pc: PageCloud;
let pageId: string;

beforeAll(() => {
  pageId = load('pages/chats/index');
});
afterEach(() => pc.close());

async function thousandChats(): Promise<void> {
  pc = installPageCloud();
  clearSession();
  await seedChats(pc.cloud, CHATS);
  wx.setTabBarBadge = jest.fn();
  wx.removeTabBarBadge = jest.fn();
  pc.actAs('o_e2');
}

interface ListPage {
  onPageScroll(e: { scrollTop: number }): void;
  applyRowChange(item: ConversationListItem): void;
  onUnload(): void;
}

it('1,000 chats: bounded nodes top and bottom, a new message far down is one setData under 2 KB', async () => {
  await thousandChats();
  const started = Date.now();
  const list = await openPage(pageId);
  const page = list.instance as unknown as ListPage;
  await waitFor(() => listedRows(list)[0]?.id === 'g0000', 'first rows on screen');
  const firstRowsMs = Date.now() - started;
  await waitFor(() => list.data.count === CHATS, 'every page of groups.list');
  const top = treeStats(list.dom);
  const rowsAtTop = listedRows(list).length;
  expect(rowsAtTop).toBeLessThan(40);
  expect(top.nodes).toBeLessThan(1500);

  const rowPx = (list.data.listHeight as number) / CHATS;
  page.onPageScroll({ scrollTop: rowPx * CHATS });
  const bottomRows = listedRows(list);
  expect(bottomRows[bottomRows.length - 1].id).toBe('g0999');
  expect(bottomRows[bottomRows.length - 1].y).toBeCloseTo(rowPx * (CHATS - 1));
  const bottom = treeStats(list.dom);
  expect(bottom.nodes).toBeLessThan(1500);
  page.onPageScroll({ scrollTop: 0 });

  // A message in the 701st chat: the live list moves it to the top.
  const calls = trackSetData(list.instance);
  const sent = await pc.cloud.invoke('messages', 'o_e1', {
    action: 'send',
    conversationId: 'g0700',
    clientMsgId: 'far-1',
    type: 'text',
    text: '今晚八点闭店盘点',
  });
  expect(sent.ok).toBe(true);
  await waitFor(() => listedRows(list)[0]?.id === 'g0700', 'g0700 on top');
  await waitFor(() => !list.data.loading, 'reload done');
  expect(listedRows(list)[0]).toMatchObject({ unread: '2', preview: '张伟: 今晚八点闭店盘点' });
  expect(listedRows(list)[1].id).toBe('g0000');
  expect(calls).toHaveLength(1);
  expect(calls[0].bytes).toBeLessThan(2048);
  const incoming = calls[0];

  // The same through applyRowChange, as a live source that computes the row itself calls it.
  calls.length = 0;
  page.applyRowChange({
    id: 'g0400',
    type: 'group',
    name: '门店群400',
    memberCount: 2,
    lastMessage: {
      id: 'x',
      seq: 2,
      type: 'text',
      senderId: 'e1',
      senderName: '张伟',
      preview: '收到请回复',
      createdAt: Date.now(),
    },
    unread: 1,
    pinned: false,
    muted: false,
    mentionedMe: false,
    mentionedAll: false,
    updatedAt: Date.now(),
    hasAnnouncement: false,
    muteAll: false,
  } as ConversationListItem);
  expect(calls).toHaveLength(1);
  expect(calls[0].bytes).toBeLessThan(2048);
  expect(listedRows(list)[0]).toMatchObject({ id: 'g0400', preview: '张伟: 收到请回复' });
  expect(listedRows(list)[1].id).toBe('g0700');
  page.onUnload();
  list.detach();

  if (process.env.TONGSHI_BENCH_OUT) {
    const fs = await import('fs');
    fs.writeFileSync(
      process.env.TONGSHI_BENCH_OUT,
      JSON.stringify({
        chats: CHATS,
        firstRowsMs,
        rowsRendered: rowsAtTop,
        nodesAtTop: top.nodes,
        nodesAtEnd: bottom.nodes,
        incomingSetDataCalls: 1,
        incomingSetDataBytes: incoming.bytes,
        applyRowChangeBytes: calls[0].bytes,
      }),
    );
  }
});
