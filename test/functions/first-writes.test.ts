// The first writes into a fresh conversation document, on an engine as strict as MongoDB (issue 10,
// item 1): a new conversation stores `lastMessage: null`, and a plain object written over it
// reaches MongoDB as dotted $set paths through null (code 28), which rolled back group creation
// and the first message of every direct chat. Whole-object fields must be replaced whole.
import type { LocalCloud } from '../../localcloud/cloud';
import type { Message } from '../../typings/api';
import type { ConversationDoc } from '../../cloudfunctions/core/store/documents';
import { getConversationTx } from '../../cloudfunctions/core/store/conversations';
import { withTransaction } from '../../cloudfunctions/core/store/transaction';
import { appendMessages, systemLine } from '../../cloudfunctions/core/services/timeline';
import { ok, openCloud } from './helpers';
import { createGroup, openidOf, seedCompany, storedConversation, storedMessages } from './groups-fixture';

let cloud: LocalCloud;
beforeEach(async () => {
  cloud = openCloud();
  await seedCompany(cloud);
});
afterEach(() => cloud.close());

const send = (from: string, conversationId: string, data: Record<string, unknown>) =>
  ok<{ message: Message }>(cloud, 'messages', openidOf(from), {
    action: 'send',
    conversationId,
    type: 'text',
    ...data,
  });

describe('on a fresh conversation document', () => {
  it('creating a group writes its first system message into lastMessage', async () => {
    const { conversation } = await createGroup(cloud, 'zhang', { employeeIds: ['li', 'wang'] });
    expect(storedMessages(cloud, conversation.id).map((m) => m.text)).toEqual(['张伟 创建了群聊']);
    expect(storedConversation(cloud, conversation.id)).toMatchObject({
      lastSeq: 1,
      lastMessage: { seq: 1, type: 'system', preview: '张伟 创建了群聊' },
    });
  });

  it('the first message of a new direct chat is sent and becomes lastMessage', async () => {
    const { conversation } = await ok<{ conversation: { id: string } }>(cloud, 'groups', openidOf('li'), {
      action: 'openDirect',
      employeeId: 'wang',
    });
    expect(storedConversation(cloud, conversation.id).lastMessage).toBeNull();
    const { message } = await send('li', conversation.id, { clientMsgId: 'c1', text: '你好' });
    expect(message.seq).toBe(1);
    expect(storedConversation(cloud, conversation.id).lastMessage).toEqual(
      expect.objectContaining({ id: message.id, seq: 1, senderId: 'li', preview: '你好' }),
    );
  });

  it('mentions and recalls replace mentionSeqs and lastMessage whole; a recall leaves no marker on the conversation', async () => {
    const { conversation } = await createGroup(cloud, 'zhang', { employeeIds: ['li', 'wang'] });
    const g = conversation.id;
    await send('zhang', g, { clientMsgId: 'm1', text: '@李娜 在吗', mentions: ['li'] });
    await send('li', g, { clientMsgId: 'm2', text: '@王强 看看', mentions: ['wang'] });
    expect(storedConversation(cloud, g).mentionSeqs).toEqual({ li: 2, wang: 3 });

    const { message: first } = await send('li', g, { clientMsgId: 'r1', text: '发错了' });
    await send('zhang', g, { clientMsgId: 'm3', text: '后来的' });
    const before = storedConversation(cloud, g);
    await ok(cloud, 'messages', openidOf('li'), { action: 'recall', messageId: first.id });
    // Open chat pages watch the message itself: it carries the lines to show in its place.
    expect(cloud.db.tables.getById('messages', first.id)).toMatchObject({
      recalled: true,
      notice: '李娜撤回了一条消息',
      ownNotice: '你撤回了一条消息',
    });
    // Not the newest message: the conversation document is not written at all.
    expect(storedConversation(cloud, g)).toEqual(before);
    expect(storedConversation(cloud, g)).not.toHaveProperty('lastRetract');
    const { message: second } = await send('li', g, { clientMsgId: 'r2', text: '又发错了' });
    await ok(cloud, 'messages', openidOf('li'), { action: 'recall', messageId: second.id });
    expect(storedConversation(cloud, g).lastMessage).toEqual({
      id: second.id,
      seq: second.seq,
      type: 'text',
      senderId: 'li',
      senderName: '李娜',
      preview: '李娜撤回了一条消息',
      state: 'recalled',
      createdAt: expect.any(Number),
    });
  });
});

describe('several system lines in one transaction (a reorganisation: 新同事 X 加入了群聊 …)', () => {
  it('are numbered in order after the head, and the conversation is written once with the caller’s changes', async () => {
    const { conversation } = await createGroup(cloud, 'zhang', { employeeIds: ['li', 'wang'] });
    const g = conversation.id;
    const before = storedConversation(cloud, g) as unknown as ConversationDoc;
    const db = cloud.db as unknown as { send: (a: string, p?: Record<string, unknown>) => Promise<unknown> };
    const send = db.send.bind(db);
    const writes: string[] = [];
    db.send = (action, p = {}) => {
      if (/insertDocument|modifyDocument|updateDocument|setDocument/.test(action))
        writes.push(`${action.replace('database.', '')} ${p.collectionName}`);
      return send(action, p);
    };
    await cloud.runAs('seed', () =>
      withTransaction(async (tx) => {
        const conv = (await getConversationTx(tx, g)) as ConversationDoc;
        await appendMessages(tx, conv, ['一', '二', '三'].map(systemLine), Date.now(), {
          memberCount: conv.memberCount + 3,
        });
      }),
    );
    db.send = send;
    expect(writes.filter((w) => w.endsWith(' conversations'))).toHaveLength(1);
    expect(writes.filter((w) => w.endsWith(' messages'))).toHaveLength(3);
    const lines = storedMessages(cloud, g).filter((m) => m.seq > before.lastSeq);
    expect(lines.map((m) => [m.seq, m.text])).toEqual([
      [before.lastSeq + 1, '一'],
      [before.lastSeq + 2, '二'],
      [before.lastSeq + 3, '三'],
    ]);
    expect(storedConversation(cloud, g)).toMatchObject({
      lastSeq: before.lastSeq + 3,
      memberCount: before.memberCount + 3,
      lastMessage: { seq: before.lastSeq + 3, type: 'system', preview: '三' },
    });
  });
});
