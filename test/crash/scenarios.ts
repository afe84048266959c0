// The multi-step actions the crash test interrupts, each on a small company: who calls what, and
// what must be true once a retry of the same call has answered.
import type { LocalCloud } from '../../localcloud/cloud';
import type { DeployedFunction } from '../../cloudfunctions/core/platform/functions';
import type {
  ConversationDoc,
  EmployeeDoc,
  MemberDoc,
  MessageDoc,
} from '../../cloudfunctions/core/store/documents';
import { db } from '../../cloudfunctions/core/platform/cloud';
import { ok, sendFile, sendText, type Person } from '../functions/helpers';
import { openidOf, seedCompany } from '../functions/groups-fixture';

export interface Company {
  cloud: LocalCloud;
  /** 项目群: 张伟 (owner) with 技术部 linked (李娜, 王强, 杨帆) and 赵敏 picked; a text and a file. */
  g1: string;
  /** 一组群: 陈静 (owner), 刘洋, 赵敏, 李娜 in that join order; one text. */
  g2: string;
}

const person = (id: string, name = id): Person => ({ id, openid: openidOf(id), name });

export async function buildCompany(cloud: LocalCloud): Promise<Company> {
  await seedCompany(cloud);
  await cloud.runAs('seed', async () => {
    await db()
      .collection('employees')
      .doc('zhang')
      .update({ data: { isAdmin: true } });
  });
  const create = (owner: string, params: object) =>
    ok<{ conversation: { id: string } }>(cloud, 'groups', openidOf(owner), { action: 'create', ...params });
  const g1 = (await create('zhang', { name: '项目群', departmentIds: ['tech'], employeeIds: ['zhao'] }))
    .conversation.id;
  const g2 = (await create('chen', { name: '一组群', employeeIds: ['liu', 'zhao', 'li'] })).conversation.id;
  await sendText(cloud, person('li'), g1, '大家好');
  await sendFile(cloud, person('wang'), g1, 'file', '方案.pdf');
  await sendText(cloud, person('liu'), g2, '收到');
  // The address book's tree snapshot exists before any kill (store/departmentTree.ts).
  await ok(cloud, 'directory', openidOf('li'), { action: 'departments' });
  return { cloud, g1, g2 };
}

const docs = <T>(cloud: LocalCloud, collection: string): T[] =>
  cloud.db.tables.scan(collection, {}).docs as unknown as T[];
const membersOf = (cloud: LocalCloud, conversationId: string) =>
  docs<MemberDoc>(cloud, 'members')
    .filter((m) => m.conversationId === conversationId)
    .map((m) => m.employeeId)
    .sort();
const conversation = (cloud: LocalCloud, id: string) =>
  docs<ConversationDoc>(cloud, 'conversations').find((c) => c._id === id);
const employee = (cloud: LocalCloud, id: string) =>
  docs<EmployeeDoc>(cloud, 'employees').find((e) => e._id === id);

/** g1's text and file (recalled the old way by the scenario) have their content in the archive. */
const archivedContent = (cloud: LocalCloud, g1: string): string | null => {
  const archive = docs<{ conversationId: string; text?: string; fileName?: string }>(
    cloud,
    'message_archive',
  );
  const held = archive
    .filter((a) => a.conversationId === g1)
    .map((a) => a.text ?? a.fileName)
    .sort();
  return expectEqual('archived content of 项目群', held.join(','), ['大家好', '方案.pdf'].sort().join(','));
};

export interface Scenario {
  name: string;
  /** Changes to the company the action needs (done before the action, never interrupted). */
  prepare?(c: Company): Promise<void>;
  call(c: Company): { fn: DeployedFunction; openid: string; data: Record<string, unknown> };
  /** What must hold once the retried call has answered (a description of what is wrong, or null). */
  done(c: Company): string | null;
  /**
   * What the repair run must have finished, besides the invariants, given whatever the killed
   * call had written (a description of what is wrong, or null).
   */
  afterRepair?(c: Company): string | null;
}

/**
 * Every auto-synced group holds exactly its owner, the people picked by hand and the active
 * people of its departments as the employee documents now say (whatever part of the change the
 * killed call had written: the repair finishes the groups, not the call's own writes).
 */
const groupsFollowTheirDepartments = ({ cloud, g1 }: Company): string | null => {
  const inDepartments = (ids: string[]) =>
    docs<EmployeeDoc>(cloud, 'employees')
      .filter((e) => e.status === 'active' && e.departmentIds.some((d) => ids.includes(d)))
      .map((e) => e._id);
  const expected = (extra: string[], ids: string[]) => [...new Set([...extra, ...inDepartments(ids)])].sort();
  return (
    expectEqual('项目群 members', membersOf(cloud, g1), expected(['zhang', 'zhao'], ['tech'])) ??
    expectEqual('销售群 members', membersOf(cloud, salesGroup(cloud)), expected(['zhang'], ['sales', 's1']))
  );
};

