// The address book's department tree with member counts as ONE stored document (`settings`
// `departmentTree`), so `directory.departments` reads one row whatever the size of the tree
// (building it reads every department and every count: 2 × 400 rows at 20,000 staff).
//
// Freshness without trusting the writers to finish: every change to the tree or to a count
// writes a new random stamp into a second document (`departmentTreeMark`) — inside the
// department write's own transaction where there is one — and the snapshot records the stamp it
// was built from. A reader takes the snapshot only when its stamp is the current one and
// otherwise builds it again (reading the stamp BEFORE the departments and counts, so a change
// racing the build leaves a snapshot that already looks stale). Writers rebuild right after
// their change, so readers rarely build; a writer killed before that only costs the next reader
// one build. Two racing builds: the older may overwrite the newer, but it then carries the
// older stamp only if a change came in between, which makes it stale again. Counts are
// recounted outside transactions and stamped after they are stored; a recount killed between
// the two is caught by the next recount of that department (it compares with the snapshot, not
// with the stored count) and by maintenance, which compares the snapshot with a fresh build and,
// when they differ, stores it under a NEW stamp (so no instance keeps the wrong copy).
//
// Each function instance keeps the last tree it read or built, with the stamp it was valid for
// (platform/instance.ts). A call that needs the tree reads the stamp and, in the same request,
// the snapshot only when it was built from another stamp than the kept one: one request and one
// small row while nothing changed, the snapshot's row when it moved, a build when it is stale.
// The kept tree is used only when its stamp is the current one — the snapshot's own guarantee.
// Names, parents and order change only with a stamp written in the same transaction, and a tree
// is always read after its stamp, so a rename, move or delete is seen by the very next call.
// Departments are added outside transactions (an import) and stamped just after: ids missing from
// a kept tree are read from the departments themselves (departmentsWithAncestors).
import type { Department } from '../../../typings/api';
import { newId } from '../domain/ids';
import { withPaths } from '../domain/departmentTree';
import { instanceState } from '../platform/instance';
import { loadAllDepartments, readWithAncestors } from './departments';
import type { DepartmentDoc } from './documents';
import { loadCounts } from './directoryKeys';
import { collection, command, rows } from './query';
import type { Tx } from './transaction';

/** A department as the tree snapshot holds it: the stored document without its creation time. */
export type TreeDepartment = Omit<DepartmentDoc, 'createdAt'>;

export const SNAPSHOT_ID = 'departmentTree';
export const MARK_ID = 'departmentTreeMark';

export interface SnapshotDoc {
  _id: string;
  departments: Department[];
  builtFrom: string | null;
}

export interface MarkDoc {
  _id: string;
  stamp: string;
}

/** Marks the tree changed inside the transaction that changes it. */
export async function markTreeChangedTx(tx: Tx): Promise<void> {
  await tx
    .collection('settings')
    .doc(MARK_ID)
    .set({ data: { stamp: newId() } });
}

/** Marks the tree changed after a write made outside a transaction (an import, a recount). */
export async function markTreeChanged(): Promise<void> {
  await collection('settings')
    .doc(MARK_ID)
    .set({ data: { stamp: newId() } });
}

/** The stored snapshot and the current stamp: one request, two rows. */
async function readStored(): Promise<{ snapshot: SnapshotDoc | null; stamp: string | null }> {
  const found = await rows<SnapshotDoc | MarkDoc>(
    collection('settings')
      .where({ _id: command().in([SNAPSHOT_ID, MARK_ID]) })
      .limit(2),
  );
  const snapshot = (found.find((d) => d._id === SNAPSHOT_ID) as SnapshotDoc | undefined) ?? null;
  const mark = found.find((d) => d._id === MARK_ID) as MarkDoc | undefined;
  return { snapshot, stamp: mark?.stamp ?? null };
}

/** The tree as `directory.departments` returns it, from the departments and counts themselves. */
async function buildTree(): Promise<Department[]> {
  const [departments, counts] = await Promise.all([loadAllDepartments(), loadCounts()]);
  return departments
    .map((d) => ({
      id: d._id,
      name: d.name,
      parentId: d.parentId,
      order: d.order,
      path: d.path,
      memberCount: counts.get(d._id) ?? 0,
    }))
    .sort((a, b) => (a.parentId ?? '').localeCompare(b.parentId ?? '') || a.order - b.order);
}

/** The tree this instance last read or built, and the stamp it is current for. */
interface Kept {
  stamp: string | null;
  departments: Department[];
  nodes: TreeDepartment[];
  byId: Map<string, TreeDepartment>;
}

let kept: Kept | null = null;
instanceState(() => {
  kept = null;
});

