// Repair after crashes and timeouts. CloudBase kills a function at its timeout and instances die;
// every multi-step action leaves a record of unfinished work (a seat reservation, a group still
// `creating`, a job, a lease) that is harmless while it waits. This finds what was left behind
// longer than any live call could still be working on it (older than the longest function
// timeout) and finishes or rolls it back, through the same code a retry of the action runs.
// Idempotent: a repair that finds nothing to do writes nothing; bounded: each repair takes a
// limited batch per run and the run stops starting new work past its time budget, so one run
// fits well inside the maintenance function's timeout and the next run continues.
import { clock } from '../platform/clock';
import { stepBudgetMs } from '../platform/functions';
import { removeExpiredLeases } from '../store/employees';
import { deleteExpiredExports } from './exportCleanup';

export interface RepairOutcome {
  /** Things finished or rolled back in this run. */
  repaired: number;
  /** True when the batch was full or the budget ran out: the next run has more to do. */
  more: boolean;
}

export interface Repair {
  name: string;
  run(now: number, deadline: number): Promise<RepairOutcome>;
}

export interface MaintenanceReport {
  startedAt: number;
  repairs: { name: string; repaired: number; more: boolean }[];
  /** Something is left for the next run. */
  more: boolean;
}

const REPAIRS: Repair[] = [
  { name: 'expiredLeases', run: async (now) => ({ repaired: await removeExpiredLeases(now), more: false }) },
  { name: 'expiredExports', run: (now) => deleteExpiredExports(now) },
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
    report.repairs.push({ name: repair.name, ...out });
    if (out.more) report.more = true;
  }
  return report;
}