const expectEqual = (what: string, actual: unknown, expected: unknown): string | null =>
  JSON.stringify(actual) === JSON.stringify(expected)
    ? null
    : `${what}: ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`;

const messagesOf = (cloud: LocalCloud, conversationId: string) =>
  docs<MessageDoc>(cloud, 'messages').filter((m) => m.conversationId === conversationId);

/** A send retried with the same clientMsgId: exactly one message, numbered, read by its sender. */
const sentOnce =
  (conversationId: string, senderId: string, clientMsgId: string) =>
  ({ cloud }: Company): string | null => {
    const mine = messagesOf(cloud, conversationId).filter((m) => m.clientMsgId === clientMsgId);
    if (mine.length !== 1) return `${mine.length} messages with clientMsgId ${clientMsgId}`;
    const member = docs<MemberDoc>(cloud, 'members').find(
      (m) => m.conversationId === conversationId && m.employeeId === senderId,
    );
    return (
      expectEqual('numbered', mine[0].seq > 0, true) ??
      expectEqual('sender read marker', (member?.lastReadSeq ?? 0) >= mine[0].seq, true)
    );
  };

/**
 * 项目群 follows 技术部 by itself, and 张伟 makes 销售群, auto-synced with 销售部 (and so 一组):
 * 张伟 (owner), 赵敏, 陈静, 刘洋.
 */
async function autoSyncedGroups(c: Company): Promise<void> {
  await ok(c.cloud, 'groups', openidOf('zhang'), { action: 'update', conversationId: c.g1, autoSync: true });
  await ok(c.cloud, 'groups', openidOf('zhang'), {
    action: 'create',
    name: '销售群',
    departmentIds: ['sales'],
    autoSync: true,
  });
}
const salesGroup = (cloud: LocalCloud) =>
  docs<ConversationDoc>(cloud, 'conversations').find((c) => c.name === '销售群')?._id ?? '';

