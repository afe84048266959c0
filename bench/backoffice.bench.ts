// Back office at scale: exporting a group's history of 10,000 and 100,000 messages (wall time,
// database reads/requests of the one call, rows, XLSX size), and the other admin actions on the
// same big group (the table row with its message count, stats, deleting the whole group).
// Messages are written straight into the engine inside one SQLite transaction: sending 100,000
// through messages.send would measure the send path, not the export.
import { LocalCloud } from '../localcloud/cloud';
import type { OpCounts } from '../localcloud/context';
import { buildEmployee } from '../cloudfunctions/core/domain/employee';
import { nameKeysOf } from '../cloudfunctions/core/domain/nameKeys';
import { rebuildTreeSnapshot } from '../cloudfunctions/core/store/departmentTree';
import type { FunctionName } from '../typings/api';

const SIZES = (process.env.BENCH_EXPORT_SIZES ?? '10000,100000').split(',').map(Number);
const PEOPLE = 50;
const ADMIN = 'o_bench_admin';

interface Row {
  label: string;
  ms: number;
  ops: OpCounts;
  note: string;
}

async function call<T>(
  cloud: LocalCloud,
  fn: FunctionName,
  openid: string,
  data: object,
): Promise<{ data: T; ops: OpCounts; ms: number }> {
  const started = process.hrtime.bigint();
  const { result, ops } = await cloud.call<T>(fn, openid, data);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (!result.ok) throw new Error(`${(data as { action: string }).action}: ${JSON.stringify(result.error)}`);
  return { data: result.data, ops, ms };
}

/** A group of 50 people with `n` messages: mostly text, some images and files, a few recalled/removed. */
function seedGroup(cloud: LocalCloud, n: number): string {
  const now = Date.now() - n * 1000;
  const t = cloud.db.tables;
  const conversationId = `big${n}`;
  t.transaction(() => {
    for (let d = 0; d < 5; d++)
      t.put('departments', {
        _id: `d${d}`,
        name: `${d + 1}店`,
        parentId: null,
        order: d,
        path: `门店/${d + 1}店`,
        createdAt: now,
      });
    for (let i = 0; i < PEOPLE; i++) {
      const e = buildEmployee(
        {
          id: `e${i}`,
          name: `员工${i}`,
          mobile: `139${String(i).padStart(8, '0')}`,
          departmentIds: [`d${i % 5}`],
        },
        now,
      );
      t.put('employees', { ...e });
      t.put('members', {
        _id: `${conversationId}_e${i}`,
        conversationId,
        employeeId: `e${i}`,
        role: i === 0 ? 'owner' : 'member',
        joinSeq: i + 1,
        joinedAt: now,
        joinedAtSeq: 0,
        lastReadSeq: 0,
      });
    }
    for (let seq = 1; seq <= n; seq++) {
      const senderId = `e${seq % PEOPLE}`;
      const base = {
        _id: `${conversationId}_m${seq}`,
        conversationId,
        seq,
        senderId,
        clientMsgId: `c${seq}`,
        createdAt: now + seq * 1000,
      };
      let doc: Record<string, unknown>;
      if (seq % 20 === 0)
        doc = {
          ...base,
          type: 'image',
          fileId: `cloud://local.tongshi-local/chat/${conversationId}/${seq}.jpg`,
          fileName: '图片',
          fileSize: 1000,
        };
      else if (seq % 25 === 0)
        doc = {
          ...base,
          type: 'file',
          fileId: `cloud://local.tongshi-local/chat/${conversationId}/${seq}.pdf`,
          fileName: `报价单${seq}.pdf`,
          fileSize: 5000,
        };
      else doc = { ...base, type: 'text', text: `第${seq}条消息：今天门店盘点，请各位按时提交报表。` };
      if (seq % 97 === 0) doc.recalled = true;
      if (seq % 113 === 0) doc = { ...base, type: 'text', removed: true, removedAt: now, removedBy: 'admin' };
      t.put('messages', doc);
    }
    t.put('conversations', {
      _id: conversationId,
      type: 'group',
      name: `万人消息群${n}`,
      nameKeys: nameKeysOf(`万人消息群${n}`),
      ownerId: 'e0',
      adminIds: [],
      announcement: '',
      muteAll: false,
      allowMemberInvite: false,
      memberCount: PEOPLE,
      departmentIds: [],
      status: 'active',
      lastSeq: n,
      // People's messages only (the seed has no system lines): kept by every send (timeline.ts).
      sentCount: n,
      lastMessage: null,
      mentionAllSeq: 0,
      mentionSeqs: {},
      joinCounter: PEOPLE + 1,
      directKey: null,
      creatorId: 'e0',
      createdAt: now,
      updatedAt: now,
    });
  });
  return conversationId;
}

