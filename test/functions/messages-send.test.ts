// messages.send through the local cloud: seq allocation under races, idempotent retries, every
// refusal with its exact code, content security failing closed, constant cost per send.
import { SEND_BURST } from '../../cloudfunctions/core/domain/rateLimit';
import { clock } from '../../cloudfunctions/core/platform/clock';
import { countSentMessage } from '../../cloudfunctions/core/store/messageCounts';
import type { LocalCloud } from '../../localcloud/cloud';
import type { Message } from '../../typings/api';
import { errorOf, ok, openCloud, uploadChatFile } from './helpers';
import { seedConversation, seedPeople, type Person } from './messages-fixture';

let cloud: LocalCloud;
let people: Person[];
beforeEach(async () => {
  cloud = openCloud();
  people = await seedPeople(cloud, 6);
  await seedConversation(cloud, {
    id: 'g1',
    memberIds: people.slice(0, 5).map((p) => p.id),
    adminIds: ['e2'],
  });
});
afterEach(() => cloud.close());

const send = (p: Person, data: Record<string, unknown>) =>
  ok<{ message: Message }>(cloud, 'messages', p.openid, {
    action: 'send',
    conversationId: 'g1',
    type: 'text',
    ...data,
  });
const sendError = (p: Person, data: Record<string, unknown>) =>
  errorOf(cloud, 'messages', p.openid, { action: 'send', conversationId: 'g1', type: 'text', ...data });
const messageCount = () => cloud.db.tables.count('messages');

