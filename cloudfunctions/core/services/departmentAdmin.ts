// The org chart as admins edit it (admin.createDepartment / updateDepartment / deleteDepartment).
//
// Each edit is one transaction: it reads the whole tree (a few hundred documents, outside the
// transaction but inside its callback, so a retried attempt reads afresh), decides with the pure
// rules of domain/departmentTree.ts, writes one department document and its audit entry.
//
// Serialising: "no two siblings share a name" and "a move makes no cycle" are read across
// documents, which a single-document transaction cannot lock. Every edit therefore also writes
// the roster-import lease document (store/employees acquireImportLease with a zero-length
// lease): two edits, or an edit and an import starting, can never commit concurrently — the
// loser conflicts, retries and re-reads the tree the winner left. While an import holds the
// lease (it creates departments by path), edits are refused with CONFLICT.
//
// Deleting is allowed only when the department is empty: no sub-departments and no active
// employees (departed people may still name it; their cards ignore an unknown department).
// Groups linked to a deleted department keep their members and their other departments; the
// deleted id simply matches nobody from then on (nobody was in it), so auto-sync neither adds
// nor removes anyone because of it.
import { reindexDepartmentMembers } from '../store/directoryIndex';
import type { DepartmentUpdateResult, OrgDepartment } from '../../../typings/api';
import {
  planCreate,
  planUpdate,
  checkDeletable,
  withPaths,
  type DepartmentChange,
} from '../domain/departmentTree';
import { errors } from '../domain/errors';
import { newId } from '../domain/ids';
import { clock } from '../platform/clock';
import { recordAudit } from '../store/audit';
import { markTreeChangedTx, rebuildTreeSnapshot } from '../store/departmentTree';
import {
  countActiveInDepartment,
  loadAllDepartments,
  removeDepartmentTx,
  setDepartmentTx,
  updateDepartmentTx,
} from '../store/departments';
import type { DepartmentDoc } from '../store/documents';
import { acquireImportLease } from '../store/employees';
import { withTransaction, type Tx } from '../store/transaction';
import type { Actor } from './membership';
import { openReorg, pendingReorg, reorgNeeded, runReorg, stepDeadline } from './orgSync';
import { requestKey } from './reservations';

const view = (d: DepartmentDoc): OrgDepartment => ({
  id: d._id,
  name: d.name,
  parentId: d.parentId,
  order: d.order,
  path: d.path,
});

/** Refuses while an import runs; otherwise writes the lease document so edits serialise (see top). */
async function holdOffImports(tx: Tx, now: number): Promise<void> {
  if ((await acquireImportLease(tx, 'orgChart', now, 0)) !== null) throw errors.departmentsBusy();
}

/** A department edit's audit entry, in the edit's transaction: the department before and/or after. */
function auditDepartment(
  tx: Tx,
  actor: Actor,
  action: 'department.create' | 'department.update' | 'department.delete',
  id: string,
  now: number,
  change: { before?: DepartmentDoc; after?: DepartmentDoc },
): Promise<void> {
  const shown = (d: DepartmentDoc) => ({ name: d.name, parentId: d.parentId, path: d.path });
  return recordAudit(
    {
      actorId: actor.id,
      actorName: actor.name,
      action,
      targetType: 'department',
      targetId: id,
      ...(change.before ? { before: shown(change.before) } : {}),
      ...(change.after ? { after: shown(change.after) } : {}),
      at: now,
    },
    tx,
  );
}

export async function doCreateDepartment(
  actor: Actor,
  input: { name: string; parentId: string | null },
): Promise<{ department: OrgDepartment }> {
  const id = newId();
  return treeChange(async (tx) => {
    const now = clock.now();
    await holdOffImports(tx, now);
    const tree = await loadAllDepartments();
    const planned = planCreate(tree, input.name, input.parentId);
    const [doc] = withPaths([...tree, { _id: id, ...planned, path: '', createdAt: now }]).slice(-1);
    await setDepartmentTx(tx, doc);
    await markTreeChangedTx(tx);
    await auditDepartment(tx, actor, 'department.create', id, now, { after: doc });
    return { department: view(doc) };
  });
}

/**
 * Rename / move / reorder. A move changes who is in the subtree of the old and the new
 * ancestors, so auto-synced groups linked to them follow (services/orgSync.ts): the reorg job is
 * opened BEFORE the write (on the tree as the move will leave it) when any auto-synced group is
 * concerned, and run after it; a call killed in between leaves the job to a retry with the same
 * request (same key: the same job, continued even though the move is already written) or to the
 * repair run.
 */
