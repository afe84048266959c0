// Roster import: parse → plan (domain/rosterPlan.ts, pure) → write in batches → offboard the
// rows marked departed → one audit entry.
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
import { isAppError, errors } from '../domain/errors';
import { newId } from '../domain/ids';
import { newInviteCode } from '../domain/invite';
import { isRejection, parseRosterRow, rejectDuplicates, type RosterRow } from '../domain/roster';
import { MAX_IMPORT_ROWS, parseRosterFile, type NumberedRow } from '../domain/rosterFile';
import { groupUpdates, planImport } from '../domain/rosterPlan';
import { clock } from '../platform/clock';
import { timeoutMs } from '../platform/functions';
import { cloud } from '../platform/cloud';
import { deleteStoredFiles } from '../platform/storage';
import { recordAudit } from '../store/audit';
import { addDepartments, loadAllDepartments } from '../store/departments';
import {
  acquireImportLease,
  addEmployees,
  loadRosterSnapshot,
  releaseImportLease,
  unfinishedOffboardings,
  updateEmployees,
} from '../store/employees';
import { withTransaction } from '../store/transaction';
import type { Actor } from './membership';
import { requestKey } from './reservations';
import { doOffboard, finishOffboarding } from './rosterOffboard';

/** Unfinished offboardings an import finishes on its way (the repair run takes the rest). */
const PENDING_OFFBOARDINGS = 50;

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
 * Imports the rows. An uploaded roster file is deleted once the import is over, whatever its
 * outcome (the page uploads afresh for every attempt): a spreadsheet of names and mobile numbers
 * must not linger in storage. Only a function killed mid-import leaves its file behind.
 */
export async function doImportRoster(source: RosterSource, actor: Actor): Promise<ImportResult> {
  try {
    return await importRows(source, actor);
  } finally {
    if ('fileId' in source) await deleteStoredFiles([source.fileId]).catch(() => 0);
  }
}

async function importRows(source: RosterSource, actor: Actor): Promise<ImportResult> {
  const numbered = await readSource(source);
  const parsed = numbered.map((r) => parseRosterRow(r.row, r.raw));
  const invalid = parsed.filter(isRejection);
  const { kept, rejected: duplicates } = rejectDuplicates(
    parsed.filter((r): r is RosterRow => !isRejection(r)),
  );

  // The same import retried (same rows or file, same admin) holds the same lease: a killed
  // import's retry goes ahead instead of waiting for the lease to run out.
  const holder = requestKey('import', actor.id, JSON.stringify(source));
  const busyUntil = await withTransaction((tx) => acquireImportLease(tx, holder, clock.now(), LEASE_MS));
  if (busyUntil !== null) throw errors.rosterBusy();
  try {
    const now = clock.now();
    const [roster, departments] = await Promise.all([loadRosterSnapshot(), loadAllDepartments()]);
    const plan = planImport(kept, roster, departments, { now, newId, newInviteCode });

    // Parents before children and departments before the people in them: a reader never sees
    // an employee pointing at a department that does not exist yet.
    if (plan.newDepartments.length) await addDepartments(plan.newDepartments);
    if (plan.creates.length) await addEmployees(plan.creates);
    for (const g of groupUpdates(plan.updates)) await updateEmployees(g.ids, g.patch);

    const rejected = [...invalid, ...duplicates, ...plan.rejected];
    let departed = 0;
    for (const d of plan.departures) {
      try {
        await doOffboard(d.employeeId, actor, 'import');
        departed++;
      } catch (e) {
        if (!isAppError(e)) throw e;
        rejected.push({ row: d.row, reason: e.message });
      }
    }
    // Offboardings a killed earlier run (this import retried, or another) left part way.
    for (const e of await unfinishedOffboardings(clock.now() + 1, PENDING_OFFBOARDINGS))
      await finishOffboarding(e._id, e.offboardedBy ?? actor);
    rejected.sort((a, b) => a.row - b.row);

    const result: ImportResult = {
      created: plan.counts.created,
      updated: plan.counts.updated,
      unchanged: plan.counts.unchanged,
      departed,
      departmentsCreated: plan.newDepartments.length,
      ...(plan.unassigned.length ? { unassignedRows: plan.unassigned } : {}),
      rejected,
      invites: plan.invites,
    };
    await recordAudit({
      actorId: actor.id,
      actorName: actor.name,
      action: 'roster.import',
      targetType: 'roster',
      targetId: null,
      details: {
        source: 'fileId' in source ? 'file' : 'rows',
        fileId: 'fileId' in source ? source.fileId : undefined,
        rows: numbered.length,
        created: result.created,
        updated: result.updated,
        unchanged: result.unchanged,
        departed,
        rejected: rejected.length,
        departmentsCreated: result.departmentsCreated,
      },
      at: now,
    });
    return result;
  } finally {
    await releaseImportLease(holder);
  }
}
