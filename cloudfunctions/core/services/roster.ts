// Roster import: parse → plan (domain/rosterPlan.ts, pure) → write in batches → offboard the
// rows marked departed, in steps of the import's job (services/rosterDepartures.ts) → one audit
// entry once the last leaver is out.
//
// Cost: a few reads of the whole roster, then one request per 500 new departments/employees and
// one per group of identical updates (500 ids each) — for 5,000 rows a dozen or so writes, not
// 5,000 (bench/roster.bench.ts measures it).
//
// Consistency: imports run one at a time under a lease (store/employees.ts), so two imports
// cannot both create the same person. Writes only $set the roster fields they change, so a
// binding made meanwhile (employee.openid) is never overwritten. The steps are not one
// transaction (5,000 documents cannot be): if an import dies part way, running it again
// converges, because rows are matched by 工号/mobile and unchanged rows write nothing.
import type { ImportResult } from '../../../typings/api';
import { errors } from '../domain/errors';
import { newId } from '../domain/ids';
import { newInviteCode } from '../domain/invite';
import { isRejection, parseRosterRow, rejectDuplicates, type RosterRow } from '../domain/roster';
import { MAX_IMPORT_ROWS, parseRosterFile, type NumberedRow } from '../domain/rosterFile';
import { groupUpdates, planImport } from '../domain/rosterPlan';
import { clock } from '../platform/clock';
import { stepBudgetMs, timeoutMs } from '../platform/functions';
import { cloud } from '../platform/cloud';
import { deleteStoredFiles } from '../platform/storage';
import { recordAudit } from '../store/audit';
import { addDepartments, loadAllDepartments } from '../store/departments';
import { markTreeChanged } from '../store/departmentTree';
import {
  acquireImportLease,
  addEmployees,
  loadRosterSnapshot,
  releaseImportLease,
  updateEmployees,
} from '../store/employees';
import { withTransaction } from '../store/transaction';
import { findJob, type JobDoc } from './jobs';
import { departmentsChangedByImport } from '../domain/orgSync';
import type { Actor } from './membership';
import { continueReorg, openReorg, reorgNeeded } from './orgSync';
import { requestKey } from './reservations';
import { continueImport, openImportJob } from './rosterDepartures';

/**
 * The admin function dies at its timeout, so a lease a little longer than that is never lost by a
 * live import and outlives a killed one by seconds (not the quarter of an hour it once did).
 */
const LEASE_MS = timeoutMs('admin') + 5000;

export type RosterSource = { rows: Record<string, unknown>[] } | { fileId: string };

async function readSource(source: RosterSource): Promise<NumberedRow[]> {
  if ('rows' in source) {
    if (source.rows.length > MAX_IMPORT_ROWS) throw errors.rosterTooLong({ max: MAX_IMPORT_ROWS });
    return source.rows.map((raw, i) => ({ row: i + 1, raw }));
  }
  let content: Buffer;
  try {
    const res = (await cloud.downloadFile({ fileID: source.fileId })) as { fileContent: Buffer };
    content = Buffer.from(res.fileContent);
  } catch {
    throw errors.rosterFileMissing({ fileId: source.fileId });
  }
  return parseRosterFile(content, source.fileId);
}

/**
 * Imports the rows, or — the same import called again while its departures are unfinished —
 * continues them (`remainingDepartures` in the answer says more calls are needed). An uploaded
 * roster file is deleted once its rows are written or the import failed, whatever its outcome
 * (the page uploads afresh for every attempt): a spreadsheet of names and mobile numbers must not
 * linger in storage. Only a function killed mid-import leaves its file behind.
 */
