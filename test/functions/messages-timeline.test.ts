// Recall (clock injected), history/since paging, removed messages stripped, and search that
// never leaves the caller's own conversations.
import type { LocalCloud } from '../../localcloud/cloud';
import type { ConversationListItem, SearchHit, TimelinePage } from '../../typings/api';
import { errorOf, ok, openCloud, sendText, uploadChatFile } from './helpers';
import { seedConversation, seedPeople, type Person } from './messages-fixture';

let cloud: LocalCloud;
let people: Person[];
let now = 1_700_000_000_000;
beforeEach(async () => {
  cloud = openCloud();
  cloud.setClock(() => now);
  people = await seedPeople(cloud, 6);
  await seedConversation(cloud, { id: 'g1', name: '南京路店', memberIds: ['e1', 'e2', 'e3'] });
});
afterEach(() => cloud.close());

const send = (p: Person, conversationId: string, text: string) => sendText(cloud, p, conversationId, text);

describe('recall', () => {
  it('within 2 minutes: everyone sees "xx撤回了一条消息", content kept for the back office', async () => {
    const message = await send(people[0], 'g1', '发错了');
    now += 119_000;
    await ok(cloud, 'messages', people[0].openid, { action: 'recall', messageId: message.id });
    const page = await ok<TimelinePage>(cloud, 'messages', people[1].openid, {
      action: 'history',
      conversationId: 'g1',
    });
    expect(page.items[0]).toMatchObject({ id: message.id, seq: 1, recalled: true, senderName: '张伟' });
    expect(page.items[0].text).toBeUndefined();
    const row = (
      await ok<{ items: ConversationListItem[] }>(cloud, 'groups', people[1].openid, { action: 'list' })
    ).items[0];
    expect(row.lastMessage?.preview).toBe('张伟撤回了一条消息');
    // Members read `messages` directly: the content moved to the back office's archive.
    expect((cloud.db.tables.getById('messages', message.id) as { text?: string }).text).toBeUndefined();
    expect((cloud.db.tables.getById('message_archive', message.id) as { text?: string }).text).toBe('发错了');
  });

  it('after 2 minutes → RECALL_EXPIRED, nothing changes', async () => {
    const message = await send(people[0], 'g1', '老消息');
    now += 120_001;
    expect(
      (await errorOf(cloud, 'messages', people[0].openid, { action: 'recall', messageId: message.id })).code,
    ).toBe('RECALL_EXPIRED');
    expect(
      (cloud.db.tables.getById('messages', message.id) as { recalled?: boolean }).recalled,
    ).toBeUndefined();
  });

  it('only the sender may recall', async () => {
    const message = await send(people[0], 'g1', '我的');
    expect(
      (await errorOf(cloud, 'messages', people[1].openid, { action: 'recall', messageId: message.id })).code,
    ).toBe('FORBIDDEN');
    expect(
      (await errorOf(cloud, 'messages', people[4].openid, { action: 'recall', messageId: message.id })).code,
    ).toBe('FORBIDDEN');
    expect(
      (await errorOf(cloud, 'messages', people[0].openid, { action: 'recall', messageId: 'missing' })).code,
    ).toBe('NOT_FOUND');
  });
});

describe('history and since', () => {
  it('pages backwards with ascending items and catches up forwards', async () => {
    for (let i = 1; i <= 45; i++) await send(people[i % 2], 'g1', `第${i}条`);
    const last = await ok<TimelinePage>(cloud, 'messages', people[2].openid, {
      action: 'history',
      conversationId: 'g1',
    });
    expect(last.items.map((m) => m.seq)).toEqual(Array.from({ length: 20 }, (_, i) => 26 + i));
    expect(last.hasMore).toBe(true);
    const older = await ok<TimelinePage>(cloud, 'messages', people[2].openid, {
      action: 'history',
      conversationId: 'g1',
      beforeSeq: 26,
      limit: 500,
    });
    expect(older.items.map((m) => m.seq)).toEqual(Array.from({ length: 25 }, (_, i) => 1 + i));
    expect(older.hasMore).toBe(false);
    const caught = await ok<TimelinePage>(cloud, 'messages', people[2].openid, {
      action: 'since',
      conversationId: 'g1',
      afterSeq: 40,
    });
    expect(caught.items.map((m) => m.seq)).toEqual([41, 42, 43, 44, 45]);
    expect(caught).toMatchObject({ hasMore: false });
    expect(caught.items[0]).toMatchObject({ senderName: '李娜', senderPosition: '导购' });
  });

  it('a member sees only messages after they joined', async () => {
    for (let i = 1; i <= 5; i++) await send(people[0], 'g1', `早先${i}`);
    await seedConversation(cloud, { id: 'g2', memberIds: ['e1', 'e4'], lastSeq: 0 });
    // e5 joins g1 after seq 5.
    cloud.db.tables.put('members', {
      _id: 'g1_e5',
      conversationId: 'g1',
      employeeId: 'e5',
      role: 'member',
      joinSeq: 4,
      joinedAt: now,
      joinedAtSeq: 5,
      lastReadSeq: 5,
    } as never);
    await send(people[0], 'g1', '欢迎');
    const page = await ok<TimelinePage>(cloud, 'messages', people[4].openid, {
      action: 'history',
      conversationId: 'g1',
    });
    expect(page.items.map((m) => m.text)).toEqual(['欢迎']);
    const fromZero = await ok<TimelinePage>(cloud, 'messages', people[4].openid, {
      action: 'since',
      conversationId: 'g1',
      afterSeq: 0,
    });
    expect(fromZero.items.map((m) => m.seq)).toEqual([6]);
    const hits = await ok<{ items: SearchHit[] }>(cloud, 'messages', people[4].openid, {
      action: 'search',
      keyword: '早先',
    });
    expect(hits.items).toHaveLength(0);
  });

  it('removed messages appear without text; departed senders are marked', async () => {
    const message = await send(people[1], 'g1', '不当言论');
    const doc = cloud.db.tables.getById('messages', message.id) as object;
    cloud.db.tables.put('messages', { ...doc, removed: true, removedAt: now, removedBy: 'admin' } as never);
    cloud.db.tables.put('employees', {
      ...(cloud.db.tables.getById('employees', 'e2') as object),
      status: 'departed',
    } as never);
    const page = await ok<TimelinePage>(cloud, 'messages', people[0].openid, {
      action: 'history',
      conversationId: 'g1',
    });
    expect(page.items[0]).toMatchObject({ removed: true, senderDeparted: true, senderName: '李娜' });
    expect(page.items[0].text).toBeUndefined();
    const hits = await ok<{ items: SearchHit[] }>(cloud, 'messages', people[0].openid, {
      action: 'search',
      keyword: '不当',
    });
    expect(hits.items).toHaveLength(0);
  });

  it('refuses non-members and closed conversations', async () => {
    expect(
      (await errorOf(cloud, 'messages', people[4].openid, { action: 'history', conversationId: 'g1' })).code,
    ).toBe('FORBIDDEN');
    await seedConversation(cloud, { id: 'gd', memberIds: ['e1'], status: 'disabled' });
    expect(
      (
        await errorOf(cloud, 'messages', people[0].openid, {
          action: 'since',
          conversationId: 'gd',
          afterSeq: 0,
        })
      ).code,
    ).toBe('GROUP_DISABLED');
  });
});

