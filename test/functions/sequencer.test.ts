// Numbering of sends (services/sequencer.ts): a message is inserted pending (seq 0) and numbered
// in batches. What a dead send leaves behind is numbered by the next send, its own retry or the
// repair — never twice, never with a gap — and what changed while it was pending is re-checked.
import type { LocalCloud } from '../../localcloud/cloud';
import { FunctionKilledError } from '../../localcloud/life';
import type { ConversationDoc, MemberDoc, MessageDoc } from '../../cloudfunctions/core/store/documents';
import type { Message } from '../../typings/api';
import { db } from '../../cloudfunctions/core/platform/cloud';
import { sequenceMessage } from '../../cloudfunctions/core/services/sequencer';
import { errorOf, ok, openCloud, storedDocs } from './helpers';
import { seedConversation, seedPeople, type Person } from './messages-fixture';

let cloud: LocalCloud;
let people: Person[];
beforeEach(async () => {
  cloud = openCloud();
  people = await seedPeople(cloud, 5);
  await seedConversation(cloud, { id: 'g1', memberIds: people.map((p) => p.id) });
});
afterEach(() => {
  cloud.setClock(() => Date.now());
  cloud.close();
});

const sendData = (clientMsgId: string, text = '收到') => ({
  action: 'send',
  conversationId: 'g1',
  clientMsgId,
  type: 'text',
  text,
});
const send = (p: Person, clientMsgId: string, text?: string) =>
  ok<{ message: Message }>(cloud, 'messages', p.openid, sendData(clientMsgId, text));
const messages = () => storedDocs<MessageDoc>(cloud, 'messages', { conversationId: 'g1' });
const conversation = () => cloud.db.tables.getById('conversations', 'g1') as unknown as ConversationDoc;
const member = (id: string) => cloud.db.tables.getById('members', `g1_${id}`) as unknown as MemberDoc;

/** A send killed right after its message went in pending (the first k that leaves one). */
async function leavePending(p: Person, clientMsgId: string): Promise<MessageDoc> {
  for (let k = 1; k < 40; k++) {
    try {
      await cloud.call('messages', p.openid, sendData(clientMsgId), { killAfterRequests: k });
      throw new Error('the send finished before leaving a pending message');
    } catch (e) {
      if (!(e instanceof FunctionKilledError)) throw e;
    }
    cloud.expireOpenTransactions();
    const left = messages().find((m) => m.clientMsgId === clientMsgId);
    if (left) {
      expect(left.seq).toBe(0);
      return left;
    }
  }
  throw new Error('never left a pending message');
}

const seqs = () =>
  messages()
    .map((m) => m.seq)
    .sort((a, b) => a - b);

/** A send killed after its batch committed but before its message got its seq. */
async function leaveUnapplied(p: Person, clientMsgId: string): Promise<MessageDoc> {
  await leavePending(p, clientMsgId);
  // Its retries, killed ever later, until one dies right after the numbering commit.
  for (let k = 1; k < 40; k++) {
    try {
      await cloud.call('messages', p.openid, sendData(clientMsgId), { killAfterRequests: k });
      throw new Error('the send finished before its seq was applied');
    } catch (e) {
      if (!(e instanceof FunctionKilledError)) throw e;
    }
    cloud.expireOpenTransactions();
    const left = messages().find((m) => m.clientMsgId === clientMsgId) as MessageDoc;
    if (conversation().lastSeq > 0) {
      expect(left.seq).toBe(0);
      return left;
    }
  }
  throw new Error('never committed without applying');
}