export async function doUpdateDepartment(
  actor: Actor,
  departmentId: string,
  change: DepartmentChange,
  requestId?: string,
): Promise<DepartmentUpdateResult> {
  const key = requestKey('updateDepartment', actor.id, departmentId, requestId ?? JSON.stringify(change));
  const tree = await loadAllDepartments();
  const preview = planUpdate(tree, departmentId, change);
  const moved = preview.moved ? movedDepartments(departmentId, preview.moved) : [];
  const job =
    moved.length && (await reorgNeeded(moved, applied(tree, departmentId, preview.patch)))
      ? await openReorg(key, moved, 'department', actor, {
          title: `调整部门：${preview.patch.name ?? nameOf(tree, departmentId)}`,
        })
      : await pendingReorg(key);

  const out = await treeChange(async (tx) => {
    const now = clock.now();
    await holdOffImports(tx, now);
    const current = await loadAllDepartments();
    const before = current.find((d) => d._id === departmentId);
    const { patch, moved } = planUpdate(current, departmentId, change);
    const after = applied(current, departmentId, patch).find((d) => d._id === departmentId) as DepartmentDoc;
    if (!Object.keys(patch).length) return { department: view(after), moved };
    await updateDepartmentTx(tx, departmentId, patch);
    await markTreeChangedTx(tx);
    await auditDepartment(tx, actor, 'department.update', departmentId, now, { before, after });
    return { department: view(after), moved };
  });
  // Everyone below a moved department has new ancestors in the address-book index and counts
  // (store/directoryIndex.ts). Asked for a move: done on a retry too (idempotent).
  if (change.parentId !== undefined) await reindexDepartmentMembers(departmentId);
  if (!job) return out;
  const progress = await runReorg(job, stepDeadline('admin'));
  return progress.done ? out : { ...out, remainingGroups: progress.remainingGroups };
}

/**
 * A transaction that may change the tree (it marks it changed itself), then the address book's
 * tree snapshot stored again (store/departmentTree.ts: a call killed before that only costs the
 * next reader one build).
 */
async function treeChange<T>(write: (tx: Tx) => Promise<T>): Promise<T> {
  const out = await withTransaction(write);
  await rebuildTreeSnapshot();
  return out;
}

/** The tree with one department changed, paths derived again. */
const applied = (tree: DepartmentDoc[], id: string, patch: Partial<DepartmentDoc>): DepartmentDoc[] =>
  withPaths(tree.map((d) => (d._id === id ? { ...d, ...patch } : d)));

const nameOf = (tree: DepartmentDoc[], id: string): string => tree.find((d) => d._id === id)?.name ?? '';

/** The departments whose people change when `id` moves: itself and its old and new parents. */
const movedDepartments = (id: string, m: { from: string | null; to: string | null }): string[] =>
  [id, m.from, m.to].filter((d): d is string => !!d);

/** Thrown inside the delete's transaction to roll back its lease when there is nothing to delete. */
class AlreadyGone extends Error {}

/**
 * `deleted: false` when it was already gone (a retried delete whose answer was lost): then
 * nothing is written — the transaction's import lease is rolled back, no stamp, no rebuild.
 */
export async function doDeleteDepartment(actor: Actor, departmentId: string): Promise<{ deleted: boolean }> {
  try {
    return await deleteExisting(actor, departmentId);
  } catch (e) {
    if (e instanceof AlreadyGone) return { deleted: false };
    throw e;
  }
}

function deleteExisting(actor: Actor, departmentId: string): Promise<{ deleted: boolean }> {
  return treeChange(async (tx) => {
    const now = clock.now();
    await holdOffImports(tx, now);
    const [tree, employees] = await Promise.all([
      loadAllDepartments(),
      countActiveInDepartment(departmentId),
    ]);
    if (!tree.some((d) => d._id === departmentId)) throw new AlreadyGone();
    checkDeletable(tree, departmentId, employees);
    const doc = tree.find((d) => d._id === departmentId) as DepartmentDoc;
    await removeDepartmentTx(tx, departmentId);
    await markTreeChangedTx(tx);
    await auditDepartment(tx, actor, 'department.delete', departmentId, now, { before: doc });
    return { deleted: true };
  });
}
