// Read state through the local cloud: markRead, unread and mentions in groups.list (checked
// against a recount from scratch), receipts, and the cost of list/markRead.
import type { LocalCloud } from '../../localcloud/cloud';
import type { ConversationListItem, ReceiptsResult } from '../../typings/api';
import { errorOf, ok, openCloud, sendText } from './helpers';
import { seedConversation, seedPeople, type Person } from './messages-fixture';

let cloud: LocalCloud;
let people: Person[];
beforeEach(async () => {
  cloud = openCloud();
  people = await seedPeople(cloud, 6);
  await seedConversation(cloud, {
    id: 'g1',
    name: '南京路店',
    memberIds: ['e1', 'e2', 'e3', 'e4'],
    adminIds: ['e2'],
  });
});
afterEach(() => cloud.close());

const send = (p: Person, conversationId: string, text: string, extra: Record<string, unknown> = {}) =>
  sendText(cloud, p, conversationId, text, extra);
const markRead = (p: Person, conversationId: string, seq: number) =>
  ok(cloud, 'messages', p.openid, { action: 'markRead', conversationId, seq });
const list = (p: Person) =>
  ok<{ items: ConversationListItem[]; nextCursor: string | null; totalUnread: number }>(
    cloud,
    'groups',
    p.openid,
    { action: 'list', limit: 100 },
  );

/** Unread from scratch: messages by others after what the member read and after they joined. */
function recount(conversationId: string, employeeId: string): number {
  const member = cloud.db.tables.getById('members', `${conversationId}_${employeeId}`) as unknown as {
    lastReadSeq: number;
    joinedAtSeq: number;
  };
  const floor = Math.max(member.lastReadSeq, member.joinedAtSeq);
  return cloud.db.tables
    .scan('messages', {})
    .docs.filter(
      (m) => m.conversationId === conversationId && (m.seq as number) > floor && m.senderId !== employeeId,
    ).length;
}

describe('markRead', () => {
  it('moves forward only and never past the last message', async () => {
    for (let i = 0; i < 5; i++) await send(people[0], 'g1', `消息${i}`);
    await markRead(people[1], 'g1', 3);
    await markRead(people[1], 'g1', 1);
    expect((await list(people[1])).items[0].unread).toBe(2);
    await markRead(people[1], 'g1', 999);
    const member = cloud.db.tables.getById('members', 'g1_e2') as unknown as { lastReadSeq: number };
    expect(member.lastReadSeq).toBe(5);
    expect((await list(people[1])).items[0].unread).toBe(0);
  });

  it('refuses non-members', async () => {
    expect(
      (
        await errorOf(cloud, 'messages', people[5].openid, {
          action: 'markRead',
          conversationId: 'g1',
          seq: 1,
        })
      ).code,
    ).toBe('FORBIDDEN');
  });

  it('unread after interleaved sends and reads equals a recount for every member', async () => {
    let rnd = 42;
    const next = () => (rnd = (rnd * 1103515245 + 12345) % 2 ** 31);
    const members = people.slice(0, 4);
    for (let round = 0; round < 6; round++) {
      await Promise.all(
        members.map(async (p) => {
          const n = next() % 4;
          for (let k = 0; k < n; k++) await send(p, 'g1', `r${round}-${k}`);
          const conv = cloud.db.tables.getById('conversations', 'g1') as unknown as { lastSeq: number };
          if (next() % 2) await markRead(p, 'g1', Math.max(0, conv.lastSeq - (next() % 3)));
        }),
      );
      for (const p of members) {
        const row = (await list(p)).items.find((i) => i.id === 'g1') as ConversationListItem;
        expect(row.unread).toBe(recount('g1', p.id));
      }
    }
  });
});

describe('groups.list', () => {
  it('lists my active conversations, most recent first, with last message and names', async () => {
    await seedConversation(cloud, { id: 'd12', type: 'direct', memberIds: ['e1', 'e2'] });
    await seedConversation(cloud, { id: 'gdis', memberIds: ['e1', 'e2'], status: 'disabled' });
    await seedConversation(cloud, { id: 'gx', memberIds: ['e1', 'e2'], status: 'dissolved' });
    await seedConversation(cloud, { id: 'other', memberIds: ['e3', 'e4'] });
    let t = 1_000_000;
    cloud.setClock(() => (t += 1000));
    await send(people[1], 'd12', '在吗');
    await send(people[0], 'g1', '开会');
    const { items, nextCursor } = await list(people[1]);
    expect(items.map((i) => i.id)).toEqual(['g1', 'd12']);
    expect(nextCursor).toBeNull();
    expect(items[0]).toMatchObject({
      type: 'group',
      name: '南京路店',
      memberCount: 4,
      unread: 1,
      mentionedMe: false,
      lastMessage: { preview: '开会', senderName: '张伟' },
    });
    expect(items[1]).toMatchObject({ type: 'direct', name: '张伟', memberCount: 2, unread: 0, peerId: 'e1' });
    const forE1 = await list(people[0]);
    expect(forE1.items.find((i) => i.id === 'd12')).toMatchObject({ name: '李娜', unread: 1 });
    expect(forE1.totalUnread).toBe(1);
  });

  it('[有人@我] until read, [@所有人] for @all', async () => {
    await send(people[0], 'g1', '@王强 看一下', { mentions: ['e3'] });
    const row = async (p: Person) => (await list(p)).items[0];
    expect(await row(people[2])).toMatchObject({ mentionedMe: true, mentionedAll: false });
    expect(await row(people[3])).toMatchObject({ mentionedMe: false });
    await markRead(people[2], 'g1', 1);
    expect(await row(people[2])).toMatchObject({ mentionedMe: false });
    await send(people[1], 'g1', '@所有人 盘点', { mentions: 'all' });
    expect(await row(people[3])).toMatchObject({ mentionedMe: true, mentionedAll: true });
    expect(await row(people[1])).toMatchObject({ mentionedMe: false, mentionedAll: false });
  });

  it('pages with a cursor and costs the same for 3 or 300 conversations', async () => {
    const cost = async () =>
      (await cloud.call('groups', people[4].openid, { action: 'list', limit: 20 })).ops.requests;
    for (let i = 0; i < 3; i++)
      await seedConversation(cloud, {
        id: `s${i}`,
        memberIds: ['e5', 'e6'],
        type: i % 2 ? 'direct' : 'group',
      });
    const few = await cost();
    for (let i = 3; i < 300; i++)
      await seedConversation(cloud, {
        id: `s${i}`,
        memberIds: ['e5', 'e6'],
        type: i % 2 ? 'direct' : 'group',
      });
    const many = await cost();
    expect(many).toBe(few);
    const first = await ok<{ items: ConversationListItem[]; nextCursor: string }>(
      cloud,
      'groups',
      people[4].openid,
      { action: 'list', limit: 100 },
    );
    expect(first.items).toHaveLength(100);
    const second = await ok<{ items: ConversationListItem[] }>(cloud, 'groups', people[4].openid, {
      action: 'list',
      limit: 500,
      cursor: first.nextCursor,
    });
    expect(second.items).toHaveLength(100);
    expect(new Set([...first.items, ...second.items].map((i) => i.id)).size).toBe(200);
  });
});

