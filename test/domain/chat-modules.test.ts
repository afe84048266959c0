// The chat page's plain classes without a page: ChatSync (pages of history, catch-up, read state),
// Outbox (pending sends, retry) and MentionPicker (paging, search, mentions of a text), each over
// a fake API that records what would have been called.
import type { GroupMember, Message, TimelinePage } from '../../typings/api';
import { MentionPicker } from '../../miniprogram/pages/chat/mentions';
import { Outbox } from '../../miniprogram/pages/chat/outbox';
import { ChatSync, PAGE, READ_INTERVAL_MS, type SyncApi } from '../../miniprogram/pages/chat/sync';

const msg = (seq: number): Message => ({
  id: `m${seq}`,
  conversationId: 'g1',
  seq,
  type: 'text',
  senderId: 'e2',
  senderName: '李娜',
  text: `消息 ${seq}`,
  createdAt: seq * 1000,
});

/** A conversation of `last` messages served the way messages.history/since page them. */
function fakeApi(last: number) {
  const calls: string[] = [];
  const range = (from: number, to: number) =>
    Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => msg(from + i));
  const api: SyncApi = {
    async history(beforeSeq, limit): Promise<TimelinePage> {
      calls.push(`history ${beforeSeq ?? '-'} ${limit}`);
      const top = (beforeSeq ?? last + 1) - 1;
      const from = Math.max(1, top - limit + 1);
      return { items: range(from, top), hasMore: from > 1 };
    },
    async since(afterSeq, limit): Promise<TimelinePage> {
      calls.push(`since ${afterSeq} ${limit}`);
      const to = Math.min(last, afterSeq + limit);
      return { items: range(afterSeq + 1, to), hasMore: to < last };
    },
    async markRead(seq) {
      calls.push(`markRead ${seq}`);
    },
    async receiptCounts(ids) {
      calls.push(`receiptCounts ${ids.length}`);
      return { items: ids.map((messageId) => ({ messageId, readCount: 1, unreadCount: 2 })) };
    },
  };
  return { api, calls, grow: (n: number) => (last += n) };
}

