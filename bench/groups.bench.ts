// Database requests per groups action (the unit CloudBase bills), median of several runs, on a
// company with a 999-person department: creating a 1,000-member group must be a small constant
// number of batched writes, and membership actions must not grow with the group size.
import { LocalCloud } from '../localcloud/cloud';
import type { OpCounts } from '../localcloud/context';
import { buildEmployee } from '../cloudfunctions/core/domain/employee';
import { db } from '../cloudfunctions/core/platform/cloud';
import type { FunctionName } from '../typings/api';
import { median } from './stats';

const RUNS = 5;
const o = (id: string) => `o_${id}`;

async function seed(cloud: LocalCloud): Promise<void> {
  const now = Date.now();
  const departments = [
    { _id: 'big', name: '大店', parentId: null, order: 1, path: '大店', createdAt: now },
    { _id: 'hq', name: '总部', parentId: null, order: 2, path: '总部', createdAt: now },
  ];
  const staff = Array.from({ length: 999 }, (_, i) => ({
    id: `s${String(i + 1).padStart(4, '0')}`,
    dept: 'big',
  }));
  const office = Array.from({ length: 30 }, (_, i) => ({
    id: `h${String(i + 1).padStart(2, '0')}`,
    dept: 'hq',
  }));
  const employees = [...staff, ...office].map((p, i) =>
    buildEmployee(
      {
        id: p.id,
        name: `员工${i + 1}`,
        mobile: `139${String(i).padStart(8, '0')}`,
        departmentIds: [p.dept],
        openid: o(p.id),
      },
      now,
    ),
  );
  await cloud.runAs('seed', async () => {
    await db()
      .collection('departments')
      .add({ data: departments as unknown as Record<string, unknown> });
    for (let i = 0; i < employees.length; i += 500)
      await db()
        .collection('employees')
        .add({ data: employees.slice(i, i + 500) as unknown as Record<string, unknown> });
  });
}

async function call<T>(
  cloud: LocalCloud,
  fn: FunctionName,
  who: string,
  data: object,
): Promise<{ data: T; ops: OpCounts }> {
  const { result, ops } = await cloud.call<T>(fn, o(who), data);
  if (!result.ok) throw new Error(`${(data as { action: string }).action}: ${JSON.stringify(result.error)}`);
  return { data: result.data, ops };
}

export default async function groupsBench(): Promise<void> {
  const samples = new Map<string, OpCounts[]>();
  const note = (label: string, ops: OpCounts) => samples.set(label, [...(samples.get(label) ?? []), ops]);
  const cloud = new LocalCloud();
  try {
    await seed(cloud);
    for (let run = 0; run < RUNS; run++) {
      // h01 creates from the 999-person department: 1,000 members.
      const full = await call<{ conversation: { id: string } }>(cloud, 'groups', 'h01', {
        action: 'create',
        departmentIds: ['big'],
      });
      note('create (1,000 members, from a department)', full.ops);
      const fid = full.data.conversation.id;
      note(
        'detail (1,000-member group)',
        (await call(cloud, 'groups', 's0001', { action: 'detail', conversationId: fid })).ops,
      );
      note(
        'members page of 20',
        (await call(cloud, 'groups', 's0001', { action: 'members', conversationId: fid })).ops,
      );
      note(
        'removeMembers 1 (1,000-member group)',
        (
          await call(cloud, 'groups', 'h01', {
            action: 'removeMembers',
            conversationId: fid,
            employeeIds: ['s0500'],
          })
        ).ops,
      );
      note(
        'addMembers 1 (999-member group)',
        (
          await call(cloud, 'groups', 'h01', {
            action: 'addMembers',
            conversationId: fid,
            employeeIds: ['s0500'],
          })
        ).ops,
      );
      note(
        'leave, plain member (1,000)',
        (await call(cloud, 'groups', 's0002', { action: 'leave', conversationId: fid })).ops,
      );
      note(
        'setAdmins 3',
        (
          await call(cloud, 'groups', 'h01', {
            action: 'setAdmins',
            conversationId: fid,
            employeeIds: ['s0003', 's0004', 's0005'],
          })
        ).ops,
      );
      note(
        'update name + announcement',
        (
          await call(cloud, 'groups', 'h01', {
            action: 'update',
            conversationId: fid,
            name: '大店全员',
            announcement: '周五盘点',
          })
        ).ops,
      );
      note(
        'transferOwner',
        (
          await call(cloud, 'groups', 'h01', {
            action: 'transferOwner',
            conversationId: fid,
            employeeId: 's0010',
          })
        ).ops,
      );
      note(
        'leave, owner → handover to earliest (999)',
        (await call(cloud, 'groups', 's0010', { action: 'leave', conversationId: fid })).ops,
      );
      note(
        'syncDepartments (2 newcomers back in)',
        (await call(cloud, 'groups', 'h01', { action: 'syncDepartments', conversationId: fid })).ops,
      );
      note(
        'dissolve (998)',
        (await call(cloud, 'groups', 'h01', { action: 'dissolve', conversationId: fid })).ops,
      );

      const small = await call<{ conversation: { id: string } }>(cloud, 'groups', 'h01', {
        action: 'create',
        employeeIds: ['h02', 'h03'],
      });
      note('create (3 members, picked)', small.ops);
      const tenPeople = Array.from({ length: 10 }, (_, i) => `h${String(i + 11 + run).padStart(2, '0')}`);
      note(
        'addMembers 10',
        (
          await call(cloud, 'groups', 'h01', {
            action: 'addMembers',
            conversationId: small.data.conversation.id,
            employeeIds: tenPeople,
          })
        ).ops,
      );
      const pair = await call<{ conversation: { id: string } }>(cloud, 'groups', 'h01', {
        action: 'create',
        employeeIds: ['s0001'],
      });
      note(
        'addMembers by department (+998 → 1,000)',
        (
          await call(cloud, 'groups', 'h01', {
            action: 'addMembers',
            conversationId: pair.data.conversation.id,
            departmentIds: ['big'],
          })
        ).ops,
      );
      note(
        'openDirect (new)',
        (
          await call(cloud, 'groups', 'h02', {
            action: 'openDirect',
            employeeId: `s${String(100 + run).padStart(4, '0')}`,
          })
        ).ops,
      );
      note(
        'openDirect (existing)',
        (
          await call(cloud, 'groups', 'h02', {
            action: 'openDirect',
            employeeId: `s${String(100 + run).padStart(4, '0')}`,
          })
        ).ops,
      );
    }
  } finally {
    cloud.close();
  }
  const rows = [...samples].map(([label, list]) => ({
    action: label,
    requests: median(list.map((x) => x.requests)),
    reads: median(list.map((x) => x.reads)),
    writes: median(list.map((x) => x.writes)),
    transactions: median(list.map((x) => x.transactions)),
  }));
  console.log(`\ngroups — database requests per call (median of ${RUNS} runs)`);
  console.table(rows);
}

if (require.main === module) void groupsBench();
