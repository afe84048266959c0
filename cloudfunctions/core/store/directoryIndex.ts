// Keeps the address-book index (store/directoryKeys.ts) and the department counts in step with
// the employee documents. The employee document is the truth; the index is derived from it and
// rewritten by `reindexEmployees`, which any code that changes an employee's name, mobile,
// departments or status runs after its write (store/employees.ts does it for its batch writes;
// transactions call it after commit).
//
// Crash safety: the write that changes an employee also sets `keysPendingAt` (in the same write
// or transaction); reindexing rewrites the index, recounts the departments whose entries it
// changed and clears the marker only if no newer change marked the employee meanwhile. A run
// killed anywhere leaves the marker, and maintenance (services/directoryRepair.ts) reindexes
// marked employees older than any live call and recounts their departments. A count left wrong
// by a killed run (its old department no longer known) is fixed by the rolling recount there.
import { clock } from '../platform/clock';
import { directoryTerms, keyOf, sortKeyOf } from '../domain/directoryTerms';
import type { DepartmentDoc, EmployeeDoc } from './documents';
import { loadAllDepartments } from './departments';
import { refreshTreeCounts } from './departmentTree';
import {
  addKeys,
  countTerm,
  keyDocId,
  keysOf,
  loadCounts,
  removeKeys,
  storeCount,
  termEntries,
  type KeyDoc,
} from './directoryKeys';
import { byId, chunks, collection, command, rows } from './query';

/** Ancestors of a department, itself included (guarded against a malformed cycle). */
export function lineageIn(byIdMap: ReadonlyMap<string, Pick<DepartmentDoc, '_id' | 'parentId'>>) {
  return (id: string): string[] => {
    const out: string[] = [];
    for (
      let d = byIdMap.get(id);
      d && !out.includes(d._id);
      d = d.parentId ? byIdMap.get(d.parentId) : undefined
    )
      out.push(d._id);
    return out.length ? out : [id];
  };
}

export function keyDocsOf(e: EmployeeDoc, lineage: (id: string) => string[]): KeyDoc[] {
  const sort = sortKeyOf(e);
  return directoryTerms(e, lineage).map((term) => ({
    _id: keyDocId(e._id, term),
    employeeId: e._id,
    term,
    key: keyOf(term, sort),
  }));
}

/** The count document for everyone active (admin.stats), beside one per department. */
export const EVERYONE = '*';

/** Which count an index term feeds: a department's (`a:<id>`) or everyone's. */
const countedTerm = (t: string): string | null =>
  t === EVERYONE ? EVERYONE : t.startsWith('a:') ? t.slice(2) : null;

/** Recounts departments (and EVERYONE) from the index (each an index count) and stores them. */
export async function recountDepartments(ids: Iterable<string>): Promise<void> {
  const list = [...new Set(ids)];
  if (!list.length) return;
  const countedAt = clock.now();
  const stored = await loadCounts();
  const counted = new Map<string, number>();
  for (let i = 0; i < list.length; i += 10) {
    await Promise.all(
      list.slice(i, i + 10).map(async (d) => {
        const n = await countTerm(d === EVERYONE ? EVERYONE : `a:${d}`);
        await storeCount(d, n, countedAt, stored.has(d));
        if (d !== EVERYONE) counted.set(d, n);
      }),
    );
  }
  // The address book's tree shows these counts (store/departmentTree.ts).
  if (counted.size) await refreshTreeCounts(counted);
}

async function employeesByIdList(ids: readonly string[]): Promise<EmployeeDoc[]> {
  const _ = command();
  const out: EmployeeDoc[] = [];
  for (let i = 0; i < ids.length; i += 1000)
    out.push(
      ...(await rows<EmployeeDoc>(
        collection('employees')
          .where({ _id: _.in(ids.slice(i, i + 1000)) })
          .limit(1000),
      )),
    );
  return out;
}

interface Rewritten {
  employees: EmployeeDoc[];
  toRemove: KeyDoc[];
  toAdd: KeyDoc[];
  affected: Set<string>;
  /** The marker each rewritten employee carries (to clear only that one). */
  seen: Map<string, number>;
}

/**
 * Compares the index documents of up to a few hundred employees with what they should be and
 * marks the ones about to change; says what to write and which counts move.
 */
