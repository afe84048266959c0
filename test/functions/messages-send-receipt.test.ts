// messages.send's `receipt`: the new message's "N人未读" as it was numbered, so the sender's chat
// page needs no receiptCounts call after a send. It must equal what receiptCounts says for the
// message at that moment: members other than the sender, after joins and removals, in groups and
// direct chats, also when another sender's batch numbered it; and be absent on a retry of an
// earlier, numbered send (others may have read it since).
import type { LocalCloud } from '../../localcloud/cloud';
import type { ConversationDoc, MessageDoc } from '../../cloudfunctions/core/store/documents';
import { sequenceMessage } from '../../cloudfunctions/core/services/sequencer';
import { FunctionKilledError } from '../../localcloud/life';
import type { ReceiptCount, SendResult } from '../../typings/api';
import { ok, openCloud, storedDocs } from './helpers';
import { seedConversation, seedPeople, type Person } from './messages-fixture';

let cloud: LocalCloud;
let people: Person[];
beforeEach(async () => {
  cloud = openCloud();
  people = await seedPeople(cloud, 7);
  // A group of 5 (e1 owns it) and a direct chat e1–e2.
  await seedConversation(cloud, { id: 'g1', memberIds: people.slice(0, 5).map((p) => p.id) });
  await seedConversation(cloud, { id: 'd12', type: 'direct', memberIds: ['e1', 'e2'] });
});
afterEach(() => cloud.close());

let n = 0;
const sendData = (conversationId: string, clientMsgId = `r${++n}`) => ({
  action: 'send',
  conversationId,
  clientMsgId,
  type: 'text',
  text: '今天盘点',
});
const send = (p: Person, conversationId = 'g1', clientMsgId?: string) =>
  ok<SendResult>(cloud, 'messages', p.openid, sendData(conversationId, clientMsgId));
const counted = async (p: Person, conversationId: string, messageId: string): Promise<ReceiptCount> => {
  const { items } = await ok<{ items: ReceiptCount[] }>(cloud, 'messages', p.openid, {
    action: 'receiptCounts',
    conversationId,
    messageIds: [messageId],
  });
  return items[0];
};
const groups = (p: Person, action: string, employeeIds: string[]) =>
  ok(cloud, 'groups', p.openid, { action, conversationId: 'g1', employeeIds });

describe('messages.send receipt', () => {
  it('a group of 5: 4 unread, as receiptCounts says right after', async () => {
    const { message, receipt } = await send(people[1]);
    expect(receipt).toEqual({ messageId: message.id, readCount: 0, unreadCount: 4 });
    expect(await counted(people[1], 'g1', message.id)).toEqual(receipt);
  });

  it('follows removals and joins before the send', async () => {
    await groups(people[0], 'removeMembers', ['e4', 'e5']);
    const fewer = await send(people[1]);
    expect(fewer.receipt?.unreadCount).toBe(2);
    expect(await counted(people[1], 'g1', fewer.message.id)).toEqual(fewer.receipt);
    await groups(people[0], 'addMembers', ['e6', 'e7']);
    const more = await send(people[1]);
    expect(more.receipt?.unreadCount).toBe(4);
    expect(await counted(people[1], 'g1', more.message.id)).toEqual(more.receipt);
  });

  it('a direct chat: the other person has not read it (the page shows 未读)', async () => {
    const { message, receipt } = await send(people[0], 'd12');
    expect(receipt).toEqual({ messageId: message.id, readCount: 0, unreadCount: 1 });
    expect(await counted(people[0], 'd12', message.id)).toEqual(receipt);
  });

  it('alone in a group: nobody to read it', async () => {
    await seedConversation(cloud, { id: 'g0', memberIds: ['e6'] });
    const { receipt } = await send(people[5], 'g0');
    expect(receipt?.unreadCount).toBe(0);
  });

  it('a retry of a numbered send answers the message without a receipt', async () => {
    const first = await send(people[1], 'g1', 'same');
    await ok(cloud, 'messages', people[2].openid, { action: 'markRead', conversationId: 'g1', seq: 1 });
    const again = await send(people[1], 'g1', 'same');
    expect(again.message.id).toBe(first.message.id);
    expect(again.receipt).toBeUndefined();
  });

  it('five senders at once, numbered in each other’s batches: each 4 unread', async () => {
    const answers = await Promise.all(people.slice(0, 5).map((p) => send(p)));
    for (const a of answers)
      expect(a.receipt).toEqual({ messageId: a.message.id, readCount: 0, unreadCount: 4 });
  });

  it('counts the members when the message is numbered, not when the send first read the group', async () => {
    const sendOf = (clientMsgId: string) => sendData('g1', clientMsgId);
    // A send killed right after its message went in pending, then a join moves the head.
    let left: MessageDoc | undefined;
    for (let k = 1; k < 40 && !left; k++) {
      await expect(
        cloud.call('messages', people[1].openid, sendOf('slow'), { killAfterRequests: k }),
      ).rejects.toBeInstanceOf(FunctionKilledError);
      cloud.expireOpenTransactions();
      left = storedDocs<MessageDoc>(cloud, 'messages', { conversationId: 'g1' }).find(
        (m) => m.clientMsgId === 'slow',
      );
    }
    if (!left) throw new Error('never left a pending message');
    const head = cloud.db.tables.getById('conversations', 'g1') as unknown as ConversationDoc;
    await groups(people[0], 'addMembers', ['e6']);
    const numbered = await cloud.runAs(people[1].openid, () =>
      sequenceMessage('g1', (left as MessageDoc)._id, head, people[1].id),
    );
    expect(head.memberCount).toBe(5);
    expect(numbered?.memberCount).toBe(6);
  });
});
