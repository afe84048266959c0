// admin.createDepartmentGroups: one auto-synced group per department directly under a chosen one
// (every store under 门店), each owned by its 店长 by the roster (domain/departmentGroups.ts says
// how the owner is picked), made by the same crash-safe create as groups.create.
//
// Idempotent: each department's group is created under a once-key (`deptgroup_<departmentId>`,
// services/groupCreate.ts CreateOnBehalf), so running it again — a retry after a timeout, a
// second admin, next week — answers the group a department already has instead of making
// another; only departments without a live group get one.
//
// Resumable: the work is a job (services/jobs.ts, kind 'departmentGroups', one per chosen
// department). A call makes at most DEPARTMENTS_PER_STEP create attempts and stops before its
// time budget, recording progress; it answers `remaining`, and the page calls again until it is
// 0. If nobody calls again (the phone was closed, the call was killed), the repair run continues
// the job (JOB_RUNNERS in services/maintenance.ts), in the name of the admin who started it.
import type { DepartmentGroupOutcome, DepartmentGroupsResult } from '../../../typings/api';
import { departmentGroupName, departmentsUnder, pickDepartmentOwner } from '../domain/departmentGroups';
import { errors, isAppError } from '../domain/errors';
import { scopeMatcher } from '../domain/scope';
import { clock } from '../platform/clock';
import { stepBudgetMs } from '../platform/functions';
import { recordAudit } from '../store/audit';
import { activeEmployeesInDepartments } from '../store/candidates';
import type { EmployeeDoc } from '../store/documents';
import { getEmployee } from '../store/employees';
import { doCreateGroup, onceGroup } from './groupCreate';
import { loadCompany } from './groupGates';
import { finishJob, inJob, jobProgress, openJob, type JobDoc } from './jobs';

/** Create attempts per call: each is ~20 requests, so a step stays far inside the admin timeout. */
export const DEPARTMENTS_PER_STEP = 20;

export const departmentGroupKey = (departmentId: string): string => `deptgroup_${departmentId}`;

const defaultDeadline = () => Date.now() + stepBudgetMs('admin') * 0.8;

export async function doCreateDepartmentGroups(
  admin: EmployeeDoc,
  rootId: string,
  deadline = defaultDeadline(),
): Promise<DepartmentGroupsResult> {
  const company = await loadCompany();
  const root = company.departments.find((d) => d._id === rootId);
  if (!root) throw errors.departmentNotFound({ departmentId: rootId });
  const job = await openJob({
    kind: 'departmentGroups',
    subject: rootId,
    title: `为“${root.path}”的下级部门建群`,
    targetId: rootId,
    total: departmentsUnder(company.departments, rootId).length,
    unit: '个部门',
    startedBy: { id: admin._id, name: admin.name },
  });
  return inJob(job._id, () => step(job, admin, rootId, deadline));
}

/** The repair run's continuation of a job whose caller went away. */
export async function continueDepartmentGroups(
  job: JobDoc<'departmentGroups'>,
  deadline: number,
): Promise<DepartmentGroupsResult> {
  const admin = await getEmployee(job.startedBy.id);
  if (!admin?.openid || admin.status !== 'active' || !job.targetId) {
    // Nobody left to act for: the job ends where it is (what was made stays made).
    await finishJob(job._id);
    return { items: [], remaining: 0, done: true };
  }
  return inJob(job._id, () => step(job, admin, job.targetId as string, deadline));
}

async function step(
  job: JobDoc<'departmentGroups'>,
  admin: EmployeeDoc,
  rootId: string,
  deadline: number,
): Promise<DepartmentGroupsResult> {
  const company = await loadCompany();
  const root = company.departments.find((d) => d._id === rootId);
  const targets = root ? departmentsUnder(company.departments, rootId) : [];
  const takesPart = scopeMatcher(company.settings.usageScope, company.departments);
  const items: DepartmentGroupOutcome[] = [];
  let attempts = 0;
  for (const d of targets) {
    if (attempts >= DEPARTMENTS_PER_STEP || Date.now() >= deadline) break;
    const base = { departmentId: d._id, departmentName: d.name };
    // A department that has its group costs two reads, not a create attempt.
    const had = await onceGroup(departmentGroupKey(d._id));
    if (had) {
      items.push({
        ...base,
        outcome: 'existing',
        conversationId: had._id,
        groupName: had.name,
        ownerName: null,
        memberCount: had.memberCount,
        reason: null,
      });
      continue;
    }
    attempts++;
    const own = await activeEmployeesInDepartments([d._id]);
    const owner = pickDepartmentOwner(d._id, own, takesPart) ?? admin;
    try {
      const res = await doCreateGroup(
        owner,
        admin.openid ?? '',
        // Auto-synced: the group follows its department from now on (services/orgSync.ts).
        { name: departmentGroupName(d.name), departmentIds: [d._id], autoSync: true },
        { actor: admin, onceKey: departmentGroupKey(d._id) },
      );
      items.push({
        ...base,
        outcome: res.made ? 'created' : 'existing',
        conversationId: res.conversation.id,
        groupName: res.conversation.name,
        ownerName: res.made ? owner.name : null,
        memberCount: res.conversation.memberCount,
        reason: null,
      });
    } catch (e) {
      if (!isAppError(e)) throw e;
      items.push({
        ...base,
        outcome: 'failed',
        conversationId: null,
        groupName: null,
        ownerName: owner.name,
        memberCount: 0,
        reason: e.message,
      });
    }
  }
  const remaining = targets.length - items.length;
  if (remaining === 0) await finishJob(job._id, targets.length);
  else await jobProgress(job, items.length, { total: targets.length });
  await recordAudit({
    actorId: admin._id,
    actorName: admin.name,
    action: 'department.createGroups',
    targetType: 'department',
    targetId: rootId,
    details: {
      path: root?.path ?? '',
      departments: targets.length,
      created: items.filter((i) => i.outcome === 'created').length,
      failed: items.filter((i) => i.outcome === 'failed').length,
      remaining,
    },
    at: clock.now(),
  });
  return { items, remaining, done: remaining === 0 };
}