describe('ChatSync', () => {
  it('loads the newest page, then older pages until the start', async () => {
    const { api, calls } = fakeApi(70);
    const sync = new ChatSync('g1', api);
    await sync.loadLatest(false);
    expect(sync.timeline.length).toBe(PAGE);
    expect(sync.timeline.lastSeq).toBe(70);
    expect(await sync.loadOlder()).toBe(PAGE);
    expect(await sync.loadOlder()).toBe(10);
    expect(await sync.loadOlder()).toBeNull();
    expect(calls).toEqual([`history - ${PAGE}`, `history 41 ${PAGE}`, `history 11 ${PAGE}`]);
  });

  it('opened at a hit: a page each side, no catch-up on a push, live again at the end', async () => {
    const { api, calls, grow } = fakeApi(200);
    const sync = new ChatSync('g1', api);
    const i = await sync.loadAround(100);
    expect(sync.timeline.messages[i].seq).toBe(100);
    expect(sync.timeline.hasNewer).toBe(true);
    grow(1);
    expect(await sync.catchUp()).toBe(0);
    let live = false;
    while (!live) live = await sync.loadNewer();
    expect(sync.timeline.lastSeq).toBe(201);
    expect(calls.filter((c) => c.startsWith('since')).length).toBeGreaterThan(1);
  });

  it('catches up in pages of 100 and marks read only what the reader sees, once', async () => {
    const { api, calls, grow } = fakeApi(5);
    const sync = new ChatSync('g1', api);
    await sync.loadLatest(false);
    grow(150);
    expect(await sync.catchUp()).toBe(150);
    expect(calls.slice(-2)).toEqual(['since 5 100', 'since 105 100']);
    await sync.markRead(false);
    await sync.markRead(true);
    await sync.markRead(true);
    expect(calls.filter((c) => c.startsWith('markRead'))).toEqual(['markRead 155']);
  });

  it('applies pushed message documents: new ones added once, a recall turns the bubble (own: 你撤回…)', async () => {
    const { api, calls } = fakeApi(3);
    const sync = new ChatSync('g1', api);
    sync.me = 'e2';
    await sync.loadLatest(false);
    const doc = (seq: number, extra: Record<string, unknown> = {}) => ({
      _id: `m${seq}`,
      conversationId: 'g1',
      seq,
      type: 'text',
      senderId: seq % 2 ? 'e1' : 'e2',
      senderName: seq % 2 ? '张伟' : '李娜',
      text: `消息 ${seq}`,
      createdAt: 1_700_000_000_000 + seq,
      ...extra,
    });
    const snap = (docs: Record<string, unknown>[], dataType: 'add' | 'update' | 'init' = 'add') => ({
      id: 1,
      docs,
      docChanges: docs.map((d) => ({
        queueType: 'enqueue' as const,
        dataType,
        docId: String(d._id),
        doc: d,
      })),
    });
    expect(sync.applyPushed(snap([doc(4), doc(5, { type: 'system', senderId: null })]))).toEqual({
      changed: 2,
      system: true,
    });
    expect(sync.timeline.lastSeq).toBe(5);
    expect(sync.timeline.messages[3]).toMatchObject({ id: 'm4', text: '消息 4', senderName: '李娜' });
    // Delivered again (a reconnect's init): nothing new.
    expect(sync.applyPushed(snap([doc(4)], 'init'))).toEqual({ changed: 0, system: false });
    const recalled = { recalled: true, notice: '李娜撤回了一条消息', ownNotice: '你撤回了一条消息' };
    const stripped = (seq: number) => {
      const { text: _text, ...rest } = doc(seq, recalled);
      return rest;
    };
    expect(sync.applyPushed(snap([stripped(4)], 'update')).changed).toBe(1);
    expect(sync.timeline.messages[3]).toMatchObject({ recalled: true, notice: '你撤回了一条消息' });
    expect(sync.timeline.messages[3].text).toBeUndefined();
    expect(calls.filter((c) => !c.startsWith('history'))).toEqual([]);
  });

  it('reports reads at most once per READ_INTERVAL_MS, the newest seen seq on the trailing edge', async () => {
    jest.useFakeTimers();
    try {
      const { api, calls, grow } = fakeApi(5);
      const sync = new ChatSync('g1', api);
      await sync.loadLatest(false);
      await sync.markRead(true);
      expect(calls.filter((c) => c.startsWith('markRead'))).toEqual(['markRead 5']);
      for (let i = 0; i < 20; i++) {
        grow(1);
        await sync.catchUp();
        await sync.markRead(true);
      }
      expect(calls.filter((c) => c.startsWith('markRead'))).toEqual(['markRead 5']);
      await jest.advanceTimersByTimeAsync(READ_INTERVAL_MS);
      expect(calls.filter((c) => c.startsWith('markRead'))).toEqual(['markRead 5', 'markRead 25']);
      // Hiding the page sends what is pending at once.
      grow(1);
      await sync.catchUp();
      await sync.markRead(true);
      sync.close();
      await Promise.resolve();
      expect(calls.filter((c) => c.startsWith('markRead')).slice(-1)).toEqual(['markRead 26']);
    } finally {
      jest.useRealTimers();
    }
  });
});

describe('ChatSync after my own send', () => {
  const pushed = (seq: number, senderId: string) => ({
    id: seq,
    docs: [],
    docChanges: [
      {
        dataType: 'add',
        doc: {
          _id: `m${seq}`,
          conversationId: 'g1',
          seq,
          type: 'text',
          senderId,
          senderName: '',
          text: 'x',
          createdAt: seq,
        },
      },
    ],
  });

  it('takes the new message’s counts from the send’s answer; none (a retry) means ask', async () => {
    const { api, calls } = fakeApi(3);
    const sync = new ChatSync('g1', api);
    await sync.loadLatest(false);
    expect(sync.noteSent(4, { messageId: 'm4', readCount: 0, unreadCount: 4 })).toBe(true);
    expect(sync.receipts.m4).toEqual({ readCount: 0, unreadCount: 4 });
    expect(sync.unreadByOthers(['m4'])).toBe(true);
    expect(sync.noteSent(5)).toBe(false);
    expect(calls.filter((c) => c.startsWith('receiptCounts'))).toEqual([]);
  });

  it('my send pushed before its answer is read already (the send moved my marker); others’ are not', async () => {
    const { api, calls } = fakeApi(3);
    const sync = new ChatSync('g1', api);
    sync.me = 'e1';
    await sync.loadLatest(false);
    const markReads = () => calls.filter((c) => c.startsWith('markRead'));
    sync.applyPushed(pushed(4, 'e1') as never);
    await sync.markRead(true);
    await sync.flushRead();
    expect(markReads()).toEqual([]);
    sync.applyPushed(pushed(5, 'e2') as never);
    await sync.markRead(true);
    await sync.flushRead();
    expect(markReads()).toEqual(['markRead 5']);
  });
});

