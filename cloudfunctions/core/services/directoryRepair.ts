// Maintenance step for the address-book index (store/directoryIndex.ts): finishes reindexing
// that a killed call left marked, backfills data from before the index, and recounts
// department counts round the tree; and keeps the department tree snapshot right.
import { ABANDONED_AFTER_MS } from '../platform/functions';
import { loadAllDepartments } from '../store/departments';
import { repairTreeSnapshot } from '../store/departmentTree';
import {
  EVERYONE,
  employeeIdsInIdOrder,
  markedBefore,
  readRepairState,
  recountDepartments,
  reindexEmployees,
  writeRepairState,
} from '../store/directoryIndex';
import type { RepairOutcome } from './maintenance';

const BACKFILL_BATCH = 200;
const PENDING_BATCH = 100;
const RECOUNT_BATCH = 20;

/**
 * Reindexes employees left marked by a killed call. Then either continues the one-time backfill
 * (every employee, 200 a run, for data stored before the index existed; all departments are
 * recounted when it ends) or recounts the next 20 departments, round the tree: a count can only
 * be wrong after a crash the markers did not cover, and not for long.
 */
export async function repairDirectoryIndex(now: number): Promise<RepairOutcome> {
  const stale = await markedBefore(now - ABANDONED_AFTER_MS, PENDING_BATCH);
  if (stale.length) await reindexEmployees(stale, { recountCurrent: true });
  let { backfillSkip, recountAfter } = await readRepairState();
  if (backfillSkip !== null) {
    // A whole-collection walk, once per deployment: orderBy _id + skip (no index needed).
    const batch = await employeeIdsInIdOrder(backfillSkip, BACKFILL_BATCH);
    if (batch.length) await reindexEmployees(batch);
    if (batch.length < BACKFILL_BATCH) {
      await recountDepartments([EVERYONE, ...(await loadAllDepartments()).map((d) => d._id)]);
      backfillSkip = null;
    } else backfillSkip += batch.length;
  } else {
    const ids = [EVERYONE, ...(await loadAllDepartments()).map((d) => d._id)].sort();
    const next = ids.filter((id) => id > recountAfter).slice(0, RECOUNT_BATCH);
    await recountDepartments(next);
    recountAfter = next.length < RECOUNT_BATCH ? '' : next[next.length - 1];
  }
  await writeRepairState({ backfillSkip, recountAfter });
  // The tree snapshot (store/departmentTree.ts) compared with a fresh build: whatever a killed
  // call left stale is right again within one run.
  const treeRepaired = await repairTreeSnapshot();
  return {
    repaired: stale.length + (treeRepaired ? 1 : 0),
    more: stale.length >= PENDING_BATCH || (backfillSkip !== null && backfillSkip > 0),
  };
}