describe('receipts', () => {
  it('lists who has and has not read, for the sender and owner/admins only', async () => {
    const message = await send(people[2], 'g1', '明天早上8点到店');
    await markRead(people[1], 'g1', message.seq);
    const asSender = await ok<ReceiptsResult>(cloud, 'messages', people[2].openid, {
      action: 'receipts',
      messageId: message.id,
    });
    expect(asSender).toMatchObject({ readCount: 1, unreadCount: 2 });
    expect(asSender.read.map((r) => r.name)).toEqual(['李娜']);
    expect(asSender.unread.map((r) => r.employeeId)).toEqual(['e1', 'e4']);
    await ok(cloud, 'messages', people[0].openid, { action: 'receipts', messageId: message.id });
    await ok(cloud, 'messages', people[1].openid, { action: 'receipts', messageId: message.id });
    expect(
      (await errorOf(cloud, 'messages', people[3].openid, { action: 'receipts', messageId: message.id }))
        .code,
    ).toBe('FORBIDDEN');
    expect(
      (await errorOf(cloud, 'messages', people[5].openid, { action: 'receipts', messageId: message.id }))
        .code,
    ).toBe('FORBIDDEN');
    expect(
      (await errorOf(cloud, 'messages', people[0].openid, { action: 'receipts', messageId: 'nope' })).code,
    ).toBe('NOT_FOUND');
  });
});

describe('receipts of members who joined after the message', () => {
  it('count neither as read nor as unread: they never see it', async () => {
    const message = await send(people[2], 'g1', '老消息');
    await markRead(people[1], 'g1', message.seq);
    await ok(cloud, 'groups', people[0].openid, {
      action: 'addMembers',
      conversationId: 'g1',
      employeeIds: ['e5', 'e6'],
    });
    const receipts = await ok<ReceiptsResult>(cloud, 'messages', people[2].openid, {
      action: 'receipts',
      messageId: message.id,
    });
    expect(receipts).toMatchObject({ readCount: 1, unreadCount: 2 });
    expect([...receipts.read, ...receipts.unread].map((r) => r.employeeId).sort()).toEqual([
      'e1',
      'e2',
      'e4',
    ]);
    const counts = await ok<{ items: { messageId: string; readCount: number; unreadCount: number }[] }>(
      cloud,
      'messages',
      people[2].openid,
      { action: 'receiptCounts', conversationId: 'g1', messageIds: [message.id] },
    );
    expect(counts.items).toEqual([{ messageId: message.id, readCount: 1, unreadCount: 2 }]);
    // A message after they joined counts them.
    const later = await send(people[2], 'g1', '新消息');
    expect(
      (
        await ok<ReceiptsResult>(cloud, 'messages', people[2].openid, {
          action: 'receipts',
          messageId: later.id,
        })
      ).unreadCount,
    ).toBe(5);
  });
});

describe('receiptCounts', () => {
  it('counts readers for a window of own messages in two requests', async () => {
    const a = await send(people[0], 'g1', '一');
    const b = await send(people[1], 'g1', '二');
    await markRead(people[2], 'g1', a.seq);
    const res = await ok<{ items: { messageId: string; readCount: number; unreadCount: number }[] }>(
      cloud,
      'messages',
      people[0].openid,
      {
        action: 'receiptCounts',
        conversationId: 'g1',
        messageIds: [a.id, b.id],
      },
    );
    // e1 is the owner: counts for both; e2 read a by sending b; e3 read a; nobody read b.
    expect(res.items.find((i) => i.messageId === a.id)).toEqual({
      messageId: a.id,
      readCount: 2,
      unreadCount: 1,
    });
    expect(res.items.find((i) => i.messageId === b.id)).toEqual({
      messageId: b.id,
      readCount: 0,
      unreadCount: 3,
    });
    const plain = await ok<{ items: unknown[] }>(cloud, 'messages', people[3].openid, {
      action: 'receiptCounts',
      conversationId: 'g1',
      messageIds: [a.id, b.id],
    });
    expect(plain.items).toEqual([]);
  });
});
