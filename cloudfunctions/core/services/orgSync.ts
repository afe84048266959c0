// The one entry point for "people moved in the org chart": every auto-synced group the change
// touches follows its departments again (services/autoSync.ts, one group at a time).
//
// A reorganisation can touch many groups, so it is a job (services/jobs.ts, kind 'reorg'), never
// one giant request: the job records the departments that changed, then the groups to visit
// (decided by its first step from the tree at that time) and how many are done. A step
// reconciles groups until its deadline, recording progress after each group; a group reconciled
// twice ends the same (reconcileGroup is idempotent and safe to race), so a step killed anywhere
// loses nothing: the caller's retry (same key: the same job) continues, and otherwise the repair
// run (services/maintenance.ts) continues jobs nobody advanced for longer than a call lives.
//
// Callers open the job BEFORE writing their change (openReorg) and run it after: a call killed
// between its writes and the reconcile leaves a job that finishes it, and a retry that finds its
// writes already made still continues that job instead of deciding there is nothing to do.
import crypto from 'crypto';
import { ancestorsOrSelf, touchesGroup } from '../domain/orgSync';
import type { ReorgState } from '../domain/jobs';
import type { DepartmentNode } from '../domain/scope';
import { stepBudgetMs, type DeployedFunction } from '../platform/functions';
import { autoSyncedGroups } from '../store/conversations';
import { reconcileGroup } from './autoSync';
import { loadCompany } from './groupGates';
import { findJob, finishJob, jobId, jobProgress, openJob, type JobDoc } from './jobs';
import type { Actor } from './membership';
import { requestKey } from './reservations';

export interface ReconcileOptions {
  /** Names the job: the same key again (a retry of the same action) continues the same job. */
  key?: string;
  by?: Actor;
  /** Wall-clock time (Date.now()) after which no new group is started. */
  deadline?: number;
  /** Reconcile exactly these groups too (turning autoSync on names its group). */
  conversationIds?: string[];
  /** One line per person (a reorganisation) or one per step (turning autoSync on). */
  lines?: 'each' | 'summary';
  /** Shown on the admin pages' job list. */
  title?: string;
}

export interface ReconcileProgress {
  jobId: string;
  done: boolean;
  /** Groups not visited yet (0 when done). */
  remainingGroups: number;
}

const SYSTEM: Actor = { id: 'system', name: '系统' };

const TITLES: Record<string, string> = {
  import: '花名册导入：同步部门群',
  employee: '调整员工部门：同步部门群',
  department: '调整部门：同步部门群',
  autoSync: '开启自动同步：同步部门成员',
};

/** The job's subject for a caller's key (JobDoc ids are `${kind}_${subject}`). */
const subjectOf = (key: string): string => requestKey('reorg', key);

export const reorgJobId = (key: string): string => jobId('reorg', subjectOf(key));

/** A default deadline: 80% of a step of `fn`, leaving room to record progress. */
export const stepDeadline = (fn: DeployedFunction = 'admin'): number => Date.now() + stepBudgetMs(fn) * 0.8;

/**
 * Opens the job for `key` (before the caller writes its change). An unfinished job of the same
 * key is kept with its progress (a retry); a finished one starts over with the new change.
 */
export function openReorg(
  key: string,
  departmentIds: readonly string[],
  reason: string,
  by: Actor = SYSTEM,
  extra: Omit<ReorgState, 'departmentIds' | 'groupIds'> & { title?: string } = {},
): Promise<JobDoc<'reorg'>> {
  const { title, ...rest } = extra;
  const state: ReorgState = { departmentIds: [...new Set(departmentIds)].sort(), ...rest };
  return openJob({
    kind: 'reorg',
    subject: subjectOf(key),
    title: title ?? TITLES[reason] ?? '组织调整：同步部门群',
    total: 0,
    unit: '个群',
    startedBy: { id: by.id, name: by.name },
    state,
  });
}

/**
 * Whether a change of these departments touches any auto-synced group, judged on `departments`
 * (pass the tree as it will be, e.g. with an import's new departments). One read; lets a caller
 * skip the job when the company has no group following those departments.
 */
export async function reorgNeeded(
  departmentIds: readonly string[],
  departments: readonly DepartmentNode[],
): Promise<boolean> {
  const touched = ancestorsOrSelf(departments, departmentIds);
  if (!touched.size) return false;
  return (await autoSyncedGroups([...touched])).some((c) => touchesGroup(c.departmentIds, touched));
}

/** The unfinished job of `key`, if a killed call left one. */
export async function pendingReorg(key: string): Promise<JobDoc<'reorg'> | null> {
  const job = await findJob('reorg', subjectOf(key));
  return job && job.status !== 'done' ? job : null;
}

/**
 * THE entry point: every auto-synced group linked to one of `departmentIds` or to one of their
 * ancestors follows its departments again. Pass every department whose people changed, old and
 * new (a person moved A→B: [A, B]; a department D moved from parent P: [D, P]). Opens the job
 * (or continues the one of `key`) and runs it until `deadline`; the rest is left to a retry with
 * the same key or to the repair run.
 */
export async function reconcileDepartments(
  departmentIds: readonly string[],
  reason: string,
  options: ReconcileOptions = {},
): Promise<ReconcileProgress> {
  const key = options.key ?? crypto.randomBytes(12).toString('hex');
  const job = await openReorg(key, departmentIds, reason, options.by, {
    conversationIds: options.conversationIds,
    lines: options.lines,
    title: options.title,
  });
  return runReorg(job, options.deadline ?? stepDeadline());
}

/**
 * One step of a reorg job: the groups not done yet, until `deadline` (wall clock). Answers the
 * progress. Also what the repair run calls for a job whose call died.
 */
export async function runReorg(job: JobDoc<'reorg'>, deadline: number): Promise<ReconcileProgress> {
  if (job.status === 'done') return { jobId: job._id, done: true, remainingGroups: 0 };
  const state = job.state;
  const company = await loadCompany();
  let groupIds = state.groupIds;
  if (!groupIds) {
    const touched = ancestorsOrSelf(company.departments, state.departmentIds ?? []);
    const found = touched.size
      ? (await autoSyncedGroups([...touched]))
          .filter((c) => touchesGroup(c.departmentIds, touched))
          .map((c) => c._id)
      : [];
    groupIds = [...new Set([...(state.conversationIds ?? []), ...found])];
    await jobProgress(job, job.done, { total: groupIds.length, state: { groupIds } });
  }
  const by: Actor = job.startedBy;
  for (let i = job.done; i < groupIds.length; i++) {
    if (Date.now() >= deadline) return { jobId: job._id, done: false, remainingGroups: groupIds.length - i };
    await reconcileGroup(groupIds[i], company, by, state.lines ?? 'each');
    await jobProgress(job, i + 1);
  }
  await finishJob(job._id, groupIds.length);
  return { jobId: job._id, done: true, remainingGroups: 0 };
}

/** A retry of the action of `key` (or a later call of the same import) continues its unfinished job. */
export async function continueReorg(
  key: string,
  deadline = stepDeadline(),
): Promise<ReconcileProgress | null> {
  const job = await pendingReorg(key);
  return job ? runReorg(job, deadline) : null;
}
