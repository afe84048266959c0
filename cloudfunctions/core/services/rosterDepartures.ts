// An import's departures (rows marked 离职), as steps of the import's job. An import of 10,000 rows
// writes its roster changes in a dozen requests, but each leaver may be in dozens of groups and
// every group is one leave (a transaction): 100 leavers in 5 groups each is thousands of
// requests, far past one call's timeout. So once the roster is written, the departures left are
// recorded in the import's job (services/jobs.ts, kind 'import') and worked off in steps:
// 1. every leaver is marked departed first (their access ends within the first step or two);
// 2. then they leave their groups, one leaver after another, until the step's deadline.
// The same import retried (the admin page calls it again while `remainingDepartures` > 0) and the
// repair run continue the job; its state says who is left, the result so far and the audit
// details, so the roster file (deleted once its rows are written) is never needed again.
import type { ImportResult } from '../../../typings/api';
import { isAppError } from '../domain/errors';
import type { ImportJobState } from '../domain/jobs';
import { clock } from '../platform/clock';
import { recordAudit } from '../store/audit';
import { finishJob, inJob, jobProgress, openJob, type JobDoc } from './jobs';
import type { Actor } from './membership';
import { doMarkDeparted, finishOffboarding } from './rosterOffboard';

/** Records the roster's departures as the import's job (before any of them is touched). */
export function openImportJob(
  holder: string,
  actor: Actor,
  rows: number,
  state: ImportJobState,
): Promise<JobDoc<'import'>> {
  return openJob({
    kind: 'import',
    subject: holder,
    title: `导入花名册（${rows}行）：办理离职`,
    total: state.left.length,
    unit: '人',
    startedBy: actor,
    state,
  });
}

/**
 * One step of an import's departures, up to `deadline` (wall clock): the result with
 * `remainingDepartures` while leavers are left, the final result (and the audit entry) once none are.
 */
export function continueImport(job: JobDoc<'import'>, actor: Actor, deadline: number): Promise<ImportResult> {
  return inJob(job._id, () => importStep(job, actor, deadline));
}

async function importStep(job: JobDoc<'import'>, actor: Actor, deadline: number): Promise<ImportResult> {
  const state = job.state;
  const result = { ...state.result, rejected: [...state.result.rejected] };
  const left = [...state.left];
  let marked = state.marked;
  const dropped = (i: number, reason?: string) => {
    const [d] = left.splice(i, 1);
    if (reason) result.rejected.push({ row: d.row, reason });
    else result.departed++;
  };

  // 1. Access ends first, for everyone.
  while (marked < left.length && Date.now() < deadline) {
    try {
      await doMarkDeparted(left[marked].employeeId, actor, 'import');
      marked++;
    } catch (e) {
      if (!isAppError(e)) throw e;
      dropped(marked, e.message); // e.g. the company's last admin: never offboarded
    }
  }
  // 2. Groups, leaver by leaver.
  while (marked > 0 && left.length && Date.now() < deadline) {
    const out = await finishOffboarding(left[0].employeeId, actor, deadline, null);
    if (out.remainingGroups) break;
    dropped(0);
    marked--;
  }

  const total = job.total;
  if (left.length) {
    await jobProgress(job, total - left.length, {
      state: { result, left, marked },
    });
    return { ...result, remainingDepartures: left.length };
  }
  result.rejected.sort((a, b) => a.row - b.row);
  // The entry first: a step killed between the two is repeated and writes it again, which is
  // better than a finished import with no entry.
  await recordAudit({
    actorId: job.startedBy.id,
    actorName: job.startedBy.name,
    action: 'roster.import',
    targetType: 'roster',
    targetId: null,
    details: { ...state.audit, departed: result.departed, rejected: result.rejected.length },
    at: clock.now(),
  });
  await finishJob(job._id, total);
  return result;
}