export async function doImportRoster(source: RosterSource, actor: Actor): Promise<ImportResult> {
  // Leavers' groups stop being left past 80% of the step budget, like an offboarding's.
  const deadline = Date.now() + stepBudgetMs('admin') * 0.8;
  // The same import retried (same rows or file, same admin) is the same job and holds the same
  // lease: a killed import's retry goes ahead instead of waiting for the lease to run out.
  const holder = requestKey('import', actor.id, JSON.stringify(source));
  const pending = await findJob('import', holder);
  if (pending && pending.status !== 'done') {
    // Its moves first (a killed first call may have left its reorg job unfinished too).
    await continueReorg(holder, deadline);
    return continueImport(pending, actor, deadline);
  }
  let job: JobDoc<'import'> | ImportResult;
  try {
    job = await importRows(source, actor, holder);
  } finally {
    if ('fileId' in source) await deleteStoredFiles([source.fileId]).catch(() => 0);
  }
  return 'kind' in job ? continueImport(job, actor, deadline) : job;
}

/** Writes the roster; the departures it plans become a job (returned), or the result when there are none. */
async function importRows(
  source: RosterSource,
  actor: Actor,
  holder: string,
): Promise<JobDoc<'import'> | ImportResult> {
  const numbered = await readSource(source);
  const parsed = numbered.map((r) => parseRosterRow(r.row, r.raw));
  const invalid = parsed.filter(isRejection);
  const { kept, rejected: duplicates } = rejectDuplicates(
    parsed.filter((r): r is RosterRow => !isRejection(r)),
  );

  const busyUntil = await withTransaction((tx) => acquireImportLease(tx, holder, clock.now(), LEASE_MS));
  if (busyUntil !== null) throw errors.rosterBusy();
  try {
    const now = clock.now();
    const [roster, departments] = await Promise.all([loadRosterSnapshot(), loadAllDepartments()]);
    const plan = planImport(kept, roster, departments, { now, newId, newInviteCode });
    // Auto-synced groups follow the people who move, join or come back: the reorg job is opened
    // before the writes, so a killed import leaves it for the retry or the repair run.
    const moved = departmentsChangedByImport(plan, roster);
    if (moved.length && (await reorgNeeded(moved, [...departments, ...plan.newDepartments])))
      await openReorg(holder, moved, 'import', actor);

    // Parents before children and departments before the people in them: a reader never sees
    // an employee pointing at a department that does not exist yet.
    if (plan.newDepartments.length) await addDepartments(plan.newDepartments);
    // The address book's tree (store/departmentTree.ts) is built again on next read. Stamped too
    // when people move in: the retry of an import killed between adding and stamping stamps
    // before anyone is put in the departments it added (instances keep the tree while it holds).
    if (plan.newDepartments.length || moved.length) await markTreeChanged();
    if (plan.creates.length) await addEmployees(plan.creates);
    for (const g of groupUpdates(plan.updates)) await updateEmployees(g.ids, g.patch);

    // Before the departures: newcomers and movers are in their groups at once.
    const reorg = await continueReorg(holder);
    const rejected = [...invalid, ...duplicates, ...plan.rejected].sort((x, y) => x.row - y.row);
    const result: ImportResult = {
      created: plan.counts.created,
      updated: plan.counts.updated,
      unchanged: plan.counts.unchanged,
      departed: 0,
      departmentsCreated: plan.newDepartments.length,
      ...(plan.unassigned.length ? { unassignedRows: plan.unassigned } : {}),
      rejected,
      invites: plan.invites,
      ...(reorg && !reorg.done ? { remainingGroups: reorg.remainingGroups } : {}),
    };
    const audit = {
      source: 'fileId' in source ? 'file' : 'rows',
      ...('fileId' in source ? { fileId: source.fileId } : {}),
      rows: numbered.length,
      created: result.created,
      updated: result.updated,
      unchanged: result.unchanged,
      departed: 0,
      rejected: rejected.length,
      departmentsCreated: result.departmentsCreated,
    };
    // Leavers are offboarded in steps of a job, outside the lease: each offboarding is safe on
    // its own, and the next import need not wait for hundreds of groups to be left.
    if (plan.departures.length)
      return await openImportJob(holder, actor, numbered.length, {
        result,
        left: plan.departures,
        marked: 0,
        audit,
      });
    await recordAudit({
      actorId: actor.id,
      actorName: actor.name,
      action: 'roster.import',
      targetType: 'roster',
      targetId: null,
      details: audit,
      at: now,
    });
    return result;
  } finally {
    await releaseImportLease(holder);
  }
}
