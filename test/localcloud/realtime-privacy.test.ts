// What members read straight from the database (issue 13's realtime design, database-rules/
// README.md), checked through the local cloud's rule engine exactly as a page's watch is: a
// member of an active group receives new messages with their content; recalled and removed
// content, non-members, departed staff, disabled and deleted groups are refused or stripped.
import type { LocalCloud } from '../../localcloud/cloud';
import { createClientDatabase, type Snapshot, type WatchError } from '../../localcloud/client/watch';
import { inProcessWatch } from '../../localcloud/realtime/inprocess';
import { db } from '../../cloudfunctions/core/platform/cloud';
import {
  doDeleteGroup,
  doDeleteMessage,
  doSetGroupStatus,
} from '../../cloudfunctions/core/services/backoffice';
import { ok, openCloud, sendText } from '../functions/helpers';
import { seedConversation, seedPeople, type Person } from '../functions/messages-fixture';

let cloud: LocalCloud;
let people: Person[];
beforeEach(async () => {
  cloud = openCloud();
  people = await seedPeople(cloud, 4);
  // e1 owns g1 with e2 and e3; e4 is a colleague outside it.
  await seedConversation(cloud, { id: 'g1', memberIds: ['e1', 'e2', 'e3'] });
});
afterEach(() => cloud.close());

const tick = async () => {
  for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
};
const admin = { _id: 'e1', name: '张伟' } as Parameters<typeof doSetGroupStatus>[0];
const CONTENT = ['text', 'fileId', 'fileName', 'fileSize', 'mentions'];

function watcher(openid: string, collection: string, where: Record<string, unknown>) {
  const snapshots: Snapshot[] = [];
  const errors: WatchError[] = [];
  const w = createClientDatabase(inProcessWatch(cloud), () => openid)
    .collection(collection)
    .where(where)
    .watch({ onChange: (s) => snapshots.push(s), onError: (e) => errors.push(e) });
  const docs = () => snapshots.flatMap((s) => s.docChanges.map((c) => c.doc));
  return { snapshots, errors, docs, close: () => void w.close() };
}

const denied = (errors: WatchError[]) =>
  errors.length === 1 && String(errors[0].errMsg).includes('COLLECTION_PERMISSION_DENIED');

/** What a member's pages open on g1: the chat's messages and the conversation document. */
const GROUP_READS: [string, Record<string, unknown>][] = [
  ['messages', { conversationId: 'g1', seq: { $gt: 0 } }],
  ['conversations', { _id: 'g1' }],
];

/** Each of these watches is refused to `openid` when it starts. */
async function expectRefused(openid: string, reads: [string, Record<string, unknown>][]) {
  for (const [collection, where] of reads) {
    const w = watcher(openid, collection, where);
    await tick();
    expect(denied(w.errors)).toBe(true);
  }
}