async function rewrite(
  ids: string[],
  lineage: (id: string) => string[],
  now: number,
  recountCurrent: boolean,
): Promise<Rewritten> {
  const [employees, existing] = await Promise.all([employeesByIdList(ids), keysOf(ids)]);
  const desired = employees.flatMap((e) => keyDocsOf(e, lineage));
  const stored = new Map(existing.map((k) => [k._id, k]));
  const wanted = new Map(desired.map((k) => [k._id, k]));
  const same = (a: KeyDoc, b: KeyDoc | undefined) =>
    !!b && a.term === b.term && a.key === b.key && a.employeeId === b.employeeId;
  const toRemove = existing.filter((k) => !same(k, wanted.get(k._id)));
  const toAdd = desired.filter((k) => !same(k, stored.get(k._id)));
  const affected = new Set<string>();
  for (const k of [...toRemove, ...toAdd, ...(recountCurrent ? desired : [])]) {
    const d = countedTerm(k.term);
    if (d) affected.add(d);
  }
  const seen = new Map<string, number>();
  for (const e of employees) if (e.keysPendingAt) seen.set(e._id, e.keysPendingAt);
  if (!toRemove.length && !toAdd.length && !affected.size)
    return { employees, toRemove, toAdd, affected, seen };

  // Marked before the index is touched (a writer that did not mark them), so a crash from
  // here on is finished by maintenance.
  const unmarked = employees.filter((e) => !e.keysPendingAt).map((e) => e._id);
  if (unmarked.length)
    await collection('employees')
      .where({ _id: command().in(unmarked) })
      .update({ data: { keysPendingAt: now } });
  for (const id of unmarked) seen.set(id, now);
  return { employees, toRemove, toAdd, affected, seen };
}

/** Employees rewritten per step (their index documents are read 20 employees a request). */
const STEP = 200;

/**
 * Brings the index of these employees in line with their documents, recounts the departments
 * whose counts that changes and clears their markers. Idempotent; writes only what differs.
 * `recountCurrent` also recounts their present departments (repairing a killed run, whose
 * index may already be rewritten).
 */
export async function reindexEmployees(
  ids: readonly string[],
  opts: { recountCurrent?: boolean } = {},
): Promise<void> {
  const unique = [...new Set(ids)].filter(Boolean);
  if (!unique.length) return;
  const departments = await loadAllDepartments();
  const lineage = lineageIn(new Map(departments.map((d) => [d._id, d])));
  const now = clock.now();
  const steps: Rewritten[] = [];
  for (const part of chunks(unique, STEP))
    steps.push(await rewrite(part, lineage, now, !!opts.recountCurrent));
  // All steps' writes together: full batches whatever the step size.
  await removeKeys(steps.flatMap((s) => s.toRemove.map((k) => k._id)));
  await addKeys(steps.flatMap((s) => s.toAdd));
  await recountDepartments(steps.flatMap((s) => [...s.affected]));
  // Clear the marker only where it is still the one this run saw.
  const _ = command();
  const bySeen = new Map<number, string[]>();
  for (const s of steps) for (const [id, at] of s.seen) bySeen.set(at, [...(bySeen.get(at) ?? []), id]);
  for (const [at, list] of bySeen)
    for (const part of chunks(list, 500))
      await collection('employees')
        .where({ _id: _.in(part), keysPendingAt: at })
        .update({ data: { keysPendingAt: null } });
}

/** Everyone in a department's subtree (after it moves: their ancestors changed), reindexed. */
export async function reindexDepartmentMembers(departmentId: string): Promise<void> {
  let after: string | undefined;
  for (;;) {
    const page = await termEntries(`a:${departmentId}`, after, 500);
    if (!page.length) break;
    await reindexEmployees(page.map((k) => k.employeeId));
    if (page.length < 500) break;
    after = page[page.length - 1].key;
  }
  await recountDepartments([departmentId]);
}

// ---- what the maintenance repair (services/directoryRepair.ts) reads and keeps ----

/** Employees still marked for reindexing since before `before`, oldest first (indexed). */
export async function markedBefore(before: number, limit: number): Promise<string[]> {
  const found = await rows<Pick<EmployeeDoc, '_id'>>(
    collection('employees')
      .where({ keysPendingAt: command().lt(before) })
      .orderBy('keysPendingAt', 'asc')
      .limit(limit)
      .field({ _id: true }),
  );
  return found.map((e) => e._id);
}

/** A page of every employee id (the one-time backfill: orderBy _id + skip, a whole walk). */
export async function employeeIdsInIdOrder(skip: number, limit: number): Promise<string[]> {
  const found = await rows<Pick<EmployeeDoc, '_id'>>(
    collection('employees').orderBy('_id', 'asc').skip(skip).limit(limit).field({ _id: true }),
  );
  return found.map((e) => e._id);
}

export interface RepairState {
  /** Employees read so far by the backfill (null once it has finished). */
  backfillSkip: number | null;
  /** Last department recounted by the rolling recount. */
  recountAfter: string;
}

const REPAIR_STATE_ID = 'directoryIndex';

export async function readRepairState(): Promise<RepairState> {
  const doc = await byId<RepairState & { _id: string }>('settings', REPAIR_STATE_ID);
  return doc
    ? { backfillSkip: doc.backfillSkip, recountAfter: doc.recountAfter }
    : { backfillSkip: 0, recountAfter: '' };
}

export async function writeRepairState(state: RepairState): Promise<void> {
  await collection('settings')
    .doc(REPAIR_STATE_ID)
    .set({ data: { ...state } });
}
