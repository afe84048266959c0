// Auto-synced department groups (`autoSync`): which groups a change of the org chart touches,
// and what one group must do to follow its departments again. Pure, so the whole decision —
// who joins, who leaves, who is held back by the cap or the usage scope — is tested without a
// database; services/autoSync.ts executes it through the crash-safe membership steps.
import { effectiveCap } from './cap';
import type { ImportPlan, RosterSnapshot } from './rosterPlan';
import type { DepartmentNode } from './scope';

/** A department and every department above it. */
export function ancestorsOrSelf(departments: readonly DepartmentNode[], ids: readonly string[]): Set<string> {
  const parentOf = new Map(departments.map((d) => [d._id, d.parentId]));
  const out = new Set<string>();
  for (const start of ids) {
    let id: string | null | undefined = start;
    // A cycle cannot be written (a move under one's own subtree is refused), but never loop on one.
    while (id && !out.has(id)) {
      out.add(id);
      id = parentOf.get(id);
    }
  }
  return out;
}

/**
 * A group linked to departments L follows the people of L's subtrees. A person moving from A to
 * B changes exactly the groups linked to A, B or one of their ancestors: those are the groups a
 * reconcile of [A, B] visits.
 */
export function touchesGroup(linked: readonly string[], changedWithAncestors: ReadonlySet<string>): boolean {
  return linked.some((d) => changedWithAncestors.has(d));
}

export interface SyncPerson {
  _id: string;
  name: string;
}

export interface SyncMember {
  employeeId: string;
  /** Came in through a linked department (not picked by hand): a sync may take them out again. */
  viaDepartment?: boolean;
}

export type BlockReason = 'cap' | 'out_of_scope';
export type LeaveReason = 'moved' | 'out_of_scope';

export interface GroupSyncInput<P extends SyncPerson> {
  /** Active people of the linked departments' subtrees, in a stable order. */
  inDepartments: readonly P[];
  isInScope: (p: P) => boolean;
  members: readonly SyncMember[];
  /** Owner and admins are never taken out by a sync. */
  isManager: (employeeId: string) => boolean;
  /** Seats in use now (reservations in flight included). */
  memberCount: number;
  memberCap: number;
}

export interface GroupSyncPlan<P extends SyncPerson> {
  join: P[];
  /** Employee ids (names come from the roster) and why they go. */
  leave: { employeeId: string; reason: LeaveReason }[];
  /** Who should be in the group but is not let in, and why: shown to the owner and admins. */
  blocked: { employeeId: string; name: string; reason: BlockReason }[];
}

/**
 * What one group must do: newcomers in scope join while seats last (the rest are blocked by the
 * cap), people of the departments outside the usage scope are blocked, and members who came
 * through a department and are no longer in it (or no longer in scope) leave. People added by
 * hand, the owner and the admins stay whatever happens to their departments.
 */
export function planGroupSync<P extends SyncPerson>(input: GroupSyncInput<P>): GroupSyncPlan<P> {
  const memberIds = new Set(input.members.map((m) => m.employeeId));
  const inDepartments = new Set(input.inDepartments.map((p) => p._id));
  const target = new Set<string>();
  const blocked: GroupSyncPlan<P>['blocked'] = [];
  const newcomers: P[] = [];
  for (const p of input.inDepartments) {
    if (!input.isInScope(p)) {
      if (!memberIds.has(p._id)) blocked.push({ employeeId: p._id, name: p.name, reason: 'out_of_scope' });
      continue;
    }
    target.add(p._id);
    if (!memberIds.has(p._id)) newcomers.push(p);
  }
  const leave = input.members
    .filter((m) => m.viaDepartment && !input.isManager(m.employeeId) && !target.has(m.employeeId))
    .map((m) => ({
      employeeId: m.employeeId,
      reason: (inDepartments.has(m.employeeId) ? 'out_of_scope' : 'moved') as LeaveReason,
    }));
  const room = Math.max(0, effectiveCap(input.memberCap) - (input.memberCount - leave.length));
  const join = newcomers.slice(0, room);
  for (const p of newcomers.slice(room)) blocked.push({ employeeId: p._id, name: p.name, reason: 'cap' });
  return { join, leave, blocked };
}

/** The line every member sees when someone joins through their department. */
export const autoJoinLine = (name: string): string => `新同事 ${name} 加入了群聊`;

/** The line when someone leaves because their department changed (or the usage scope did). */
export const autoLeaveLine = (name: string, reason: LeaveReason): string =>
  reason === 'moved' ? `${name} 已调离本部门，退出了群聊` : `${name} 不在使用范围内，已移出群聊`;

export const BLOCK_LABELS: Record<BlockReason, string> = {
  cap: '群人数已达上限',
  out_of_scope: '不在使用范围内',
};

/** How many blocked people a group keeps by name (the count says how many in all). */
export const MAX_BLOCKED_SHOWN = 20;

/**
 * The departments whose people an import changes: a person moving or rehired affects the
 * departments they leave and the ones they join; a new person the ones they join. Departures
 * are left to offboarding, which takes the person out of every group.
 */
export function departmentsChangedBy(
  changes: readonly { before?: readonly string[]; after?: readonly string[] }[],
): string[] {
  const out = new Set<string>();
  for (const c of changes) {
    const before = c.before ?? [];
    const after = c.after ?? [];
    const same = before.length === after.length && before.every((d) => after.includes(d));
    if (same) continue;
    for (const d of [...before, ...after]) out.add(d);
  }
  return [...out].sort();
}

/**
 * The departments an import plan changes (departmentsChangedBy over its creates and updates; a
 * rehired person joins their departments, a departed one is in none).
 */
export function departmentsChangedByImport(
  plan: Pick<ImportPlan, 'creates' | 'updates'>,
  roster: readonly Pick<RosterSnapshot, '_id' | 'departmentIds' | 'status'>[],
): string[] {
  const byId = new Map(roster.map((e) => [e._id, e]));
  const changes = plan.creates.map((e) => ({ after: e.departmentIds }));
  for (const u of plan.updates) {
    const was = byId.get(u.id);
    if (!was) continue;
    const activeAfter = (u.patch.status ?? was.status) === 'active';
    changes.push({
      before: was.status === 'active' ? was.departmentIds : [],
      after: activeAfter ? (u.patch.departmentIds ?? was.departmentIds) : [],
    } as { before: string[]; after: string[] });
  }
  return departmentsChangedBy(changes);
}