describe('messages: what a member of an active group reads', () => {
  it('a new message arrives with its content in the push, for the query the chat page opens', async () => {
    const [owner] = people;
    const w = watcher('o_e2', 'messages', { conversationId: 'g1', seq: { $gt: 0 } });
    await tick();
    expect(w.errors).toEqual([]);
    await sendText(cloud, owner, 'g1', '今天盘点');
    await tick();
    expect(w.docs()).toEqual([
      expect.objectContaining({ conversationId: 'g1', seq: 1, text: '今天盘点', senderName: '张伟' }),
    ]);
    w.close();
  });

  it('a recall reaches open watches as the stripped document; the content is in the unreadable archive', async () => {
    const [owner] = people;
    const m = await sendText(cloud, owner, 'g1', '发错了，别看');
    const w = watcher('o_e2', 'messages', { conversationId: 'g1', seq: { $gt: 0 } });
    await tick();
    const before = w.snapshots.length;
    await ok(cloud, 'messages', owner.openid, { action: 'recall', messageId: m.id });
    await tick();
    const last = w.snapshots[w.snapshots.length - 1].docChanges[0].doc;
    expect(last).toMatchObject({ _id: m.id, recalled: true, notice: '张伟撤回了一条消息' });
    for (const f of CONTENT) expect(last).not.toHaveProperty(f);
    expect(JSON.stringify(w.snapshots.slice(before))).not.toContain('发错了');
    // A fresh watch sees the same stripped document; the archive is refused to everyone.
    const fresh = watcher('o_e3', 'messages', { conversationId: 'g1', seq: { $gt: 0 } });
    await tick();
    expect(JSON.stringify(fresh.snapshots)).not.toContain('发错了');
    const archive = watcher('o_e1', 'message_archive', { conversationId: 'g1' });
    await tick();
    expect(denied(archive.errors)).toBe(true);
    // The back office still reads it (export and history merge the archive back).
    const stored = cloud.db.tables.getById('message_archive', m.id) as { text?: string };
    expect(stored.text).toBe('发错了，别看');
    w.close();
    fresh.close();
  });

  it("an admin's removal reaches open watches without the content", async () => {
    const [owner] = people;
    const m = await sendText(cloud, owner, 'g1', '违规内容');
    const w = watcher('o_e2', 'messages', { conversationId: 'g1', seq: { $gt: 0 } });
    await tick();
    await cloud.runAs('o_e1', () => doDeleteMessage(admin, m.id));
    await tick();
    const last = w.snapshots[w.snapshots.length - 1].docChanges[0].doc;
    expect(last).toMatchObject({ _id: m.id, removed: true, notice: '该消息已被管理员删除' });
    for (const f of CONTENT) expect(last).not.toHaveProperty(f);
    w.close();
  });

  it('the member rows pushed to the 消息 tab never carry recalled text', async () => {
    const [owner] = people;
    const rows = watcher('o_e2', 'members', { employeeId: 'e2' });
    await tick();
    const m = await sendText(cloud, owner, 'g1', '撤回我');
    await tick();
    expect(rows.docs().some((d) => (d.head as { preview?: string } | undefined)?.preview === '撤回我')).toBe(
      true,
    );
    await ok(cloud, 'messages', owner.openid, { action: 'recall', messageId: m.id });
    await tick();
    const last = rows.snapshots[rows.snapshots.length - 1].docs.find((d) => d.conversationId === 'g1');
    expect(last?.head).toMatchObject({ state: 'recalled', preview: '张伟撤回了一条消息' });
    rows.close();
  });
});