describe('messages.send', () => {
  it('stamps seq, sender and server time, and returns the message', async () => {
    cloud.setClock(() => 1_700_000_000_000);
    const { message } = await send(people[0], { clientMsgId: 'c1', text: '大家好' });
    expect(message).toMatchObject({
      seq: 1,
      senderId: 'e1',
      senderName: '张伟',
      senderPosition: '店长',
      text: '大家好',
      createdAt: 1_700_000_000_000,
      conversationId: 'g1',
    });
    const { message: second } = await send(people[1], { clientMsgId: 'c1', text: '收到' });
    expect(second.seq).toBe(2);
  });

  it('20 concurrent senders × 25 messages → seq 1..500 exactly, each sender in order', async () => {
    const crowd = Array.from({ length: 20 }, (_, i) => ({
      id: `c${i}`,
      openid: `o_c${i}`,
      name: `员工${i}`,
    }));
    const { buildEmployee } = await import('../../cloudfunctions/core/domain/employee');
    const { db } = await import('../../cloudfunctions/core/platform/cloud');
    await cloud.runAs('seed', async () => {
      await db()
        .collection('employees')
        .add({
          data: crowd.map((p, i) =>
            buildEmployee(
              { id: p.id, name: p.name, mobile: `137${String(i).padStart(8, '0')}`, openid: p.openid },
              0,
            ),
          ) as never,
        });
      await db()
        .collection('bindings')
        .add({
          data: crowd.map((p) => ({ _id: p.openid, employeeId: p.id, boundAt: 0, via: 'invite' })) as never,
        });
    });
    await seedConversation(cloud, { id: 'big', memberIds: crowd.map((p) => p.id) });
    await Promise.all(
      crowd.map(async (p) => {
        for (let k = 0; k < 25; k++) {
          const res = await cloud.invoke('messages', p.openid, {
            action: 'send',
            conversationId: 'big',
            clientMsgId: `${p.id}-${k}`,
            type: 'text',
            text: `${p.id}:${k}`,
          });
          if (!res.ok) throw new Error(JSON.stringify(res.error));
        }
      }),
    );
    const all = cloud.db.tables
      .scan('messages', {})
      .docs.filter((m) => m.conversationId === 'big') as unknown as {
      seq: number;
      senderId: string;
      text: string;
    }[];
    expect(all.map((m) => m.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 500 }, (_, i) => i + 1));
    for (const p of crowd) {
      const mine = all.filter((m) => m.senderId === p.id).sort((a, b) => a.seq - b.seq);
      expect(mine.map((m) => m.text)).toEqual(Array.from({ length: 25 }, (_, k) => `${p.id}:${k}`));
    }
    const conv = cloud.db.tables.getById('conversations', 'big') as unknown as { lastSeq: number };
    expect(conv.lastSeq).toBe(500);
  });

  it('the same clientMsgId sent 5 times in parallel makes one message', async () => {
    const results = await Promise.all(
      Array.from({ length: 5 }, () => send(people[0], { clientMsgId: 'same', text: '只发一次' })),
    );
    expect(new Set(results.map((r) => r.message.id)).size).toBe(1);
    expect(new Set(results.map((r) => r.message.seq))).toEqual(new Set([1]));
    expect(messageCount()).toBe(1);
    // The copies that lost the race spent no send token (their add failed on the id and rolled back).
    const bucket = cloud.db.tables.getById('rate_limits', `send_${people[0].id}`) as { tokens: number };
    expect(bucket.tokens).toBe(SEND_BURST - 1);
    const again = await send(people[0], { clientMsgId: 'same', text: '只发一次' });
    expect(again.message.id).toBe(results[0].message.id);
    expect(messageCount()).toBe(1);
  });

  it('sends images and files by fileId with name and size', async () => {
    const imageId = uploadChatFile(cloud, people[0], 'g1', 'a.png');
    const { message: img } = await send(people[0], {
      clientMsgId: 'i',
      type: 'image',
      fileId: imageId,
      fileSize: 1234,
    });
    expect(img).toMatchObject({ type: 'image', fileId: imageId, fileSize: 1234 });
    const { message: file } = await send(people[0], {
      clientMsgId: 'f',
      type: 'file',
      fileId: uploadChatFile(cloud, people[0], 'g1', '报价单.xlsx'),
      fileName: '报价单.xlsx',
      fileSize: 99,
    });
    expect(file).toMatchObject({ type: 'file', fileName: '报价单.xlsx' });
    const list = await ok<{ items: { id: string; lastMessage: { preview: string } }[] }>(
      cloud,
      'groups',
      people[1].openid,
      { action: 'list' },
    );
    expect(list.items[0].lastMessage.preview).toBe('[文件] 报价单.xlsx');
  });

  it.each([
    ['text over 2,000 characters', { clientMsgId: 'x', text: '字'.repeat(2001) }, 'text'],
    ['empty text', { clientMsgId: 'x', text: '   ' }, 'text'],
    ['file without fileId', { clientMsgId: 'x', type: 'file', fileName: 'a.txt', fileSize: 1 }, 'fileId'],
    ['missing clientMsgId', { text: '你好' }, 'clientMsgId'],
    ['bad type', { clientMsgId: 'x', type: 'system', text: 'hi' }, 'type'],
  ])('refuses %s with INVALID_ARGUMENT and stores nothing', async (_l, data, field) => {
    const error = await sendError(people[0], data);
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(JSON.stringify(error.details)).toContain(field);
    expect(messageCount()).toBe(0);
  });

  it('accepts exactly 2,000 characters', async () => {
    await send(people[0], { clientMsgId: 'x', text: '字'.repeat(2000) });
    expect(messageCount()).toBe(1);
  });

  it('refuses non-members, departed callers, and missing/disabled/dissolved conversations', async () => {
    expect((await sendError(people[5], { clientMsgId: 'x', text: 'hi' })).code).toBe('FORBIDDEN');
    expect(
      (
        await errorOf(cloud, 'messages', people[0].openid, {
          action: 'send',
          conversationId: 'nope',
          clientMsgId: 'x',
          type: 'text',
          text: 'hi',
        })
      ).code,
    ).toBe('NOT_FOUND');
    await seedConversation(cloud, { id: 'gd', memberIds: ['e1'], status: 'disabled' });
    await seedConversation(cloud, { id: 'gx', memberIds: ['e1'], status: 'dissolved' });
    expect(
      (
        await errorOf(cloud, 'messages', people[0].openid, {
          action: 'send',
          conversationId: 'gd',
          clientMsgId: 'x',
          type: 'text',
          text: 'hi',
        })
      ).code,
    ).toBe('GROUP_DISABLED');
    expect(
      (
        await errorOf(cloud, 'messages', people[0].openid, {
          action: 'send',
          conversationId: 'gx',
          clientMsgId: 'x',
          type: 'text',
          text: 'hi',
        })
      ).code,
    ).toBe('GROUP_DISSOLVED');
    cloud.db.tables.put('employees', {
      ...(cloud.db.tables.getById('employees', 'e3') as object),
      status: 'departed',
    } as never);
    expect((await sendError(people[2], { clientMsgId: 'x', text: 'hi' })).code).toBe('UNAUTHENTICATED');
    expect(messageCount()).toBe(0);
  });

  it('mute-all lets only the owner and admins post', async () => {
    await seedConversation(cloud, {
      id: 'gm',
      memberIds: ['e1', 'e2', 'e3'],
      adminIds: ['e2'],
      muteAll: true,
    });
    const post = (p: Person) =>
      cloud.invoke('messages', p.openid, {
        action: 'send',
        conversationId: 'gm',
        clientMsgId: `m-${p.id}`,
        type: 'text',
        text: '通知',
      });
    expect((await post(people[0])).ok).toBe(true);
    expect((await post(people[1])).ok).toBe(true);
    const refused = await post(people[2]);
    expect(!refused.ok && refused.error.code).toBe('MUTED');
    expect(messageCount()).toBe(2);
  });

  it('@all only for the owner and admins; a plain member gets FORBIDDEN', async () => {
    expect(
      (await sendError(people[2], { clientMsgId: 'x', text: '@所有人 开会', mentions: 'all' })).code,
    ).toBe('FORBIDDEN');
    expect(messageCount()).toBe(0);
    await send(people[1], { clientMsgId: 'a', text: '@所有人 开会', mentions: 'all' });
    await send(people[0], { clientMsgId: 'b', text: '@所有人 散会', mentions: 'all' });
    expect(messageCount()).toBe(2);
  });

  it('mentions keep members only and never the sender', async () => {
    const { message } = await send(people[0], {
      clientMsgId: 'm',
      text: '@李娜 @外人',
      mentions: ['e2', 'e6', 'e1', 'e2'],
    });
    expect(message.mentions).toEqual(['e2']);
  });

  it('refuses a blocked word with CONTENT_REJECTED and stores nothing', async () => {
    const error = await sendError(people[0], { clientMsgId: 'x', text: '这里有违禁测试词' });
    expect(error.code).toBe('CONTENT_REJECTED');
    expect(error.message).toMatch(/[\u4e00-\u9fa5]/);
    expect(messageCount()).toBe(0);
  });

  it('fails closed when msgSecCheck is out of quota or broken', async () => {
    cloud.openapi.secCheckOutage = 45009;
    expect((await sendError(people[0], { clientMsgId: 'x', text: '正常内容' })).code).toBe('RATE_LIMITED');
    cloud.openapi.secCheckOutage = -1;
    const spy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    expect((await sendError(people[0], { clientMsgId: 'x', text: '正常内容' })).code).toBe('INTERNAL');
    spy.mockRestore();
    expect(messageCount()).toBe(0);
    cloud.openapi.secCheckOutage = null;
    await send(people[0], { clientMsgId: 'x', text: '正常内容' });
    expect(messageCount()).toBe(1);
  });

  it('images skip the text check (they pass the media check instead)', async () => {
    cloud.openapi.secCheckOutage = 45009;
    const fileId = uploadChatFile(cloud, people[0], 'g1', 'y.png');
    await send(people[0], { clientMsgId: 'i', type: 'image', fileId, fileSize: 1 });
    expect(cloud.openapi.calls.msgSecCheck).toBe(0);
  });

  it('advances the sender read marker: own messages never count as unread', async () => {
    await send(people[1], { clientMsgId: 'a', text: '1' });
    await send(people[0], { clientMsgId: 'b', text: '2' });
    const mine = await ok<{ items: { unread: number }[] }>(cloud, 'groups', people[0].openid, {
      action: 'list',
    });
    expect(mine.items[0].unread).toBe(0);
    const theirs = await ok<{ items: { unread: number }[] }>(cloud, 'groups', people[2].openid, {
      action: 'list',
    });
    expect(theirs.items[0].unread).toBe(2);
  });

  it('costs the same number of database requests in a group of 2 and of 1,000', async () => {
    const ids = Array.from({ length: 1000 }, (_, i) => (i === 0 ? 'e1' : `x${i}`));
    await seedConversation(cloud, { id: 'g1000', memberIds: ids });
    await seedConversation(cloud, { id: 'g2', memberIds: ['e1', 'e2'] });
    const cost = async (conversationId: string, k: number) =>
      (
        await cloud.call('messages', people[0].openid, {
          action: 'send',
          conversationId,
          clientMsgId: `k${k}`,
          type: 'text',
          text: '测试',
        })
      ).ops;
    // The first send of an hour also creates admin.stats' hour counter: create it beforehand.
    await cloud.runAs('seed', () => countSentMessage(clock.now()));
    const small = await cost('g2', 1);
    const large = await cost('g1000', 2);
    expect(large).toEqual(small);
  });
});