export const SCENARIOS: Scenario[] = [
  {
    name: 'messages.send',
    call: ({ g1 }) => ({
      fn: 'messages',
      openid: openidOf('li'),
      data: { action: 'send', conversationId: g1, clientMsgId: 'c-send-1', type: 'text', text: '收到' },
    }),
    done: ({ cloud, g1 }) => sentOnce(g1, 'li', 'c-send-1')({ cloud } as Company),
  },
  {
    name: 'messages.send (@all by the owner)',
    call: ({ g1 }) => ({
      fn: 'messages',
      openid: openidOf('zhang'),
      data: {
        action: 'send',
        conversationId: g1,
        clientMsgId: 'c-send-all',
        type: 'text',
        text: '全体开会',
        mentions: 'all',
      },
    }),
    done: ({ cloud, g1 }) =>
      sentOnce(g1, 'zhang', 'c-send-all')({ cloud } as Company) ??
      expectEqual(
        'mentionAllSeq',
        conversation(cloud, g1)?.mentionAllSeq,
        messagesOf(cloud, g1).find((m) => m.clientMsgId === 'c-send-all')?.seq,
      ),
  },
  {
    name: 'groups.create',
    call: () => ({
      fn: 'groups',
      openid: openidOf('zhang'),
      data: {
        action: 'create',
        name: '新群',
        departmentIds: ['s1'],
        employeeIds: ['li'],
        requestId: 'r-create-1',
      },
    }),
    done: ({ cloud }) => {
      const made = docs<ConversationDoc>(cloud, 'conversations').filter((c) => c.name === '新群');
      if (made.length !== 1) return `${made.length} groups named 新群`;
      return (
        expectEqual('status', made[0].status, 'active') ??
        expectEqual('members', membersOf(cloud, made[0]._id), ['chen', 'li', 'liu', 'zhang'])
      );
    },
  },
  {
    name: 'groups.addMembers',
    call: ({ g1 }) => ({
      fn: 'groups',
      openid: openidOf('zhang'),
      data: { action: 'addMembers', conversationId: g1, employeeIds: ['chen', 'liu'] },
    }),
    done: ({ cloud, g1 }) =>
      expectEqual('members', membersOf(cloud, g1), ['chen', 'li', 'liu', 'wang', 'yang', 'zhang', 'zhao']),
  },
  {
    name: 'groups.removeMembers',
    call: ({ g1 }) => ({
      fn: 'groups',
      openid: openidOf('zhang'),
      data: { action: 'removeMembers', conversationId: g1, employeeIds: ['li', 'zhao'] },
    }),
    done: ({ cloud, g1 }) => expectEqual('members', membersOf(cloud, g1), ['wang', 'yang', 'zhang']),
  },
  {
    name: 'groups.syncDepartments',
    // 王强 moves to 销售部, 刘洋 to 技术部: the sync removes one and adds the other.
    prepare: ({ cloud }) =>
      cloud.runAs('seed', async () => {
        await db()
          .collection('employees')
          .doc('wang')
          .update({ data: { departmentIds: ['sales'] } });
        await db()
          .collection('employees')
          .doc('liu')
          .update({ data: { departmentIds: ['tech'] } });
      }),
    call: ({ g1 }) => ({
      fn: 'groups',
      openid: openidOf('zhang'),
      data: { action: 'syncDepartments', conversationId: g1 },
    }),
    done: ({ cloud, g1 }) =>
      expectEqual('members', membersOf(cloud, g1), ['li', 'liu', 'yang', 'zhang', 'zhao']),
  },
  {
    name: 'groups.leave (owner hands over)',
    call: ({ g2 }) => ({
      fn: 'groups',
      openid: openidOf('chen'),
      data: { action: 'leave', conversationId: g2 },
    }),
    done: ({ cloud, g2 }) =>
      expectEqual('members', membersOf(cloud, g2), ['li', 'liu', 'zhao']) ??
      expectEqual('owner', conversation(cloud, g2)?.ownerId, 'liu'),
  },
  {
    name: 'groups.dissolve',
    call: ({ g1 }) => ({
      fn: 'groups',
      openid: openidOf('zhang'),
      data: { action: 'dissolve', conversationId: g1 },
    }),
    done: ({ cloud, g1 }) => expectEqual('status', conversation(cloud, g1)?.status, 'dissolved'),
  },
  {
    name: 'admin.offboard',
    call: () => ({
      fn: 'admin',
      openid: openidOf('zhang'),
      data: { action: 'offboard', employeeId: 'chen' },
    }),
    done: ({ cloud, g2 }) =>
      expectEqual('status', employee(cloud, 'chen')?.status, 'departed') ??
      expectEqual('一组群 members', membersOf(cloud, g2), ['li', 'liu', 'zhao']),
  },
  {
    name: 'admin.importRoster',
    call: () => ({
      fn: 'admin',
      openid: openidOf('zhang'),
      data: {
        action: 'importRoster',
        rows: [
          { 姓名: '陈静', 手机号: '13900000004', 部门: '一组', 状态: '离职' },
          { 姓名: '新同事', 手机号: '13700000001', 部门: '技术部' },
        ],
      },
    }),
    done: ({ cloud, g2 }) =>
      expectEqual('陈静', employee(cloud, 'chen')?.status, 'departed') ??
      expectEqual(
        '新同事',
        docs<EmployeeDoc>(cloud, 'employees').filter((e) => e.name === '新同事').length,
        1,
      ) ??
      expectEqual('一组群 members', membersOf(cloud, g2), ['li', 'liu', 'zhao']),
  },
  {
    name: 'admin.updateEmployee (moves between auto-synced groups)',
    prepare: autoSyncedGroups,
    afterRepair: groupsFollowTheirDepartments,
    call: () => ({
      fn: 'admin',
      openid: openidOf('zhang'),
      data: { action: 'updateEmployee', employeeId: 'li', departmentIds: ['sales'] },
    }),
    done: ({ cloud, g1 }) =>
      expectEqual('项目群 members', membersOf(cloud, g1), ['wang', 'yang', 'zhang', 'zhao']) ??
      expectEqual('销售群 members', membersOf(cloud, salesGroup(cloud)), [
        'chen',
        'li',
        'liu',
        'zhang',
        'zhao',
      ]),
  },
  {
    name: 'admin.importRoster (a reorganisation of auto-synced groups)',
    prepare: autoSyncedGroups,
    afterRepair: groupsFollowTheirDepartments,
    call: () => ({
      fn: 'admin',
      openid: openidOf('zhang'),
      data: {
        action: 'importRoster',
        rows: [
          { 姓名: '王强', 手机号: '13900000002', 部门: '总部/销售部' },
          { 姓名: '刘洋', 手机号: '13900000005', 部门: '总部/技术部' },
        ],
      },
    }),
    done: ({ cloud, g1 }) =>
      expectEqual('项目群 members', membersOf(cloud, g1), ['li', 'liu', 'yang', 'zhang', 'zhao']) ??
      expectEqual('销售群 members', membersOf(cloud, salesGroup(cloud)), ['chen', 'wang', 'zhang', 'zhao']),
  },
  {
    name: 'admin.deleteGroup',
    call: ({ g1 }) => ({
      fn: 'admin',
      openid: openidOf('zhang'),
      data: { action: 'deleteGroup', conversationId: g1 },
    }),
    done: ({ cloud, g1 }) => expectEqual('项目群', conversation(cloud, g1) ?? null, null),
  },
  {
    // One group per department under 总部 (技术部, 销售部 with 一组 below it), the admin as owner.
    name: 'admin.createDepartmentGroups',
    call: () => ({
      fn: 'admin',
      openid: openidOf('zhang'),
      data: { action: 'createDepartmentGroups', departmentId: 'hq' },
    }),
    done: ({ cloud }) => {
      const live = docs<ConversationDoc>(cloud, 'conversations').filter(
        (c) => c.type === 'group' && c.status === 'active' && c.name !== '项目群' && c.name !== '一组群',
      );
      const of = (dept: string) =>
        live.filter((c) => JSON.stringify(c.departmentIds) === JSON.stringify([dept]));
      const [tech, sales] = [of('tech'), of('sales')];
      if (live.length !== 2 || tech.length !== 1 || sales.length !== 1)
        return `groups: ${JSON.stringify(live.map((c) => [c.name, c.departmentIds, c.status]))}`;
      return (
        expectEqual('技术部群 members', membersOf(cloud, tech[0]._id), ['li', 'wang', 'yang', 'zhang']) ??
        expectEqual('销售部群 members', membersOf(cloud, sales[0]._id), ['chen', 'liu', 'zhang', 'zhao'])
      );
    },
  },
  {
    // 销售部 (赵敏; 一组 below: 陈静, 刘洋) moves from 总部 to 门店: the auto-synced 总部 group loses them.
    name: 'admin.updateDepartment (move)',
    prepare: async ({ cloud }) => {
      await ok(cloud, 'groups', openidOf('zhang'), {
        action: 'create',
        name: '总部自动群',
        departmentIds: ['hq'],
        autoSync: true,
      });
    },
    call: () => ({
      fn: 'admin',
      openid: openidOf('zhang'),
      data: { action: 'updateDepartment', departmentId: 'sales', parentId: 'stores', requestId: 'r-move-1' },
    }),
    done: ({ cloud }) => {
      const group = docs<ConversationDoc>(cloud, 'conversations').find((c) => c.name === '总部自动群');
      if (!group) return 'no 总部自动群';
      const sales = docs<{ _id: string; parentId: string | null }>(cloud, 'departments').find(
        (d) => d._id === 'sales',
      );
      return (
        expectEqual('销售部 parent', sales?.parentId, 'stores') ??
        expectEqual('总部自动群 members', membersOf(cloud, group._id), ['li', 'wang', 'yang', 'zhang'])
      );
    },
  },
  {
    name: 'admin.exportHistory',
    call: ({ g1 }) => ({
      fn: 'admin',
      openid: openidOf('zhang'),
      data: { action: 'exportHistory', conversationId: g1 },
    }),
    done: () => null,
  },
  {
    // Messages recalled before the recall moved content into the archive (services/archiveRepair.ts).
    name: 'admin.runMaintenance (moves content recalled before the archive)',
    prepare: async ({ cloud, g1 }) => {
      for (const m of messagesOf(cloud, g1).filter((x) => x.senderId))
        cloud.db.tables.put('messages', { ...m, recalled: true, recalledAt: m.createdAt + 1000 });
    },
    call: () => ({ fn: 'admin', openid: openidOf('zhang'), data: { action: 'runMaintenance' } }),
    done: ({ cloud, g1 }) => archivedContent(cloud, g1),
    afterRepair: ({ cloud, g1 }) => archivedContent(cloud, g1),
  },
  {
    name: 'admin.reissueInviteCode',
    call: () => ({
      fn: 'admin',
      openid: openidOf('zhang'),
      data: { action: 'reissueInviteCode', employeeId: 'yang' },
    }),
    done: ({ cloud }) => (employee(cloud, 'yang')?.inviteCode ? null : '杨帆 has no invite code'),
  },
  {
    name: 'admin.rehire',
    call: () => ({
      fn: 'admin',
      openid: openidOf('zhang'),
      data: { action: 'rehire', employeeId: 'gone' },
    }),
    done: ({ cloud }) =>
      expectEqual('离职者', employee(cloud, 'gone')?.status, 'active') ??
      (employee(cloud, 'gone')?.inviteCode ? null : '离职者 has no invite code'),
  },
];
