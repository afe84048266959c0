// Plans a roster import: validated rows + the current roster → the writes to make. Pure, so the
// whole decision (who is new, who changes, who leaves, which departments appear) is tested
// without a database, and the service only executes the plan in batches.
import { nameKeysOf } from './nameKeys';
import type { DepartmentRecord, EmployeeRecord } from './model';
import { buildEmployee } from './employee';
import { INVITE_TTL_MS } from './invite';
import { nameSearchKeys } from './pinyin';
import { REASONS, type Rejection, type RosterRow } from './roster';

/** The part of an employee the planner reads. */
export type RosterSnapshot = Pick<
  EmployeeRecord,
  '_id' | 'name' | 'mobile' | 'employeeNo' | 'departmentIds' | 'position' | 'status' | 'inviteCode'
>;

export type EmployeePatch = Partial<
  Pick<
    EmployeeRecord,
    | 'name'
    | 'nameInitials'
    | 'namePinyin'
    | 'nameKeys'
    | 'mobile'
    | 'employeeNo'
    | 'position'
    | 'departmentIds'
    | 'status'
    | 'rosterStatus'
    | 'departedAt'
    | 'inviteCode'
    | 'inviteExpiresAt'
    | 'inviteUsedAt'
    | 'updatedAt'
  >
>;

export interface ImportPlan {
  newDepartments: DepartmentRecord[];
  creates: EmployeeRecord[];
  updates: { id: string; row: number; patch: EmployeePatch }[];
  /** Active employees a row marks departed: the service runs offboarding for each. */
  departures: { row: number; employeeId: string }[];
  rejected: Rejection[];
  invites: { employeeId: string; name: string; inviteCode: string }[];
  counts: { created: number; updated: number; unchanged: number };
  /** Rows of new people that named no department: placed in UNASSIGNED_DEPARTMENT. */
  unassigned: number[];
}

/**
 * Where a new person without a department goes: a root department of its own, so they can be
 * found in the address book's tree (and moved by a later import that names their department).
 */
export const UNASSIGNED_DEPARTMENT = '未分配部门';

export interface PlanDeps {
  now: number;
  newId(): string;
  newInviteCode(): string;
}

/** Resolves department paths to ids, creating the missing nodes of each path (parents first). */
export function planDepartments(
  paths: Iterable<string>,
  existing: DepartmentRecord[],
  deps: Pick<PlanDeps, 'now' | 'newId'>,
): { idOf: Map<string, string>; created: DepartmentRecord[] } {
  const idOf = new Map(existing.map((d) => [d.path, d._id]));
  const maxOrder = new Map<string | null, number>();
  for (const d of existing) maxOrder.set(d.parentId, Math.max(maxOrder.get(d.parentId) ?? 0, d.order));
  const created: DepartmentRecord[] = [];
  for (const path of paths) {
    const segments = path.split('/');
    let parentId: string | null = null;
    for (let i = 0; i < segments.length; i++) {
      const here = segments.slice(0, i + 1).join('/');
      let id = idOf.get(here);
      if (!id) {
        id = deps.newId();
        const order = (maxOrder.get(parentId) ?? 0) + 1;
        maxOrder.set(parentId, order);
        created.push({ _id: id, name: segments[i], parentId, order, path: here, createdAt: deps.now });
        idOf.set(here, id);
      }
      parentId = id;
    }
  }
  return { idOf, created };
}

const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

