// The chat page opened at a search hit (?seq=): it loads the messages around the hit, shows and
// highlights it, catches up to the newest through `since` as the user scrolls down, and is live
// again after that. Also the @ picker's search over all of the group's members.
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

let pc: PageCloud;
let chatId: string;
const opened: Rendered[] = [];

beforeAll(() => {
  chatId = load('pages/chat/index');
});

beforeEach(() => {
  pc = installPageCloud();
  clearSession();
});

afterEach(() => {
  closePages(opened);
  pc.close();
});

type Row = { key: string; text: string };
const rowsOf = (page: Rendered) => page.data.rows as Row[];

async function seedHistory(count: number): Promise<void> {
  const { db } = await import('../../cloudfunctions/core/platform/cloud');
  const docs = Array.from({ length: count }, (_, i) => ({
    _id: `m${String(i + 1).padStart(5, '0')}`,
    conversationId: 'g1',
    seq: i + 1,
    type: 'text',
    senderId: i % 2 ? 'e1' : 'e3',
    clientMsgId: null,
    text: `消息 ${i + 1}`,
    createdAt: 1_700_000_000_000 + i * 60_000,
  }));
  await pc.cloud.runAs('seed', async () => {
    await db()
      .collection('messages')
      .add({ data: docs as never });
    await db()
      .collection('conversations')
      .doc('g1')
      .update({ data: { lastSeq: count } });
  });
}

describe('chat opened at a search hit', () => {
  it('shows the hit in the middle of 500 messages highlighted, then scrolls down to the newest and is live', async () => {
    await seedPeople(pc.cloud, 3);
    await seedConversation(pc.cloud, { id: 'g1', name: '南京路店', memberIds: ['e1', 'e2', 'e3'] });
    await seedHistory(500);
    pc.actAs('o_e2');
    const rowCounts: number[] = [];
    const chat = await openPage(chatId, { id: 'g1', seq: '250' });
    opened.push(chat);
    await waitFor(() => chat.data.loading === false && rowsOf(chat).length > 0);

    // The hit is rendered, scrolled into view and highlighted; the newest is not loaded.
    expect(rowsOf(chat).some((r) => r.key === 'm00250')).toBe(true);
    expect(chat.data.scrollInto).toBe('mm00250');
    expect(chat.data.highlightKey).toBe('m00250');
    const hit = chat.querySelector('#mm00250') as Rendered;
    expect(hit.dom.className).toContain('hit');
    expect(hit.dom.textContent).toContain('消息 250');
    expect(chat.dom.textContent).not.toContain('消息 500');
    expect(rowsOf(chat).length).toBeLessThanOrEqual(50);
    const inst = chat.instance as unknown as {
      onBottom(): Promise<void>;
      atBottom(): boolean;
      st(): { timeline: { length: number; hasNewer: boolean } };
    };
    expect(inst.st().timeline.hasNewer).toBe(true);
    expect(inst.st().timeline.length).toBeLessThan(100);

    // Not read yet: the reader is far from the newest.
    await settle(5);
    expect((pc.cloud.db.tables.getById('members', 'g1_e2') as { lastReadSeq: number }).lastReadSeq).toBe(0);

    // A live message while away from the newest is not fetched eagerly (no 250-message burst).
    const callsBefore = pc.wxCloud.callCount;
    await pc.cloud.invoke('messages', 'o_e1', {
      action: 'send',
      conversationId: 'g1',
      clientMsgId: 'live1',
      type: 'text',
      text: '刚发的消息',
    });
    await settle(10);
    expect(inst.st().timeline.hasNewer).toBe(true);
    expect(pc.wxCloud.callCount - callsBefore).toBeLessThanOrEqual(1);

    // Scroll down until the newest: since pages, the window never grows past 50 rows.
    const sizes: number[] = [];
    const orig = chat.instance.setData.bind(chat.instance);
    chat.instance.setData = (d: Record<string, unknown>, cb?: () => void) => {
      sizes.push(JSON.stringify(d).length);
      if (Array.isArray(d.rows)) rowCounts.push(d.rows.length);
      return orig(d, cb);
    };
    for (let i = 0; i < 40 && !inst.atBottom(); i++) await inst.onBottom();
    expect(inst.atBottom()).toBe(true);
    await waitFor(() => rowsOf(chat).some((r) => r.text === '刚发的消息'));
    const last = rowsOf(chat);
    expect(last[last.length - 2].text).toBe('消息 500');
    expect(last[last.length - 1].text).toBe('刚发的消息');
    expect(Math.max(...rowCounts)).toBeLessThanOrEqual(50);
    expect(treeStats(chat.dom).nodes).toBeLessThan(1000);
    expect(Math.max(...sizes)).toBeLessThan(64 * 1024);
    await waitFor(
      () => (pc.cloud.db.tables.getById('members', 'g1_e2') as { lastReadSeq: number }).lastReadSeq === 501,
    );

    // Live again: a new message arrives through the watch without scrolling.
    await pc.cloud.invoke('messages', 'o_e3', {
      action: 'send',
      conversationId: 'g1',
      clientMsgId: 'live2',
      type: 'text',
      text: '之后的新消息',
    });
    await waitFor(() => rowsOf(chat).some((r) => r.text === '之后的新消息'));
  });

  it('a send from the hit’s window jumps to the newest and keeps one contiguous timeline', async () => {
    await seedPeople(pc.cloud, 3);
    await seedConversation(pc.cloud, { id: 'g1', name: '南京路店', memberIds: ['e1', 'e2', 'e3'] });
    await seedHistory(200);
    pc.actAs('o_e2');
    const chat = await openPage(chatId, { id: 'g1', seq: '20' });
    opened.push(chat);
    await waitFor(() => chat.data.loading === false && rowsOf(chat).some((r) => r.key === 'm00020'));
    chat.instance.setData({ text: '我来回复' });
    (chat.instance as unknown as { onSend(): void }).onSend();
    await waitFor(() => {
      const rows = rowsOf(chat);
      return (
        rows.length > 1 &&
        rows[rows.length - 1].text === '我来回复' &&
        !rows[rows.length - 1].key.startsWith('p_')
      );
    });
    const rows = rowsOf(chat);
    expect(rows[rows.length - 2].text).toBe('消息 200');
    const st = (
      chat.instance as unknown as { st(): { timeline: { hasNewer: boolean; messages: { seq: number }[] } } }
    ).st();
    expect(st.timeline.hasNewer).toBe(false);
    const seqs = st.timeline.messages.map((m) => m.seq);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => seqs[0] + i));
  });
});

