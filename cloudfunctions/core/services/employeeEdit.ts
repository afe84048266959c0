// admin.updateEmployee: one employee's name, mobile, departments and position. A change of
// departments moves them between auto-synced groups at once, through the reorg job of this
// request (services/orgSync.ts): the job is opened before the employee is written, so a call
// killed in between leaves work that a retry of the same edit (or the repair run) finishes.
import { nameKeysOf } from '../domain/nameKeys';
import { reindexEmployees } from '../store/directoryIndex';
import type { GroupRef, UpdateEmployeeResult } from '../../../typings/api';
import { errors } from '../domain/errors';
import { departmentsChangedBy } from '../domain/orgSync';
import { nameSearchKeys } from '../domain/pinyin';
import { clock } from '../platform/clock';
import { recordAudit } from '../store/audit';
import { loadAllDepartments } from '../store/departments';
import type { EmployeeDoc } from '../store/documents';
import { findActiveEmployeeByMobile, getEmployee, getEmployeeTx, updateEmployeeTx } from '../store/employees';
import { membershipsOf } from '../store/members';
import { groupNames } from '../store/conversations';
import { withTransaction } from '../store/transaction';
import { departmentIndex, toCard } from './cards';
import type { Actor } from './membership';
import { openReorg, pendingReorg, reorgNeeded, runReorg, stepDeadline } from './orgSync';
import { requestKey } from './reservations';

export interface EmployeeEdit {
  name?: string;
  mobile?: string;
  departmentIds?: string[];
  position?: string;
}

type Patch = Partial<
  Pick<
    EmployeeDoc,
    'name' | 'nameInitials' | 'namePinyin' | 'nameKeys' | 'mobile' | 'departmentIds' | 'position'
  >
>;

/** The fields that differ from what is stored (no write at all when nothing does). */
function patchOf(e: EmployeeDoc, edit: EmployeeEdit): Patch {
  const patch: Patch = {};
  if (edit.name !== undefined && edit.name !== e.name) {
    const keys = nameSearchKeys(edit.name);
    Object.assign(patch, { name: edit.name, nameInitials: keys.initials, namePinyin: keys.pinyin });
  }
  if (edit.mobile !== undefined && edit.mobile !== e.mobile) patch.mobile = edit.mobile;
  // The back office's search terms, in the same write as the name or mobile they come from.
  if (patch.name !== undefined || patch.mobile !== undefined)
    patch.nameKeys = nameKeysOf(patch.name ?? e.name, patch.mobile ?? e.mobile);
  if (edit.position !== undefined && edit.position !== e.position) patch.position = edit.position;
  if (
    edit.departmentIds &&
    departmentsChangedBy([{ before: e.departmentIds, after: edit.departmentIds }]).length
  )
    patch.departmentIds = edit.departmentIds;
  return patch;
}

/** Group memberships of one employee (conversation ids). */
const groupsOf = async (employeeId: string): Promise<string[]> =>
  (await membershipsOf(employeeId)).map((m) => m.conversationId);

const groupRefs = (ids: readonly string[]): Promise<GroupRef[]> => groupNames(ids);

export async function doUpdateEmployee(
  actor: Actor,
  employeeId: string,
  edit: EmployeeEdit,
  requestId?: string,
): Promise<UpdateEmployeeResult> {
  const current = await getEmployee(employeeId);
  if (!current) throw errors.employeeNotFound();
  if (current.status !== 'active') throw errors.editDeparted();
  const departments = await loadAllDepartments();
  if (edit.departmentIds) {
    const known = new Set(departments.map((d) => d._id));
    const unknown = edit.departmentIds.filter((d) => !known.has(d));
    if (unknown.length) throw errors.departmentNotFound({ departmentIds: unknown });
  }
  if (edit.mobile !== undefined && edit.mobile !== current.mobile) {
    const holder = await findActiveEmployeeByMobile(edit.mobile);
    if (holder && holder._id !== employeeId) throw errors.mobileTaken({ name: holder.name });
  }

  const key = requestKey('updateEmployee', actor.id, employeeId, requestId ?? JSON.stringify(edit));
  const patch = patchOf(current, edit);
  const moved = patch.departmentIds
    ? departmentsChangedBy([{ before: current.departmentIds, after: patch.departmentIds }])
    : [];
  // Opened before the write (see the top of this file); a retry finds the unfinished one.
  const job =
    moved.length && (await reorgNeeded(moved, departments))
      ? await openReorg(key, moved, 'employee', actor, {
          subject: { employeeId, before: await groupsOf(employeeId) },
          title: `调整部门：${current.name}`,
        })
      : await pendingReorg(key);

  let stored = current;
  if (Object.keys(patch).length) {
    stored = await withTransaction(async (tx) => {
      const e = await getEmployeeTx(tx, employeeId);
      if (!e) throw errors.employeeNotFound();
      if (e.status !== 'active') throw errors.editDeparted();
      const now = clock.now();
      await updateEmployeeTx(tx, employeeId, { ...patch, updatedAt: now });
      const changed = Object.keys(patch).filter((k) => k !== 'nameInitials' && k !== 'namePinyin');
      await recordAudit(
        {
          actorId: actor.id,
          actorName: actor.name,
          action: 'employee.update',
          targetType: 'employee',
          targetId: employeeId,
          before: Object.fromEntries(changed.map((k) => [k, e[k as keyof EmployeeDoc]])),
          after: Object.fromEntries(changed.map((k) => [k, patch[k as keyof Patch]])),
          details: { name: e.name },
          at: now,
        },
        tx,
      );
      return { ...e, ...patch, updatedAt: now };
    });
    // The address book and department counts follow (the write carried the reindex marker).
    await reindexEmployees([employeeId]);
  }

  const employee = toCard(stored, { departments: departmentIndex(departments), showMobile: true });
  if (!job) return { employee, groups: { added: [], removed: [] } };
  const progress = await runReorg(job, stepDeadline('admin'));
  const before = new Set(job.state.subject?.before ?? []);
  const after = new Set(await groupsOf(employeeId));
  const [added, removed] = await Promise.all([
    groupRefs([...after].filter((id) => !before.has(id))),
    groupRefs([...before].filter((id) => !after.has(id))),
  ]);
  return {
    employee,
    groups: { added, removed },
    ...(progress.done ? {} : { remainingGroups: progress.remainingGroups }),
  };
}