describe('search', () => {
  beforeEach(async () => {
    await seedConversation(cloud, { id: 'secret', name: '财务群', memberIds: ['e4', 'e5'] });
    await seedConversation(cloud, { id: 'd13', type: 'direct', memberIds: ['e1', 'e3'] });
    await send(people[3], 'secret', '季度报价单 绝密');
    await send(people[0], 'g1', '报价单发群里了');
    await send(people[2], 'd13', '报价单收到');
    await send(people[0], 'g1', '无关内容');
  });

  it('finds by keyword across my chats, newest first, never from conversations I am not in', async () => {
    now += 1;
    const res = await ok<{ items: SearchHit[]; nextCursor: string | null }>(
      cloud,
      'messages',
      people[0].openid,
      { action: 'search', keyword: '报价单' },
    );
    expect(res.items.map((h) => h.conversation.id).sort()).toEqual(['d13', 'g1']);
    expect(res.items.find((h) => h.conversation.id === 'd13')?.conversation.name).toBe('王强');
    expect(res.items.every((h) => h.conversation.id !== 'secret')).toBe(true);
    const outsider = await ok<{ items: SearchHit[] }>(cloud, 'messages', people[5].openid, {
      action: 'search',
      keyword: '报价',
    });
    expect(outsider.items).toHaveLength(0);
  });

  it('finds files by name', async () => {
    await ok(cloud, 'messages', people[1].openid, {
      action: 'send',
      conversationId: 'g1',
      clientMsgId: 'f1',
      type: 'file',
      fileId: uploadChatFile(cloud, people[1], 'g1', 'q.xlsx'),
      fileName: '冬季报价单.xlsx',
      fileSize: 10,
    });
    const res = await ok<{ items: SearchHit[] }>(cloud, 'messages', people[0].openid, {
      action: 'search',
      keyword: '报价单',
      conversationId: 'g1',
    });
    expect(res.items.map((h) => h.message.fileName ?? h.message.text)).toEqual(
      expect.arrayContaining(['冬季报价单.xlsx', '报价单发群里了']),
    );
  });

  it('in one chat; a chat I am not in is FORBIDDEN', async () => {
    const res = await ok<{ items: SearchHit[] }>(cloud, 'messages', people[0].openid, {
      action: 'search',
      keyword: '报价单',
      conversationId: 'g1',
    });
    expect(res.items.map((h) => h.message.text)).toEqual(['报价单发群里了']);
    expect(
      (
        await errorOf(cloud, 'messages', people[0].openid, {
          action: 'search',
          keyword: '报价',
          conversationId: 'secret',
        })
      ).code,
    ).toBe('FORBIDDEN');
  });

  it('treats the keyword literally, pages, and skips recalled messages', async () => {
    for (let i = 0; i < 5; i++) await send(people[0], 'g1', `a.b ${i}`);
    expect(
      (
        await ok<{ items: SearchHit[] }>(cloud, 'messages', people[0].openid, {
          action: 'search',
          keyword: 'a.*',
        })
      ).items,
    ).toHaveLength(0);
    const p1 = await ok<{ items: SearchHit[]; nextCursor: string }>(cloud, 'messages', people[0].openid, {
      action: 'search',
      keyword: 'a.b',
      limit: 3,
    });
    expect(p1.items).toHaveLength(3);
    const p2 = await ok<{ items: SearchHit[]; nextCursor: string | null }>(
      cloud,
      'messages',
      people[0].openid,
      { action: 'search', keyword: 'a.b', limit: 3, cursor: p1.nextCursor },
    );
    expect(p2.items).toHaveLength(2);
    expect(p2.nextCursor).toBeNull();
    await ok(cloud, 'messages', people[0].openid, { action: 'recall', messageId: p1.items[0].message.id });
    const after = await ok<{ items: SearchHit[] }>(cloud, 'messages', people[0].openid, {
      action: 'search',
      keyword: 'a.b',
    });
    expect(after.items).toHaveLength(4);
  });
});