/** Keeps a tree known to hold every change up to `stamp` (read after it, or stored for it). */
function keep(stamp: string | null, departments: Department[]): Kept {
  // Frozen: later calls share these objects, so a caller's slip fails loudly instead of leaking.
  const nodes = departments.map((d) =>
    Object.freeze({ _id: d.id, name: d.name, parentId: d.parentId, order: d.order, path: d.path ?? d.name }),
  );
  kept = { stamp, departments, nodes, byId: new Map(nodes.map((d) => [d._id, d])) };
  return kept;
}

async function build(stamp: string | null): Promise<Department[]> {
  const departments = await buildTree();
  await collection('settings')
    .doc(SNAPSHOT_ID)
    .set({ data: { departments, builtFrom: stamp } });
  return departments;
}

/**
 * The current tree: the kept one when its stamp is still the stamp (one request, one small row),
 * else the stored snapshot when current (the same request), else built and stored.
 */
async function currentTree(): Promise<Kept> {
  const known = kept;
  const _ = command();
  const found = await rows<SnapshotDoc | MarkDoc>(
    collection('settings')
      .where(
        known
          ? // The snapshot only when it is another build than the one kept.
            _.or([{ _id: MARK_ID }, { _id: SNAPSHOT_ID, builtFrom: _.neq(known.stamp) }])
          : { _id: _.in([SNAPSHOT_ID, MARK_ID]) },
      )
      .limit(2),
  );
  const stamp = (found.find((d) => d._id === MARK_ID) as MarkDoc | undefined)?.stamp ?? null;
  if (known && known.stamp === stamp) return known;
  const snapshot = found.find((d) => d._id === SNAPSHOT_ID) as SnapshotDoc | undefined;
  if (snapshot && snapshot.builtFrom === stamp) return keep(stamp, snapshot.departments);
  return keep(stamp, await build(stamp));
}

/** The tree with counts (directory.departments): see currentTree. */
export async function departmentTreeSnapshot(): Promise<Department[]> {
  return [...(await currentTree()).departments];
}

/**
 * Every department with its path, for readers that need only names and the tree's shape (group
 * pages, scope checks): one small request while the tree has not changed.
 */
export async function currentDepartments(): Promise<TreeDepartment[]> {
  return [...(await currentTree()).nodes];
}

/**
 * These departments and all their ancestors (cards and scope checks on one page), from the
 * current tree. An id the tree lacks (a department an import added and has not stamped yet, or
 * one deleted) is looked up in the departments themselves, level by level, as before the tree was
 * kept: a card never misses a department that exists.
 */
export async function departmentsWithAncestors(ids: readonly string[]): Promise<TreeDepartment[]> {
  if (!ids.length) return [];
  const { byId } = await currentTree();
  const found = new Map<string, TreeDepartment>();
  const absent = new Set<string>();
  for (const id of new Set(ids))
    for (let at: string | null = id; at && !found.has(at);) {
      const d = byId.get(at);
      if (!d) {
        absent.add(at);
        break;
      }
      found.set(at, d);
      at = d.parentId;
    }
  if (!absent.size) return [...found.values()];
  for (const d of await readWithAncestors([...absent])) found.set(d._id, d);
  // Paths again over what was gathered: a department read here may sit under a kept one.
  return withPaths([...found.values()]);
}

/** After a change to the tree or its counts: stores the snapshot again (stamp read first). */
export async function rebuildTreeSnapshot(): Promise<void> {
  await build((await readStored()).stamp);
}

/**
 * After recounting: when a count differs from the stored snapshot's, marks
 * the tree changed and rebuilds it. Comparing with the snapshot rather than with the count
 * stored before makes a recount killed between storing and marking heal at the next recount.
 */
export async function refreshTreeCounts(counts: ReadonlyMap<string, number>): Promise<void> {
  const { snapshot } = await readStored();
  // None stored yet: the first reader builds it.
  if (!snapshot) return;
  const shown = new Map(snapshot.departments.map((d) => [d.id, d.memberCount]));
  if (![...counts].some(([id, n]) => shown.get(id) !== n)) return;
  await markTreeChanged();
  await rebuildTreeSnapshot();
}

/**
 * Maintenance: when the snapshot differs from the tree as stored (any crash left), marks the
 * tree changed and builds it again: under a new stamp, instances holding the wrong copy drop it.
 */
export async function repairTreeSnapshot(): Promise<boolean> {
  const { snapshot, stamp } = await readStored();
  // None stored: nothing can be stale, the first reader builds it.
  if (!snapshot) return false;
  const fresh = await buildTree();
  if (snapshot.builtFrom === stamp && JSON.stringify(snapshot.departments) === JSON.stringify(fresh))
    return false;
  await markTreeChanged();
  await rebuildTreeSnapshot();
  return true;
}
