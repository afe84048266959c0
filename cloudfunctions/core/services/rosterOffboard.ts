// Offboarding (离职). Two steps, each safe to repeat:
// 1. One transaction on the employee: status departed, openid cleared and the binding document
//    removed (so the very next call from that WeChat is UNAUTHENTICATED), admin rights dropped
//    (never the last admin: see rosterAdmin.ts), audited.
// 2. leaveAllConversations (services/departure.ts): out of every group, ownership handed to the
//    earliest-joined remaining member, empty groups dissolved — one transaction per group.
// Step 1 also sets offboardingAt, and step 2 clears it once the person is out of every group: if
// step 2 stops part way, offboarding the (already departed) employee again finishes it, and so
// does the repair run (services/maintenance.ts), which looks for offboardingAt.
// An admin's offboarding is also a job (services/jobs.ts, kind 'offboard'): the admin pages show
// its progress in groups; the steps of an import's departures are counted in the import's job.
import type { OffboardResult } from '../../../typings/api';
import { errors } from '../domain/errors';
import { clock } from '../platform/clock';
import { stepBudgetMs } from '../platform/functions';
import { recordAudit } from '../store/audit';
import { removeBindingTx } from '../store/bindings';
import { getEmployeeTx, listActiveAdmins, markOffboarded, updateEmployeeTx } from '../store/employees';
import { reindexEmployees } from '../store/directoryIndex';
import { withTransaction } from '../store/transaction';
import { leaveAllConversations } from './departure';
import { findJob, finishJob, jobProgress, openJob, type JobDoc } from './jobs';
import type { Actor } from './membership';
import { checkAnotherAdminTx } from './rosterAdmin';

/** Step 1 only: who it is, and whether leaving their groups is still to do. */
export async function doMarkDeparted(
  employeeId: string,
  actor: Actor,
  via: 'offboard' | 'import',
): Promise<{ name: string; pending: boolean }> {
  const marked = await withTransaction(async (tx) => {
    const e = await getEmployeeTx(tx, employeeId);
    if (!e) throw errors.employeeNotFound();
    if (e.status === 'departed') return { name: e.name, pending: e.offboardingAt != null };
    if (e.isAdmin) await checkAnotherAdminTx(tx, e._id, await listActiveAdmins(), 'lastAdminOffboard');
    if (e.openid) await removeBindingTx(tx, e.openid);
    const now = clock.now();
    await updateEmployeeTx(tx, e._id, {
      status: 'departed',
      departedAt: now,
      openid: null,
      ...(e.openid ? { formerOpenid: e.openid } : {}),
      isAdmin: false,
      updatedAt: now,
      offboardingAt: now,
      rosterStatus: 'offboarding',
      offboardedBy: { id: actor.id, name: actor.name },
    });
    await recordAudit(
      {
        actorId: actor.id,
        actorName: actor.name,
        action: 'employee.offboard',
        targetType: 'employee',
        targetId: e._id,
        before: { status: e.status, bound: !!e.openid, isAdmin: e.isAdmin },
        after: { status: 'departed' },
        details: { name: e.name, via },
        at: now,
      },
      tx,
    );
    return { name: e.name, pending: true };
  });
  // Out of the address book and the department counts (maintenance finishes it after a crash;
  // a retry finds nothing left to write).
  await reindexEmployees([employeeId]);
  return marked;
}

export async function doOffboard(
  employeeId: string,
  actor: Actor,
  via: 'offboard' | 'import' = 'offboard',
): Promise<OffboardResult> {
  // No new group is started past 80% of the step budget: the one in progress and the final
  // mark still finish inside it.
  const deadline = Date.now() + stepBudgetMs('admin') * 0.8;
  const { name, pending } = await doMarkDeparted(employeeId, actor, via);
  const job =
    via === 'offboard' && pending
      ? await openJob({
          kind: 'offboard',
          subject: employeeId,
          title: `办理离职：${name}`,
          targetId: employeeId,
          total: 0,
          unit: '个群',
          startedBy: actor,
        })
      : null;
  return finishOffboarding(employeeId, actor, deadline, job);
}

/**
 * Step 2 as far as `deadline` allows, then the mark that says it is done. Someone in hundreds of
 * groups takes several steps: `remainingGroups` says how many memberships are left, and the
 * admin's next offboard of them (or the repair run) continues.
 */
export async function finishOffboarding(
  employeeId: string,
  actor: Actor,
  deadline = Infinity,
  job?: JobDoc<'offboard'> | null,
): Promise<OffboardResult> {
  const { remaining, total, ...out } = await leaveAllConversations(employeeId, actor, deadline);
  // The repair run passes no job: the admin's, if there is one, still shows the progress.
  const record = job === undefined ? await findJob('offboard', employeeId) : job;
  const tracked = record && record.status !== 'done' ? record : null;
  // The first step sees every membership: that is the job's total; later steps count down from it.
  const jobTotal = tracked?.total || total;
  if (remaining) {
    if (tracked) await jobProgress(tracked, Math.max(0, jobTotal - remaining), { total: jobTotal });
    return { ...out, remainingGroups: remaining };
  }
  // The job first: once offboardingAt is cleared nothing looks for the job any more.
  if (tracked) await finishJob(tracked._id, jobTotal);
  await markOffboarded(employeeId);
  return out;
}