export function planImport(
  rows: RosterRow[],
  roster: RosterSnapshot[],
  departments: DepartmentRecord[],
  deps: PlanDeps,
): ImportPlan {
  const byNo = new Map<string, RosterSnapshot>();
  const activeByMobile = new Map<string, RosterSnapshot>();
  const departedByMobile = new Map<string, RosterSnapshot>();
  for (const e of roster) {
    if (e.employeeNo) byNo.set(e.employeeNo, e);
    (e.status === 'active' ? activeByMobile : departedByMobile).set(e.mobile, e);
  }
  const usedCodes = new Set(roster.map((e) => e.inviteCode).filter((c): c is string => !!c));
  const freshCode = () => {
    for (;;) {
      const code = deps.newInviteCode();
      if (!usedCodes.has(code)) {
        usedCodes.add(code);
        return code;
      }
    }
  };
  const { idOf, created: newDepartments } = planDepartments(
    rows.filter((r) => !r.departed).flatMap((r) => r.departments),
    departments,
    deps,
  );
  const plan: ImportPlan = {
    newDepartments,
    creates: [],
    updates: [],
    departures: [],
    rejected: [],
    invites: [],
    counts: { created: 0, updated: 0, unchanged: 0 },
    unassigned: [],
  };
  let unassignedId: string | undefined;
  const unassigned = (row: number): string => {
    plan.unassigned.push(row);
    if (!unassignedId) {
      const more = planDepartments([UNASSIGNED_DEPARTMENT], [...departments, ...plan.newDepartments], deps);
      plan.newDepartments.push(...more.created);
      unassignedId = more.idOf.get(UNASSIGNED_DEPARTMENT) as string;
    }
    return unassignedId;
  };
  const matchedBy = new Map<string, number>();
  const { now } = deps;

  for (const r of rows) {
    let match = r.employeeNo ? byNo.get(r.employeeNo) : undefined;
    if (!match) {
      const holder = activeByMobile.get(r.mobile) ?? departedByMobile.get(r.mobile);
      // A row without 工号 is the person with that mobile; a row with a new 工号 adopts an entry
      // that never had one (first import without numbers, a later one with them).
      if (holder && (!r.employeeNo || !holder.employeeNo)) match = holder;
      else if (holder && holder.status === 'active') {
        plan.rejected.push({ row: r.row, reason: REASONS.mobileTaken, detail: `工号 ${holder.employeeNo}` });
        continue;
      }
    }
    if (match) {
      const earlier = matchedBy.get(match._id);
      if (earlier !== undefined) {
        plan.rejected.push({
          row: r.row,
          reason: REASONS.duplicateInFile,
          detail: `与第${earlier}行是同一员工`,
        });
        continue;
      }
      if (match.mobile !== r.mobile) {
        const other = activeByMobile.get(r.mobile);
        if (other && other._id !== match._id) {
          plan.rejected.push({ row: r.row, reason: REASONS.mobileTaken, detail: other.name });
          continue;
        }
      }
      matchedBy.set(match._id, r.row);
    }

    if (r.departed) {
      if (!match) plan.rejected.push({ row: r.row, reason: REASONS.departedUnknown });
      else if (match.status === 'active') plan.departures.push({ row: r.row, employeeId: match._id });
      else {
        plan.counts.updated++;
        plan.counts.unchanged++;
      }
      continue;
    }

    const departmentIds = r.departments.map((p) => idOf.get(p) as string);
    if (!match) {
      const employee = buildEmployee(
        {
          id: deps.newId(),
          name: r.name,
          mobile: r.mobile,
          position: r.position ?? '',
          employeeNo: r.employeeNo,
          departmentIds: departmentIds.length ? departmentIds : [unassigned(r.row)],
          inviteCode: freshCode(),
          inviteExpiresAt: now + INVITE_TTL_MS,
        },
        now,
      );
      plan.creates.push(employee);
      plan.invites.push({
        employeeId: employee._id,
        name: employee.name,
        inviteCode: employee.inviteCode as string,
      });
      plan.counts.created++;
      continue;
    }

    // Field order is fixed so equal changes serialise equally (the service groups them).
    const patch: EmployeePatch = {};
    if (match.name !== r.name) {
      const keys = nameSearchKeys(r.name);
      Object.assign(patch, { name: r.name, nameInitials: keys.initials, namePinyin: keys.pinyin });
    }
    if (match.mobile !== r.mobile) patch.mobile = r.mobile;
    // The back office's search terms, in the same write as the name or mobile they come from.
    if (patch.name !== undefined || patch.mobile !== undefined) patch.nameKeys = nameKeysOf(r.name, r.mobile);
    if (r.employeeNo && match.employeeNo !== r.employeeNo) patch.employeeNo = r.employeeNo;
    if (r.position !== null && match.position !== r.position) patch.position = r.position;
    if (departmentIds.length && !sameList(match.departmentIds, departmentIds))
      patch.departmentIds = departmentIds;
    if (match.status === 'departed') {
      // Rehired: a fresh invite, since the old binding was removed at departure.
      const code = freshCode();
      Object.assign(patch, {
        status: 'active',
        // Departure removed the binding: back as not yet bound.
        rosterStatus: 'unbound',
        departedAt: null,
        inviteCode: code,
        inviteExpiresAt: now + INVITE_TTL_MS,
        inviteUsedAt: null,
      });
      plan.invites.push({ employeeId: match._id, name: r.name, inviteCode: code });
    }
    plan.counts.updated++;
    if (Object.keys(patch).length === 0) {
      plan.counts.unchanged++;
      continue;
    }
    patch.updatedAt = now;
    plan.updates.push({ id: match._id, row: r.row, patch });
  }
  return plan;
}

/** Equal patches become one multi-document update: a bulk change costs a few requests, not one per row. */
export function groupUpdates(updates: ImportPlan['updates']): { ids: string[]; patch: EmployeePatch }[] {
  const groups = new Map<string, { ids: string[]; patch: EmployeePatch }>();
  for (const u of updates) {
    const key = JSON.stringify(u.patch);
    const g = groups.get(key);
    if (g) g.ids.push(u.id);
    else groups.set(key, { ids: [u.id], patch: u.patch });
  }
  return [...groups.values()];
}
