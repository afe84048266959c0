// Repair after crashes and timeouts. CloudBase kills a function at its timeout and instances die;
// every multi-step action leaves a record of unfinished work (a seat reservation, a group still
// `creating`, a job, a lease) that is harmless while it waits. This finds what was left behind
// longer than any live call could still be working on it (older than the longest function
// timeout) and finishes or rolls it back, through the same code a retry of the action runs.
// Idempotent: a repair that finds nothing to do writes nothing; bounded: each repair takes a
// limited batch per run and the run stops starting new work past its time budget, so one run
// fits well inside the maintenance function's timeout and the next run continues.
import type { JobKind, MaintenanceReport } from '../../../typings/api';
import { clock } from '../platform/clock';
import { ABANDONED_AFTER_MS, stepBudgetMs, timeoutMs } from '../platform/functions';
import { startOfChinaDay } from '../domain/backoffice';
import { verifyHours } from '../store/messageCounts';
import { conversationsBeingDeleted } from '../store/conversations';
import { removeExpiredLeases, unfinishedOffboardings } from '../store/employees';
import { abandonedJobs } from '../store/jobs';
import { failJob, type JobDoc } from './jobs';
import { continueDepartmentGroups } from './departmentGroups';
import { continueImport } from './rosterDepartures';
import { runReorg } from './orgSync';
import { finishReservation, staleReservations } from './reservations';
import { finishOffboarding } from './rosterOffboard';
import { doDeleteGroup } from './backoffice';
import { deleteExpiredExports } from './exportCleanup';
import { backfillSearchTerms } from './searchBackfill';
import { archiveRecalledContent } from './archiveRepair';
import { backfillNameKeys } from './nameKeysBackfill';
import { repairSentCounts } from './sentCounts';
import { fillRosterStatuses } from './rosterStatuses';
import { sequenceAll } from './sequencer';
import { memberId } from '../store/documents';
import { advanceReadSeq } from '../store/messages';
import { conversationsWithStalePending } from '../store/pendingMessages';
import { indexMessage } from '../store/searchTerms';
import { repairDirectoryIndex } from './directoryRepair';

export interface RepairOutcome {
  /** Things finished or rolled back in this run. */
  repaired: number;
  /** True when the batch was full or the budget ran out: the next run has more to do. */
  more: boolean;
}

export interface Repair {
  name: string;
  /** What it does, in Chinese, for the back office's report. */
  label: string;
  run(now: number, deadline: number): Promise<RepairOutcome>;
}

export type { MaintenanceReport };

/** More than a day's hours: one run always reaches the present (admin.stats shows today). */
const HOURS_A_RUN = 25;

/** Items each repair takes per run: small enough that a run stays well inside its timeout. */
const BATCH = 20;

/** Runs `work` on each item until the batch or the time budget is used up. */
async function each<T>(items: readonly T[], deadline: number, work: (item: T) => Promise<unknown>) {
  let repaired = 0;
  for (const item of items) {
    if (Date.now() >= deadline) return { repaired, more: true };
    await work(item);
    repaired++;
  }
  return { repaired, more: items.length >= BATCH };
}

/**
 * How the repair continues a job whose call died, by kind. Offboardings and deletions are found
 * by their own marks (offboardingAt, status 'deleting') below and need no entry; a kind without
 * an entry is only shown on the admin pages.
 */
/** Each kind's next step, given a job of that kind. */
export const JOB_RUNNERS: { [K in JobKind]?: (job: JobDoc<K>, deadline: number) => Promise<unknown> } = {
  import: (job, deadline) => continueImport(job, job.startedBy, deadline),
  // Reconciles of auto-synced groups: the job goes on from the group it stopped at (services/orgSync.ts).
  reorg: (job, deadline) => runReorg(job, deadline),
  departmentGroups: continueDepartmentGroups,
  // Nobody waits for a dead export's file: it is reported failed (once), and the admin exports again.
  export: (job) => failJob(job._id, '导出被中断，请重新导出'),
};

/** Failed jobs the repair leaves alone (retrying cannot help; the admin starts them again). */
const FINAL_WHEN_FAILED: readonly JobKind[] = ['export'];