export default async function backofficeBench(): Promise<void> {
  const rows: Row[] = [];
  for (const n of SIZES) {
    const cloud = new LocalCloud();
    try {
      await cloud.invoke('admin', ADMIN, {
        action: 'bootstrap',
        name: '管理员',
        mobile: '13800000000',
        setupToken: process.env.TONGSHI_SETUP_TOKEN ?? 'local-setup',
      });
      const seedStart = Date.now();
      const g = seedGroup(cloud, n);
      // The address book's tree as a deployed company has it (writers store it after every
      // change; the seed wrote departments straight into the engine): not any measured call's.
      await cloud.runAs('seed', rebuildTreeSnapshot);
      const seeded = Date.now() - seedStart;
      const label = n.toLocaleString('en-US');

      const exp = await call<{ fileId: string; rows: number }>(cloud, 'admin', ADMIN, {
        action: 'exportHistory',
        conversationId: g,
      });
      const bytes = cloud.storage.read(exp.data.fileId)?.length ?? 0;
      rows.push({
        label: `exportHistory, ${label} messages`,
        ms: exp.ms,
        ops: exp.ops,
        note: `${exp.data.rows} rows, ${(bytes / 1024 / 1024).toFixed(1)} MB xlsx (seeded in ${seeded} ms)`,
      });

      const half = Date.now() - (n / 2) * 1000;
      const ranged = await call<{ rows: number }>(cloud, 'admin', ADMIN, {
        action: 'exportHistory',
        conversationId: g,
        from: half,
      });
      rows.push({
        label: `exportHistory, last half of ${label}`,
        ms: ranged.ms,
        ops: ranged.ops,
        note: `${ranged.data.rows} rows`,
      });

      const table = await call(cloud, 'admin', ADMIN, { action: 'groups' });
      rows.push({
        label: `groups (table row counts ${label})`,
        ms: table.ms,
        ops: table.ops,
        note: 'message count kept on the conversation (sentCount)',
      });
      // Keywords: one equality on the multikey nameKeys index (domain/nameKeys.ts).
      const byName = await call(cloud, 'admin', ADMIN, { action: 'groups', keyword: '消息群' });
      rows.push({ label: `groups keyword (${label})`, ms: byName.ms, ops: byName.ops, note: '' });
      const people = await call(cloud, 'admin', ADMIN, { action: 'roster', keyword: '员工1' });
      rows.push({ label: `roster keyword (${label})`, ms: people.ms, ops: people.ops, note: '' });
      const stats = await call(cloud, 'admin', ADMIN, { action: 'stats' });
      rows.push({ label: `stats (${label} messages stored)`, ms: stats.ms, ops: stats.ops, note: '' });
      const recent = await call(cloud, 'admin', ADMIN, { action: 'groupMessages', conversationId: g });
      rows.push({ label: `groupMessages page of 20 (${label})`, ms: recent.ms, ops: recent.ops, note: '' });
      const removal = await call(cloud, 'admin', ADMIN, {
        action: 'deleteMessage',
        messageId: `${g}_m${n - 1}`,
      });
      rows.push({ label: `deleteMessage (${label})`, ms: removal.ms, ops: removal.ops, note: '' });
      const del = await call<{ messages: number; files: number }>(cloud, 'admin', ADMIN, {
        action: 'deleteGroup',
        conversationId: g,
      });
      rows.push({
        label: `deleteGroup, ${label} messages`,
        ms: del.ms,
        ops: del.ops,
        note: `${del.data.messages} messages removed; stored files deleted in batches of 50`,
      });
    } finally {
      cloud.close();
    }
  }
  console.log('| action | wall ms | db reads | db writes | db requests | note |');
  console.log('|---|---:|---:|---:|---:|---|');
  for (const r of rows)
    console.log(
      `| ${r.label} | ${Math.round(r.ms)} | ${r.ops.reads} | ${r.ops.writes} | ${r.ops.requests} | ${r.note} |`,
    );
  console.log(
    '\nA CloudBase function runs 3 s by default and at most 60 s once its timeout is raised: the `admin` function needs the raised timeout for large exports.',
  );
}
