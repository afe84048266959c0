// Long work under CloudBase's timeouts, with TONGSHI_DB_LATENCY_MS=10 (10 ms per database or
// storage request): an import of 10,000 rows with 100 departures (each leaver in 5 groups),
// deleting a group of 300,000 messages with 1,000 files, exporting 300,000 messages. Each goes
// through steps (calls) under the function's real timeout until it says it is done; the table
// shows the steps, requests, the slowest step and whether it stayed under 50% of the timeout
// (core/platform/functions.ts stepBudgetMs). `npm run bench -- crash`. The data is written
// straight into the engine (no latency); only the measured calls pay the latency.
import { LocalCloud } from '../localcloud/cloud';
import { buildConversation } from '../cloudfunctions/core/domain/conversation';
import { buildEmployee } from '../cloudfunctions/core/domain/employee';
import { chatFilePath } from '../cloudfunctions/core/domain/files';
import { stepBudgetMs, timeoutMs, type DeployedFunction } from '../cloudfunctions/core/platform/functions';
import { newMemberDoc } from '../cloudfunctions/core/services/membership';

const LATENCY_MS = '10';
const MESSAGES = 300_000;
const FILES = 1_000;
const ROWS = 10_000;
const LEAVERS = 100;
const GROUPS_EACH = 5;

type Doc = Record<string, unknown> & { _id: string };

function bulk(cloud: LocalCloud, collection: string, docs: Doc[]): void {
  cloud.db.tables.transaction(() => {
    for (const d of docs) cloud.db.tables.insert(collection, d);
  });
}

const person = (i: number, now: number, extra: Partial<Doc> = {}): Doc =>
  ({
    ...buildEmployee(
      {
        id: `e${String(i).padStart(5, '0')}`,
        name: `员工${i}`,
        mobile: `137${String(i).padStart(8, '0')}`,
        employeeNo: `N${i}`,
        position: '店员',
        departmentIds: ['d1'],
        openid: `o_e${i}`,
      },
      now,
    ),
    ...extra,
  }) as unknown as Doc;

/** The admin (e00000) and `n` more staff in one department. */
function staff(cloud: LocalCloud, n: number, now: number): void {
  bulk(cloud, 'departments', [
    { _id: 'd1', name: '门店', parentId: null, order: 1, path: '门店', createdAt: now },
  ]);
  const docs = Array.from({ length: n + 1 }, (_, i) => person(i, now, i === 0 ? { isAdmin: true } : {}));
  bulk(cloud, 'employees', docs);
  bulk(
    cloud,
    'bindings',
    docs.map((d) => ({ _id: d.openid as string, employeeId: d._id, boundAt: now, via: 'invite' })),
  );
}

/** A group owned by the admin with these members (joinSeq in order). */
function group(cloud: LocalCloud, id: string, memberIds: string[], now: number, lastSeq = 0): void {
  bulk(cloud, 'conversations', [
    {
      ...(buildConversation(
        {
          id,
          type: 'group',
          name: `群${id}`,
          ownerId: 'e00000',
          creatorId: 'e00000',
          memberCount: memberIds.length,
        },
        now,
      ) as unknown as Doc),
      lastSeq,
    },
  ]);
  bulk(
    cloud,
    'members',
    memberIds.map(
      (e, i) => newMemberDoc(id, e, i === 0 ? 'owner' : 'member', i + 1, 0, now) as unknown as Doc,
    ),
  );
}

/** 300,000 messages in one group, 1,000 of them files stored under the group's folder. */
function hugeGroup(cloud: LocalCloud, now: number): string {
  const id = 'huge';
  group(cloud, id, ['e00000', 'e00001', 'e00002'], now, MESSAGES);
  const every = Math.floor(MESSAGES / FILES);
  for (let start = 0; start < MESSAGES; start += 20_000) {
    const docs: Doc[] = [];
    for (let seq = start + 1; seq <= Math.min(start + 20_000, MESSAGES); seq++) {
      const sender = `e0000${seq % 3}`;
      const base = {
        _id: `m${seq}`,
        conversationId: id,
        seq,
        senderId: sender,
        senderName: `员工${seq % 3}`,
      };
      if (seq % every === 0) {
        const fileId = cloud.storage.upload(
          chatFilePath(id, sender, `f${seq}.pdf`),
          Buffer.from(`file ${seq}`),
        );
        docs.push({
          ...base,
          type: 'file',
          fileId,
          fileName: `f${seq}.pdf`,
          fileSize: 8,
          clientMsgId: null,
          createdAt: now - (MESSAGES - seq) * 1000,
        });
      } else
        docs.push({
          ...base,
          type: 'text',
          text: `第${seq}条消息：今天的工作安排已经发到群里`,
          clientMsgId: null,
          createdAt: now - (MESSAGES - seq) * 1000,
        });
    }
    bulk(cloud, 'messages', docs);
  }
  return id;
}

interface Step {
  ms: number;
  requests: number;
}