describe('sequencing sends', () => {
  it('a batch committed but not applied: readers and the next send finish it, nothing is numbered twice', async () => {
    const left = await leaveUnapplied(people[1], 'unapplied-1');
    expect(conversation().lastBatch).toEqual({ from: 1, ids: [left._id] });
    const page = await ok<{ items: Message[] }>(cloud, 'messages', people[2].openid, {
      action: 'since',
      conversationId: 'g1',
      afterSeq: 0,
    });
    expect(page.items.map((m) => [m.id, m.seq])).toEqual([[left._id, 1]]);
    const { message } = await send(people[2], 'after-unapplied');
    expect(message.seq).toBe(2);
    expect(seqs()).toEqual([1, 2]);
    expect((await send(people[1], 'unapplied-1')).message).toMatchObject({ id: left._id, seq: 1 });
  });

  it('an unapplied batch missing from a full pending list is still applied, never numbered again', async () => {
    const left = await leaveUnapplied(people[1], 'unapplied-3');
    // 60 pending messages older than it (another instance's clock behind): the pending list of 50
    // the next sequencer reads does not contain the unapplied one.
    const older = Array.from({ length: 60 }, (_, i) => ({
      ...left,
      _id: `older-${String(i).padStart(2, '0')}`,
      clientMsgId: `older-${i}`,
      senderId: people[i % 4].id,
      text: `早${i}`,
      seq: 0,
      createdAt: left.createdAt - 1000 + i,
      pendingAt: left.createdAt - 1000 + i,
    }));
    for (const m of older) cloud.db.tables.put('messages', m);
    await send(people[2], 'after-full-list');
    const byId = new Map(messages().map((m) => [m._id, m.seq]));
    expect(byId.get(left._id)).toBe(1);
    expect(seqs()).toEqual(Array.from({ length: 62 }, (_, i) => i + 1));
  });

  it('the newest history page finishes an unapplied batch too', async () => {
    const left = await leaveUnapplied(people[1], 'unapplied-2');
    const page = await ok<{ items: Message[] }>(cloud, 'messages', people[0].openid, {
      action: 'history',
      conversationId: 'g1',
    });
    expect(page.items.map((m) => m.id)).toEqual([left._id]);
  });

  it('a message left pending by a dead send is numbered by the next send, and its retry finds it', async () => {
    const left = await leavePending(people[1], 'dead-1');
    const { message } = await send(people[2], 'next-1');
    expect(message.seq).toBe(2);
    expect(messages().find((m) => m._id === left._id)?.seq).toBe(1);
    const retried = await send(people[1], 'dead-1');
    expect(retried.message).toMatchObject({ id: left._id, seq: 1 });
    expect(seqs()).toEqual([1, 2]);
    expect(conversation()).toMatchObject({ lastSeq: 2, lastMessage: { seq: 2, senderName: people[2].name } });
    expect(member(people[1].id).lastReadSeq).toBe(1); // the retry moves its sender's read marker
  });

  it('mute-all switched on while a member message is pending: the retry answers MUTED and leaves no gap', async () => {
    const left = await leavePending(people[1], 'muted-1');
    await ok(cloud, 'groups', people[0].openid, { action: 'update', conversationId: 'g1', muteAll: true });
    expect((await errorOf(cloud, 'messages', people[1].openid, sendData('muted-1'))).code).toBe('MUTED');
    expect(messages().find((m) => m._id === left._id)).toBeUndefined();
    expect(conversation().droppedSends).toBe(1);
    const { message } = await send(people[0], 'owner-1');
    expect(message.seq).toBe(conversation().lastSeq);
    expect(seqs()).toEqual(Array.from({ length: conversation().lastSeq }, (_, i) => i + 1));
  });

  it('a sender removed while their message was pending: dropped by the next batch, seq stays gap-free', async () => {
    const left = await leavePending(people[3], 'removed-1');
    await ok(cloud, 'groups', people[0].openid, {
      action: 'removeMembers',
      conversationId: 'g1',
      employeeIds: [people[3].id],
    });
    await send(people[1], 'after-removal');
    expect(messages().find((m) => m._id === left._id)).toBeUndefined();
    expect(seqs()).toEqual(Array.from({ length: conversation().lastSeq }, (_, i) => i + 1));
    expect((await errorOf(cloud, 'messages', people[3].openid, sendData('removed-1'))).code).toBe(
      'FORBIDDEN',
    );
  });

  it('a sender removed after send read their membership: the head moved, so the batch reads it again and drops the message', async () => {
    const left = await leavePending(people[3], 'removed-2');
    const head = conversation(); // what send read before the membership
    await ok(cloud, 'groups', people[0].openid, {
      action: 'removeMembers',
      conversationId: 'g1',
      employeeIds: [people[3].id],
    });
    const numbered = await cloud.runAs(people[3].openid, () =>
      sequenceMessage('g1', left._id, head, people[3].id),
    );
    expect(numbered).toBeNull();
    expect(messages().find((m) => m._id === left._id)).toBeUndefined();
    expect(seqs()).toEqual(Array.from({ length: conversation().lastSeq }, (_, i) => i + 1));
  });

  it('the repair numbers what was left pending and moves the sender read marker', async () => {
    const left = await leavePending(people[1], 'repair-1');
    const later = Date.now() + 10 * 60 * 1000;
    cloud.setClock(() => later);
    const run = await ok<{ repairs: { name: string; repaired: number }[] }>(cloud, 'maintenance', '', {
      Type: 'Timer',
    });
    expect(run.repairs.find((r) => r.name === 'pendingMessages')?.repaired).toBe(1);
    expect(messages().find((m) => m._id === left._id)?.seq).toBe(1);
    expect(member(people[1].id).lastReadSeq).toBe(1);
    expect(conversation().lastSeq).toBe(1);
  });

  it('the repair removes a pending message whose group was deleted (no orphan)', async () => {
    await leavePending(people[1], 'orphan-1');
    await cloud.runAs('seed', async () => {
      await db().collection('conversations').doc('g1').remove();
    });
    const later = Date.now() + 10 * 60 * 1000;
    cloud.setClock(() => later);
    await ok(cloud, 'maintenance', '', { Type: 'Timer' });
    expect(messages()).toEqual([]);
  });

  it('15 concurrent sends: all numbered, gap-free, nothing left pending, every sender marker moved', async () => {
    const sent = await Promise.all(
      people.flatMap((p) => [0, 1, 2].map((i) => send(p, `${p.id}-burst-${i}`, `第${i}条`))),
    );
    expect(sent.map((s) => s.message.seq).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 15 }, (_, i) => i + 1),
    );
    expect(seqs()).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    expect(messages().every((m) => m.pendingAt === undefined)).toBe(true);
    expect(conversation().lastMessage?.seq).toBe(15);
    for (const p of people) expect(member(p.id).lastReadSeq).toBeGreaterThan(0);
  });
});