const REPAIRS: Repair[] = [
  {
    // Seats reserved by calls that died: write the members still missing, give back the rest,
    // and turn half-created groups active (services/reservations.ts).
    name: 'reservations',
    label: '补完被中断的建群和加人',
    run: async (now, deadline) =>
      each(await staleReservations(now - ABANDONED_AFTER_MS, BATCH), deadline, (r) =>
        finishReservation(r.id, r.rid),
      ),
  },
  {
    // Offboardings killed part way: the person leaves the groups they are still in.
    name: 'offboardings',
    label: '完成被中断的离职',
    run: async (now, deadline) =>
      each(await unfinishedOffboardings(now - ABANDONED_AFTER_MS, BATCH), deadline, (e) =>
        finishOffboarding(e._id, e.offboardedBy ?? { id: 'system', name: '系统' }, deadline),
      ),
  },
  {
    // Deletes killed part way: the purge is finished (files, members, messages, then the group).
    // A delete is refused to everyone from its first step, so finishing it early races no one
    // but a retry of the same delete, which is safe.
    name: 'deletes',
    label: '完成被中断的删除群聊',
    run: async (_now, deadline) =>
      each(await conversationsBeingDeleted(BATCH), deadline, (c) => {
        const by = c.deletingBy ?? { id: 'system', name: '系统' };
        return doDeleteGroup({ _id: by.id, name: by.name }, c._id);
      }),
  },
  {
    // Messages inserted by sends that died before they were numbered (services/sequencer.ts):
    // numbered now, as a retry of the send would; the sender's own read marker follows.
    name: 'pendingMessages',
    label: '补齐未编号的消息',
    run: async (now, deadline) =>
      each(await conversationsWithStalePending(now - ABANDONED_AFTER_MS, BATCH), deadline, async (id) => {
        for (const m of await sequenceAll(id)) {
          if (m.senderId) await advanceReadSeq(memberId(id, m.senderId), m.seq);
          await indexMessage(m);
        }
      }),
  },
  {
    // Jobs (services/jobs.ts) nobody has advanced since longer than a call lives: the next step.
    name: 'jobs',
    label: '继续被中断的后台任务',
    run: async (now, deadline) =>
      each(
        (await abandonedJobs(now - ABANDONED_AFTER_MS, BATCH)).filter(
          (j) => JOB_RUNNERS[j.kind] && !(j.status === 'failed' && FINAL_WHEN_FAILED.includes(j.kind)),
        ),
        deadline,
        // A step that fails is recorded on its job (lastError, shown to admins) and must not
        // stop the other repairs: the next run tries it again.
        (j) =>
          // The runner was picked by this job's kind (TypeScript cannot pair the two by itself).
          (JOB_RUNNERS[j.kind] as (job: JobDoc, deadline: number) => Promise<unknown>)(j, deadline).catch(
            () => undefined,
          ),
      ),
  },
  {
    name: 'expiredLeases',
    label: '清除过期的导入锁',
    run: async (now) => ({ repaired: await removeExpiredLeases(now), more: false }),
  },
  { name: 'expiredExports', label: '删除过期的导出文件', run: (now) => deleteExpiredExports(now) },
  // Content of messages recalled before the archive existed, moved out of members' reach.
  { name: 'recalledContent', label: '归档早先撤回的消息内容', run: archiveRecalledContent },
  { name: 'sentCounts', label: '补算群消息数', run: repairSentCounts },
  // Roster statuses of entries stored before the field existed (services/rosterStatuses.ts).
  { name: 'rosterStatuses', label: '补存员工的名册状态', run: fillRosterStatuses },
  { name: 'nameKeys', label: '补建姓名与群名搜索词', run: backfillNameKeys },
  { name: 'directoryIndex', label: '修复通讯录索引与部门人数', run: (now) => repairDirectoryIndex(now) },
  {
    // admin.stats' hourly message counters: closed hours recounted from the messages (a send
    // killed before its increment is counted), today's (what admin.stats shows).
    name: 'messageCounts',
    label: '核对每小时消息数',
    run: async (now) => {
      const { checked, corrected } = await verifyHours(
        startOfChinaDay(now),
        now - timeoutMs('messages'),
        HOURS_A_RUN,
      );
      return { repaired: corrected, more: checked === HOURS_A_RUN };
    },
  },
  // Last: it files batches until the run's budget is spent (after a deploy that changes the
  // postings it refiles every message), and the steps above must not wait behind it.
  { name: 'searchTerms', label: '补建消息搜索索引', run: backfillSearchTerms },
];

/** One bounded pass over every repair, in order; stops starting repairs once the budget is spent. */
export async function runMaintenance(budgetMs = stepBudgetMs('maintenance')): Promise<MaintenanceReport> {
  const started = Date.now();
  const deadline = started + budgetMs;
  const now = clock.now();
  const report: MaintenanceReport = { startedAt: now, repairs: [], more: false };
  for (const repair of REPAIRS) {
    if (Date.now() >= deadline) {
      report.more = true;
      break;
    }
    const out = await repair.run(now, deadline);
    report.repairs.push({ name: repair.name, label: repair.label, ...out });
    if (out.more) report.more = true;
  }
  return report;
}