/** Calls until `more` says done (at most 40 steps); each call under its function's real timeout. */
async function steps<T>(
  cloud: LocalCloud,
  fn: DeployedFunction,
  data: object,
  more: (result: T) => boolean,
): Promise<{ steps: Step[]; last: T }> {
  const out: Step[] = [];
  for (;;) {
    const started = Date.now();
    const { result, ops } = await cloud.call<T>(fn, 'o_e0', data);
    out.push({ ms: Date.now() - started, requests: ops.requests });
    if (!result.ok) throw new Error(`${fn}: ${JSON.stringify(result.error)}`);
    if (!more(result.data) || out.length >= 40) return { steps: out, last: result.data };
  }
}

function row(name: string, fn: DeployedFunction, s: Step[], left: string): string {
  const slowest = Math.max(...s.map((x) => x.ms));
  const budget = stepBudgetMs(fn);
  return `| ${name} | ${s.length} | ${s.reduce((a, x) => a + x.requests, 0).toLocaleString('en')} | ${(slowest / 1000).toFixed(1)} s | ${budget / 1000} s of ${timeoutMs(fn) / 1000} s | ${slowest <= budget ? 'yes' : 'NO'} | ${left} |`;
}

async function importWithLeavers(): Promise<string> {
  const cloud = new LocalCloud();
  try {
    const now = Date.now();
    staff(cloud, ROWS, now);
    // Leavers e00001…e00100; each in 5 of 100 groups (group g holds leavers 5g+1…5g+5 shifted), with two stayers.
    for (let g = 0; g < LEAVERS; g++) {
      const leavers = Array.from(
        { length: GROUPS_EACH },
        (_, k) => `e${String(((g + k * 20) % LEAVERS) + 1).padStart(5, '0')}`,
      );
      group(cloud, `g${g}`, ['e00000', 'e09999', ...leavers], now);
    }
    const rows = Array.from({ length: ROWS }, (_, k) => {
      const i = k + 1;
      return {
        姓名: `员工${i}`,
        手机号: `137${String(i).padStart(8, '0')}`,
        部门: '门店',
        职位: '店员',
        工号: `N${i}`,
        ...(i <= LEAVERS ? { 状态: '离职' } : {}),
      };
    });
    process.env.TONGSHI_DB_LATENCY_MS = LATENCY_MS;
    const run = await steps<{ remainingDepartures?: number; departed: number }>(
      cloud,
      'admin',
      { action: 'importRoster', rows },
      (r) => !!r.remainingDepartures,
    );
    delete process.env.TONGSHI_DB_LATENCY_MS;
    const stillIn = cloud.db.tables
      .scan('members', {})
      .docs.filter(
        (m) => Number(String(m.employeeId).slice(1)) <= LEAVERS && m.employeeId !== 'e00000',
      ).length;
    return row(
      `import ${ROWS.toLocaleString('en')} rows, ${LEAVERS} leavers × ${GROUPS_EACH} groups (departed ${run.last.departed})`,
      'admin',
      run.steps,
      `${stillIn} memberships`,
    );
  } finally {
    delete process.env.TONGSHI_DB_LATENCY_MS;
    cloud.close();
  }
}

/** The 300,000-message group, then `action` on it in steps until `more` says done. */
async function onHugeGroup<T>(
  action: 'deleteGroup' | 'exportHistory',
  more: (r: T) => boolean,
  describe: (r: T, cloud: LocalCloud, id: string) => { name: string; left: string },
): Promise<string> {
  const cloud = new LocalCloud();
  try {
    const now = Date.now();
    staff(cloud, 3, now);
    const id = hugeGroup(cloud, now);
    process.env.TONGSHI_DB_LATENCY_MS = LATENCY_MS;
    const run = await steps<T>(cloud, 'admin', { action, conversationId: id }, more);
    delete process.env.TONGSHI_DB_LATENCY_MS;
    const { name, left } = describe(run.last, cloud, id);
    return row(name, 'admin', run.steps, left);
  } finally {
    delete process.env.TONGSHI_DB_LATENCY_MS;
    cloud.close();
  }
}

const deleteHugeGroup = () =>
  onHugeGroup<{ remainingMessages?: number }>(
    'deleteGroup',
    (r) => !!r.remainingMessages,
    (_r, cloud, id) => ({
      name: `deleteGroup, ${MESSAGES.toLocaleString('en')} messages, ${FILES.toLocaleString('en')} files`,
      left: `${cloud.db.tables.scan('messages', { conversationId: id }).docs.length} messages, ${cloud.storage.list().length} files`,
    }),
  );

const exportHuge = () =>
  onHugeGroup<{ remainingRows?: number; rows: number }>(
    'exportHistory',
    (r) => !!r.remainingRows,
    (r) => ({
      name: `exportHistory, ${MESSAGES.toLocaleString('en')} messages (${r.rows.toLocaleString('en')} rows)`,
      left: '—',
    }),
  );

export default async function run(): Promise<void> {
  const only = process.env.LONGWORK;
  const lines: string[] = [];
  if (!only || only === 'import') lines.push(await importWithLeavers());
  if (!only || only === 'delete') lines.push(await deleteHugeGroup());
  if (!only || only === 'export') lines.push(await exportHuge());
  console.log('| work | steps | requests | slowest step | budget (50% of timeout) | fits | left behind |');
  console.log('|---|---|---|---|---|---|---|');
  for (const l of lines) console.log(l);
}