describe('refused', () => {
  it('non-members: messages, the conversation and other people’s member rows', async () => {
    await sendText(cloud, people[0], 'g1', '内部消息');
    const msgs = watcher('o_e4', 'messages', { conversationId: 'g1', seq: { $gt: 0 } });
    const conv = watcher('o_e4', 'conversations', { _id: 'g1' });
    const rows = watcher('o_e4', 'members', { employeeId: 'e1' });
    await tick();
    expect(denied(msgs.errors)).toBe(true);
    expect(denied(conv.errors)).toBe(true);
    expect(denied(rows.errors)).toBe(true);
    expect(JSON.stringify([msgs.snapshots, conv.snapshots, rows.snapshots])).not.toContain('内部消息');
  });

  it('a late joiner: messages from before joining are refused, from joining on are read', async () => {
    for (let i = 1; i <= 3; i++) await sendText(cloud, people[0], 'g1', `加入前 ${i}`);
    // e4 joins at seq 3 (conversation.lastSeq then): joinedAtSeq 3.
    await ok(cloud, 'groups', people[0].openid, {
      action: 'addMembers',
      conversationId: 'g1',
      employeeIds: ['e4'],
    });
    const joined = (cloud.db.tables.getById('members', 'g1_e4') as { joinedAtSeq: number }).joinedAtSeq;
    expect(joined).toBe(3);
    for (const where of [
      { conversationId: 'g1', seq: { $gt: 0 } },
      { conversationId: 'g1', seq: { $gt: joined - 1 } },
      { conversationId: 'g1' },
    ]) {
      const w = watcher('o_e4', 'messages', where);
      await tick();
      expect(denied(w.errors)).toBe(true);
      expect(JSON.stringify(w.snapshots)).not.toContain('加入前');
    }
    const w = watcher('o_e4', 'messages', { conversationId: 'g1', seq: { $gt: joined } });
    await tick();
    expect(w.errors).toEqual([]);
    await sendText(cloud, people[0], 'g1', '加入后');
    await tick();
    expect(JSON.stringify(w.snapshots)).toContain('加入后');
    expect(JSON.stringify(w.snapshots)).not.toContain('加入前');
    w.close();
  });

  it('a watch that does not pin the conversation (all messages) is refused even for a member', async () => {
    const w = watcher('o_e2', 'messages', { seq: { $gt: 0 } });
    await tick();
    expect(denied(w.errors)).toBe(true);
  });

  it('departed staff: once the binding is gone every read is refused, open watches end', async () => {
    const open = watcher('o_e2', 'messages', { conversationId: 'g1', seq: { $gt: 0 } });
    await tick();
    // Departure removes the binding first (services/rosterOffboard.ts); groups are left after.
    await cloud.runAs('seed', async () => {
      await db().collection('bindings').doc('o_e2').remove();
    });
    await sendText(cloud, people[0], 'g1', '离职后的消息');
    await tick();
    expect(denied(open.errors)).toBe(true);
    expect(JSON.stringify(open.snapshots)).not.toContain('离职后的消息');
    await expectRefused('o_e2', [...GROUP_READS, ['members', { employeeId: 'e2' }]]);
  });

  it('a disabled group: messages and the conversation are refused, member rows lose the preview', async () => {
    await sendText(cloud, people[0], 'g1', '停用前的消息');
    const open = watcher('o_e2', 'messages', { conversationId: 'g1', seq: { $gt: 0 } });
    await tick();
    await cloud.runAs('o_e1', () => doSetGroupStatus(admin, 'g1', 'disabled'));
    await tick();
    await expectRefused('o_e2', GROUP_READS);
    const rows = watcher('o_e2', 'members', { employeeId: 'e2' });
    await tick();
    const row = rows.snapshots[0].docs.find((d) => d.conversationId === 'g1');
    expect(row).toMatchObject({ head: null, conv: { status: 'disabled' } });
    expect(JSON.stringify(rows.snapshots)).not.toContain('停用前的消息');
    // Enabled again: readable, and the rows get their preview back.
    await cloud.runAs('o_e1', () => doSetGroupStatus(admin, 'g1', 'active'));
    const again = watcher('o_e2', 'messages', { conversationId: 'g1', seq: { $gt: 0 } });
    await tick();
    expect(again.errors).toEqual([]);
    expect(JSON.stringify(again.snapshots)).toContain('停用前的消息');
    open.close();
  });

  it('a deleted group: everything is refused, even while the purge is under way', async () => {
    await sendText(cloud, people[0], 'g1', '删除前的消息');
    // The purge's first step marks it 'deleting': from then on the rules deny it.
    await cloud.runAs('seed', async () => {
      await db()
        .collection('conversations')
        .doc('g1')
        .update({ data: { status: 'deleting' } });
    });
    const during = watcher('o_e2', 'messages', { conversationId: 'g1', seq: { $gt: 0 } });
    await tick();
    expect(denied(during.errors)).toBe(true);
    await cloud.runAs('seed', async () => {
      await db()
        .collection('conversations')
        .doc('g1')
        .update({ data: { status: 'active' } });
    });
    await cloud.runAs('o_e1', () => doDeleteGroup(admin, 'g1'));
    await expectRefused('o_e2', GROUP_READS);
    const rows = watcher('o_e2', 'members', { employeeId: 'e2' });
    await tick();
    expect(rows.snapshots[0].docs).toEqual([]);
  });
});
