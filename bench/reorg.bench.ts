// A reorganisation of auto-synced department groups under CloudBase's timeouts, with
// TONGSHI_DB_LATENCY_MS=10: 500 people each move to the next of 20 stores, each store with its
// auto-synced group (25 staff + its 店长). One admin.importRoster call writes the moves and
// reconciles groups until 80% of its step budget; the same import called again continues the
// reorg job (services/orgSync.ts). Reports the steps, the requests, the slowest step against
// half the admin timeout, and checks the end state. `npm run bench -- reorg`.
import { LocalCloud } from '../localcloud/cloud';
import { buildConversation } from '../cloudfunctions/core/domain/conversation';
import { buildEmployee } from '../cloudfunctions/core/domain/employee';
import { stepBudgetMs, timeoutMs } from '../cloudfunctions/core/platform/functions';
import { newMemberDoc } from '../cloudfunctions/core/services/membership';
import { seedDocs } from '../test/functions/helpers';

const LATENCY_MS = '10';
const STORES = 20;
const STAFF = 25;

const pad = (n: number) => String(n).padStart(2, '0');
const store = (s: number) => `st${pad(s)}`;
const staffId = (s: number, i: number) => `e${pad(s)}${pad(i)}`;

async function company(cloud: LocalCloud): Promise<void> {
  const now = Date.now();
  await seedDocs(cloud, 'departments', [
    { _id: 'stores', name: '门店', parentId: null, order: 1, path: '门店', createdAt: now },
    ...Array.from({ length: STORES }, (_, s) => ({
      _id: store(s + 1),
      name: `店${pad(s + 1)}`,
      parentId: 'stores',
      order: s + 1,
      path: `门店/店${pad(s + 1)}`,
      createdAt: now,
    })),
  ]);
  const employees: object[] = [
    {
      ...buildEmployee({ id: 'admin', name: '管理员', mobile: '13800000000', openid: 'o_admin' }, now),
      isAdmin: true,
    },
  ];
  const conversations: object[] = [];
  const members: object[] = [];
  for (let s = 1; s <= STORES; s++) {
    const owner = `m${pad(s)}`;
    employees.push(
      buildEmployee(
        {
          id: owner,
          name: `店长${pad(s)}`,
          mobile: `13700${pad(s)}0000`,
          departmentIds: [store(s)],
          openid: `o_${owner}`,
        },
        now,
      ),
    );
    const gid = `g${pad(s)}`;
    members.push(newMemberDoc(gid, owner, 'owner', 1, 0, now));
    for (let i = 1; i <= STAFF; i++) {
      const id = staffId(s, i);
      employees.push(
        buildEmployee(
          {
            id,
            name: `员工${pad(s)}${pad(i)}`,
            mobile: `136${pad(s)}${pad(i)}0000`,
            employeeNo: id,
            departmentIds: [store(s)],
          },
          now,
        ),
      );
      members.push(newMemberDoc(gid, id, 'member', i + 1, 0, now, true));
    }
    conversations.push({
      ...buildConversation(
        {
          id: gid,
          type: 'group',
          name: `店${pad(s)}群`,
          ownerId: owner,
          creatorId: owner,
          memberCount: STAFF + 1,
          departmentIds: [store(s)],
        },
        now,
      ),
      joinCounter: STAFF + 1,
      autoSync: true,
    });
  }
  await seedDocs(cloud, 'employees', employees);
  await seedDocs(cloud, 'conversations', conversations);
  await seedDocs(cloud, 'members', members);
}

export default async function run(): Promise<void> {
  const cloud = new LocalCloud();
  try {
    await company(cloud);
    // Everyone moves to the next store (the last to the first).
    const rows = [];
    for (let s = 1; s <= STORES; s++)
      for (let i = 1; i <= STAFF; i++)
        rows.push({
          姓名: `员工${pad(s)}${pad(i)}`,
          手机号: `136${pad(s)}${pad(i)}0000`,
          工号: staffId(s, i),
          部门: `门店/店${pad((s % STORES) + 1)}`,
        });
    process.env.TONGSHI_DB_LATENCY_MS = LATENCY_MS;
    const steps: { ms: number; requests: number }[] = [];
    for (let left = Infinity; left > 0 && steps.length < 20;) {
      const started = Date.now();
      const { result, ops } = await cloud.call<{ remainingGroups?: number }>('admin', 'o_admin', {
        action: 'importRoster',
        rows,
      });
      steps.push({ ms: Date.now() - started, requests: ops.requests });
      if (!result.ok) throw new Error(JSON.stringify(result.error));
      left = result.data.remainingGroups ?? 0;
    }
    delete process.env.TONGSHI_DB_LATENCY_MS;
    // End state: every group holds its 店长 and exactly the 25 people who moved in.
    let wrong = 0;
    for (let s = 1; s <= STORES; s++) {
      const from = s === 1 ? STORES : s - 1;
      const want = [`m${pad(s)}`, ...Array.from({ length: STAFF }, (_, i) => staffId(from, i + 1))].sort();
      const have = cloud.db.tables
        .scan('members', { conversationId: `g${pad(s)}` })
        .docs.map((m) => (m as { employeeId: string }).employeeId)
        .sort();
      if (JSON.stringify(have) !== JSON.stringify(want)) wrong++;
    }
    const lines = cloud.db.tables
      .scan('messages', {})
      .docs.filter((m) => (m as { type: string }).type === 'system').length;
    const slowest = Math.max(...steps.map((x) => x.ms));
    const budget = stepBudgetMs('admin');
    console.log(
      '| action | steps | requests | per step | slowest step | budget (50% of timeout) | fits | system lines | groups wrong |',
    );
    console.log('|---|---|---|---|---|---|---|---|---|');
    console.log(
      `| import moving ${STORES * STAFF} people across ${STORES} auto-synced groups | ${steps.length} | ${steps.reduce((a, x) => a + x.requests, 0)} | ${steps.map((x) => x.requests).join(' / ')} | ${(slowest / 1000).toFixed(1)} s | ${budget / 1000} s of ${timeoutMs('admin') / 1000} s | ${slowest <= budget ? 'yes' : 'NO'} | ${lines} | ${wrong} |`,
    );
  } finally {
    delete process.env.TONGSHI_DB_LATENCY_MS;
    cloud.close();
  }
}