describe('Outbox', () => {
  it('sends text with its mentions, and retries a failed text but not a file never uploaded', async () => {
    const sent: unknown[] = [];
    const outbox = new Outbox({
      send: async (p) => {
        sent.push({ ...p });
        return { message: msg(1) };
      },
      upload: async (p) => `cloud://chat/${p.clientMsgId}`,
    });
    const p = outbox.text('@张伟 收到', ['e1']);
    expect(p).toMatchObject({ type: 'text', mentions: ['e1'], status: 'pending' });
    await outbox.send(p);
    expect(sent).toHaveLength(1);
    p.status = 'failed';
    expect(outbox.retry(p)).toBe(true);
    expect(p.status).toBe('pending');
    const f = outbox.file('file', '报价单.xlsx', 2048, '/tmp/x');
    f.status = 'failed';
    expect(outbox.retry(f)).toBe(false);
    await outbox.upload(f, '/tmp/x');
    expect(f.fileId).toBe(`cloud://chat/${f.clientMsgId}`);
    f.status = 'failed';
    expect(outbox.retry(f)).toBe(true);
    expect(outbox.text('a', undefined).clientMsgId).not.toBe(outbox.text('a', undefined).clientMsgId);
  });
});

describe('MentionPicker', () => {
  const member = (i: number, name: string, initials: string): GroupMember => ({
    employeeId: `e${i}`,
    name,
    position: '导购',
    role: 'member',
    joinedAt: 0,
    joinSeq: i,
    nameInitials: initials,
  });
  const people = [member(1, '张伟', 'zw'), member(2, '李娜', 'ln'), member(3, '王强', 'wq')];

  it('pages members without me, asks the server to search, and mentions only names still in the text', async () => {
    const asked: [string | null, string | undefined][] = [];
    const picker = new MentionPicker('e1', async (cursor, keyword) => {
      asked.push([cursor, keyword]);
      if (keyword) return { items: people.filter((p) => p.nameInitials === keyword), nextCursor: null };
      return cursor
        ? { items: people.slice(2), nextCursor: null }
        : { items: people.slice(0, 2), nextCursor: '2' };
    });
    await picker.loadPage();
    expect(picker.rows(true).map((r) => r.name)).toEqual(['所有人', '李娜']);
    expect(picker.hasMore).toBe(true);
    // The keyword goes to the server (the whole group); the members' own paging is left alone.
    await picker.search('wq');
    expect(asked).toEqual([
      [null, undefined],
      [null, 'wq'],
    ]);
    expect(picker.rows(false).map((r) => r.name)).toEqual(['王强']);
    expect(picker.hasMore).toBe(false);
    // A slower answer for an older keyword never replaces the newer one's.
    const slow = picker.search('zw');
    await picker.search('ln');
    await slow;
    expect(picker.rows(false).map((r) => r.name)).toEqual(['李娜']);
    await picker.search('');
    expect(picker.rows(false).map((r) => r.name)).toEqual(['李娜']);
    expect(picker.hasMore).toBe(true);
    picker.pick('e3', '王强');
    picker.pick('all', '所有人');
    expect(picker.mentionsFor('@王强 看下')).toEqual(['e3']);
    expect(picker.mentionsFor('@所有人 开会')).toBe('all');
    expect(picker.mentionsFor('没有提醒')).toBeUndefined();
    picker.clearPicks();
    expect(picker.mentionsFor('@王强 看下')).toBeUndefined();
  });
});
