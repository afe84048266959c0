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
// with the stored count) and by maintenance, which compares the snapshot with a fresh build.
import type { Department } from '../../../typings/api';
import { newId } from '../domain/ids';
import { loadAllDepartments } from './departments';
import { loadCounts } from './directoryKeys';
import { collection, command, rows } from './query';
import type { Tx } from './transaction';

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

async function build(stamp: string | null): Promise<Department[]> {
  const departments = await buildTree();
  await collection('settings')
    .doc(SNAPSHOT_ID)
    .set({ data: { departments, builtFrom: stamp } });
  return departments;
}

/** The tree: the snapshot when current (one request), else built and stored. */
export async function departmentTreeSnapshot(): Promise<Department[]> {
  const { snapshot, stamp } = await readStored();
  if (snapshot && snapshot.builtFrom === stamp) return snapshot.departments;
  return build(stamp);
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

/** Maintenance: rebuilds the snapshot when it differs from the tree as stored (any crash left). */
export async function repairTreeSnapshot(): Promise<boolean> {
  const { snapshot, stamp } = await readStored();
  // None stored: nothing can be stale, the first reader builds it.
  if (!snapshot) return false;
  const fresh = await buildTree();
  if (snapshot.builtFrom === stamp && JSON.stringify(snapshot.departments) === JSON.stringify(fresh))
    return false;
  await collection('settings')
    .doc(SNAPSHOT_ID)
    .set({ data: { departments: fresh, builtFrom: stamp } });
  return true;
}
