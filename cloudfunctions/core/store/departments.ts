import { withPaths } from '../domain/departmentTree';
import type { DepartmentDoc } from './documents';
import { addMany } from './batch';
import { collection, command, rows } from './query';
import type { Tx } from './transaction';
import { countTerm } from './directoryKeys';

const PAGE = 1000;

/**
 * The whole tree, each department's `path` derived from its parent chain (domain/departmentTree):
 * a rename or a move changes one document and every path below it reads right at once. A company
 * has hundreds of departments at most; read in pages of 1,000.
 */
export async function loadAllDepartments(): Promise<DepartmentDoc[]> {
  const out: DepartmentDoc[] = [];
  for (let skip = 0; ; skip += PAGE) {
    const page = await rows<DepartmentDoc>(
      collection('departments').orderBy('_id', 'asc').skip(skip).limit(PAGE),
    );
    out.push(...page);
    if (page.length < PAGE) return withPaths(out);
  }
}

export const addDepartments = (docs: DepartmentDoc[]): Promise<void> => addMany('departments', docs);

/**
 * Active employees who belong to this department itself (not its sub-departments): an index
 * count of its address-book list (store/directoryKeys.ts; `departmentIds` is an array no index
 * answers).
 */
export const countActiveInDepartment = (departmentId: string): Promise<number> =>
  countTerm(`d:${departmentId}`);

export async function setDepartmentTx(tx: Tx, doc: DepartmentDoc): Promise<void> {
  const { _id, ...data } = doc;
  await tx.collection('departments').doc(_id).set({ data });
}

export async function updateDepartmentTx(
  tx: Tx,
  id: string,
  patch: Partial<Pick<DepartmentDoc, 'name' | 'parentId' | 'order' | 'path'>>,
): Promise<void> {
  await tx.collection('departments').doc(id).update({ data: patch });
}

export async function removeDepartmentTx(tx: Tx, id: string): Promise<void> {
  await tx.collection('departments').doc(id).remove();
}

/**
 * These departments and all their ancestors, from the departments themselves: one read per level
 * of the tree, each of the departments still missing. Callers take them from the kept tree
 * (store/departmentTree.ts departmentsWithAncestors), which comes here only for ids it lacks.
 */
export async function readWithAncestors(ids: readonly string[]): Promise<DepartmentDoc[]> {
  const found = new Map<string, DepartmentDoc>();
  let missing = [...new Set(ids)];
  for (let level = 0; missing.length && level < 20; level++) {
    const part = await rows<DepartmentDoc>(
      collection('departments')
        .where({ _id: command().in(missing.slice(0, PAGE)) })
        .limit(PAGE),
    );
    for (const d of part) found.set(d._id, d);
    missing = [...new Set(part.map((d) => d.parentId).filter((p): p is string => !!p && !found.has(p)))];
  }
  return withPaths([...found.values()]);
}