describe('@ picker search', () => {
  it('asks the server to search the whole group by name or pinyin initials; 所有人 stays on top for the owner', async () => {
    await seedPeople(pc.cloud, 130);
    const ids = Array.from({ length: 130 }, (_, i) => `e${i + 1}`);
    await seedConversation(pc.cloud, { id: 'g1', name: '门店大群', memberIds: ids });
    pc.actAs('o_e1'); // the owner
    const chat = await openPage(chatId, { id: 'g1' });
    opened.push(chat);
    await waitFor(() => chat.data.loading === false);
    const inst = chat.instance as unknown as {
      openPicker(): Promise<void>;
      onPickerSearch(e: { detail: string }): Promise<void>;
    };
    await inst.openPicker();
    type PickRow = { id: string; name: string };
    const picks = () => chat.data.pickerRows as PickRow[];
    // First page only: 100 members less me, plus 所有人.
    expect(picks()).toHaveLength(100);
    expect(picks()[0]).toMatchObject({ id: 'all', name: '所有人' });
    expect(chat.data.pickerMore).toBe(true);
    expect(picks().some((r) => r.name === '员工125')).toBe(false);

    // A member beyond the loaded page is found: the server searches the whole group.
    await inst.onPickerSearch({ detail: '员工125' });
    await settle();
    expect(picks().map((r) => r.name)).toEqual(['所有人', '员工125']);
    expect(chat.data.pickerMore).toBe(false);
    expect(chat.dom.textContent).toContain('员工125');

    // Pinyin initials: "ln" finds 李娜.
    await inst.onPickerSearch({ detail: 'LN' });
    await settle();
    expect(picks().map((r) => r.name)).toEqual(['所有人', '李娜']);

    // Nothing matches: only 所有人 is left; clearing shows the members loaded so far, with more to load.
    await inst.onPickerSearch({ detail: '不存在的人' });
    expect(picks().map((r) => r.name)).toEqual(['所有人']);
    await inst.onPickerSearch({ detail: '' });
    expect(picks()).toHaveLength(100);
    expect(chat.data.pickerMore).toBe(true);

    // Picking a search result mentions that member.
    chat.instance.setData({ text: '@' });
    await inst.onPickerSearch({ detail: '员工125' });
    await settle();
    (chat.instance as unknown as { onPick(e: unknown): void }).onPick({
      currentTarget: { dataset: { id: 'e125', name: '员工125' } },
    });
    expect(chat.data.text).toBe('@员工125 ');
    expect(chat.data.pickerOpen).toBe(false);
  });

  it('a member (not owner/admin) gets no 所有人 and sees matching members only', async () => {
    await seedPeople(pc.cloud, 5);
    await seedConversation(pc.cloud, { id: 'g1', name: '小群', memberIds: ['e1', 'e2', 'e3', 'e4', 'e5'] });
    pc.actAs('o_e2');
    const chat = await openPage(chatId, { id: 'g1' });
    opened.push(chat);
    await waitFor(() => chat.data.loading === false);
    const inst = chat.instance as unknown as {
      openPicker(): Promise<void>;
      onPickerSearch(e: { detail: string }): Promise<void>;
    };
    await inst.openPicker();
    await inst.onPickerSearch({ detail: '王' });
    expect((chat.data.pickerRows as { name: string }[]).map((r) => r.name)).toEqual(['王强']);
    await inst.onPickerSearch({ detail: 'zw' });
    expect((chat.data.pickerRows as { name: string }[]).map((r) => r.name)).toEqual(['张伟']);
  });
});
