// Long work under CloudBase's timeouts, with TONGSHI_DB_LATENCY_MS=10 (10 ms per database or
// storage request, the order of a real round trip): does each action fit in half its function's
// timeout (core/platform/functions.ts stepBudgetMs)? `npm run bench -- crash`. The data is
// written straight into the engine (no latency); only the measured call pays the latency.
import { LocalCloud } from '../localcloud/cloud';
import { buildConversation } from '../cloudfunctions/core/domain/conversation';
import { buildEmployee } from '../cloudfunctions/core/domain/employee';
import { stepBudgetMs, timeoutMs } from '../cloudfunctions/core/platform/functions';
import { newMemberDoc } from '../cloudfunctions/core/services/membership';
import { seedDocs } from '../test/functions/helpers';

const LATENCY_MS = '10';
const GROUPS = 300;

/** An admin, the person leaving, and 3 colleagues; the leaver owns every group they are in. */
async function company(cloud: LocalCloud): Promise<void> {
  const now = Date.now();
  const ids = ['admin', 'leaver', 'c1', 'c2', 'c3'];
  await seedDocs(cloud, 'departments', [
    { _id: 'hq', name: '总部', parentId: null, order: 1, path: '总部', createdAt: now },
  ]);
  await seedDocs(
    cloud,
    'employees',
    ids.map((id, i) => ({
      ...buildEmployee(
        {
          id,
          name: `员工${i}`,
          mobile: `139${String(i).padStart(8, '0')}`,
          departmentIds: ['hq'],
          openid: `o_${id}`,
        },
        now,
      ),
      isAdmin: id === 'admin',
    })),
  );
  const conversations: object[] = [];
  const members: object[] = [];
  for (let g = 0; g < GROUPS; g++) {
    const id = `g${String(g).padStart(4, '0')}`;
    conversations.push(
      buildConversation(
        { id, type: 'group', name: `群${g}`, ownerId: 'leaver', creatorId: 'leaver', memberCount: 4 },
        now,
      ),
    );
    ['leaver', 'c1', 'c2', 'c3'].forEach((e, i) =>
      members.push(newMemberDoc(id, e, i === 0 ? 'owner' : 'member', i + 1, 0, now)),
    );
  }
  await seedDocs(cloud, 'conversations', conversations);
  await seedDocs(cloud, 'members', members);
}

export default async function run(): Promise<void> {
  const cloud = new LocalCloud();
  try {
    await company(cloud);
    process.env.TONGSHI_DB_LATENCY_MS = LATENCY_MS;
    // Each step is one admin.offboard call under the real timeout; the next call continues.
    const steps: { ms: number; requests: number }[] = [];
    for (let left = Infinity; left > 0 && steps.length < 20;) {
      const started = Date.now();
      const { result, ops } = await cloud.call<{ remainingGroups?: number }>('admin', 'o_admin', {
        action: 'offboard',
        employeeId: 'leaver',
      });
      steps.push({ ms: Date.now() - started, requests: ops.requests });
      if (!result.ok) throw new Error(JSON.stringify(result.error));
      left = result.data.remainingGroups ?? 0;
    }
    const stillIn = cloud.db.tables.scan('members', { employeeId: 'leaver' }).docs.length;
    const slowest = Math.max(...steps.map((x) => x.ms));
    const budget = stepBudgetMs('admin');
    console.log(
      '| action | steps | requests | slowest step | budget (50% of timeout) | fits | left behind |',
    );
    console.log('|---|---|---|---|---|---|---|');
    console.log(
      `| offboard, ${GROUPS} owned groups | ${steps.length} | ${steps.reduce((a, x) => a + x.requests, 0)} | ${(slowest / 1000).toFixed(1)} s | ${budget / 1000} s of ${timeoutMs('admin') / 1000} s | ${slowest <= budget ? 'yes' : 'NO'} | ${stillIn} memberships |`,
    );
  } finally {
    delete process.env.TONGSHI_DB_LATENCY_MS;
    cloud.close();
  }
}
