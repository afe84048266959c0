// One auto-synced group follows its departments again: the decision is domain/orgSync.ts
// planGroupSync; the changes go through the crash-safe membership steps (services/membership.ts):
// removals one transaction per chunk, additions through a seat reservation that a retry or the
// repair finishes. Running it twice, or two at once, ends in the same membership: a reservation
// or removal that lost a race simply finds the work done, and each person's line is posted by
// the step that changed them, once.
import type { SyncBlockedDoc } from '../store/documents';
import { roleOf } from '../domain/ownership';
import {
  autoLeaveLine,
  MAX_BLOCKED_SHOWN,
  planGroupSync,
  type GroupSyncPlan,
  type LeaveReason,
} from '../domain/orgSync';
import { scopeMatcher, subtreeIds } from '../domain/scope';
import { clock } from '../platform/clock';
import { recordAudit } from '../store/audit';
import { activeEmployeesInDepartments } from '../store/candidates';
import { getConversation, setSyncBlocked } from '../store/conversations';
import type { ConversationDoc, EmployeeDoc } from '../store/documents';
import { employeesByIds } from '../store/employees';
import { allMembers } from '../store/members';
import { checkConversationOpen } from './access';
import type { Company } from './groupGates';
import { doAddMembers, doRemoveMembers, type Actor } from './membership';

export interface GroupSyncOutcome {
  conversationId: string;
  added: string[];
  removed: string[];
  blocked: number;
}

/** Newcomers per seat reservation: one line each, so a settle transaction stays small. */
const JOIN_CHUNK = 50;

const groupIsFollowing = (c: ConversationDoc | null): c is ConversationDoc =>
  !!c && c.type === 'group' && !!c.autoSync && c.status === 'active' && c.departmentIds.length > 0;

/**
 * Brings one auto-synced group in line with its departments (sub-departments included), within
 * the cap and the usage scope. `by` is who caused the change (the audit names them). Lines:
 * 'each' posts one line per person (a reorganisation), 'summary' one line per step (turning
 * autoSync on, like 同步部门成员). A group that no longer follows (autoSync off, disabled,
 * dissolved) is left alone: null.
 */
export async function reconcileGroup(
  conversationId: string,
  company: Company,
  by: Actor,
  lines: 'each' | 'summary' = 'each',
): Promise<GroupSyncOutcome | null> {
  const conv = await getConversation(conversationId);
  if (!groupIsFollowing(conv)) return null;
  const { settings, departments } = company;
  const [inDepartments, members] = await Promise.all([
    activeEmployeesInDepartments([...subtreeIds(departments, conv.departmentIds)]),
    allMembers(conv._id),
  ]);
  const plan = planGroupSync({
    inDepartments: [...inDepartments].sort((a, b) => (a._id < b._id ? -1 : 1)),
    isInScope: scopeMatcher(settings.usageScope, departments),
    members,
    isManager: (id) => roleOf(id, conv) !== 'member',
    memberCount: conv.memberCount,
    memberCap: settings.memberCap,
  });
  const removed = await removeLeavers(conv, plan, by, lines);
  const added: string[] = [];
  const capped: EmployeeDoc[] = [];
  const step = lines === 'each' ? JOIN_CHUNK : Math.max(1, plan.join.length);
  for (let i = 0; i < plan.join.length; i += step) {
    const part = plan.join.slice(i, i + step);
    const out = await doAddMembers(
      conv._id,
      part,
      // The reservation is the system's (its id from the people), the audit names who caused it.
      { id: by.id, name: by.name },
      settings.memberCap,
      async (fresh) => void checkConversationOpen(fresh),
      {
        kind: lines === 'each' ? 'auto' : 'sync',
        viaDepartment: new Set(part.map((p) => p._id)),
        fitToCap: true,
      },
    );
    added.push(...out.added.map((e) => e._id));
    capped.push(...out.capped);
  }
  const blocked = [
    ...plan.blocked,
    ...capped.map((p) => ({ employeeId: p._id, name: p.name, reason: 'cap' as const })),
  ];
  await recordBlocked(conv, blocked);
  if (added.length || removed.length)
    await recordAudit({
      actorId: by.id,
      actorName: by.name,
      action: 'group.syncDepartments',
      targetType: 'conversation',
      targetId: conv._id,
      conversationId: conv._id,
      details: { added, removed, auto: true },
      at: clock.now(),
    });
  return { conversationId: conv._id, added, removed, blocked: blocked.length };
}

/** Members who left the departments (or the scope) leave, one line each; departures are offboarding's. */
async function removeLeavers(
  conv: ConversationDoc,
  plan: GroupSyncPlan<EmployeeDoc>,
  by: Actor,
  lines: 'each' | 'summary',
): Promise<string[]> {
  if (!plan.leave.length) return [];
  const people = new Map(
    (await employeesByIds(plan.leave.map((l) => l.employeeId)))
      // Someone who left the company is taken out by offboarding, with its own line.
      .filter((e) => e.status === 'active')
      .map((e) => [e._id, e]),
  );
  const removed: string[] = [];
  for (const reason of ['moved', 'out_of_scope'] as LeaveReason[]) {
    const targets = plan.leave
      .filter((l) => l.reason === reason && people.has(l.employeeId))
      .map((l) => people.get(l.employeeId) as EmployeeDoc);
    if (!targets.length) continue;
    removed.push(
      ...(await doRemoveMembers(
        conv,
        // Plain members only (role 'admin' may remove members, never the owner or admins); the
        // system removes, so an admin moving themself out of a store is not "removing oneself".
        { id: 'system', name: by.name, role: 'admin' },
        targets,
        (names) =>
          lines === 'each'
            ? names.map((n) => autoLeaveLine(n, reason))
            : `同步部门成员：${names.slice(0, 10).join('、')}${names.length > 10 ? ` 等 ${names.length} 人` : ''} 已移出群聊`,
        { authorize: (fresh) => void checkConversationOpen(fresh) },
      )),
    );
  }
  return removed;
}

/** Keeps who could not be let in on the group for its owner and admins; no write when unchanged. */
async function recordBlocked(conv: ConversationDoc, blocked: SyncBlockedDoc['items']): Promise<void> {
  const items = blocked.slice(0, MAX_BLOCKED_SHOWN);
  const same =
    (conv.syncBlocked?.count ?? 0) === blocked.length &&
    JSON.stringify(conv.syncBlocked?.items ?? []) === JSON.stringify(items);
  if (same) return;
  const value: SyncBlockedDoc | null = blocked.length
    ? { items, count: blocked.length, at: clock.now() }
    : null;
  await setSyncBlocked(conv._id, value);
}
