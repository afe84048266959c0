// The org chart as admins edit it: derived paths, the rules of a create/rename/move/reorder and
// of a delete. Pure: the whole tree is passed in (a company has hundreds of departments at most).
//
// Paths are derived, not stored truth: a department's path is its ancestors' names joined by '/'
// (门店/南京路店), computed whenever the tree is loaded (store/departments.ts). A rename or a move
// therefore writes one document, whatever the size of the subtree below it. Sibling names are
// unique, so a path names one department — the roster import matches departments by path.
import { errors } from './errors';
import { isBlank } from './text';

export interface TreeNode {
  _id: string;
  name: string;
  parentId: string | null;
  order: number;
}

/** The longest chain followed when deriving a path: a cycle in bad data cannot loop forever. */
const MAX_DEPTH = 64;

/** Every department with its path recomputed from the parent chain (unknown parents end the chain). */
export function withPaths<T extends TreeNode>(nodes: readonly T[]): (T & { path: string })[] {
  const byId = new Map(nodes.map((d) => [d._id, d]));
  const memo = new Map<string, string>();
  const pathOf = (d: T): string => {
    const known = memo.get(d._id);
    if (known !== undefined) return known;
    const names: string[] = [];
    const seen = new Set<string>();
    for (let n: T | undefined = d; n && !seen.has(n._id) && names.length < MAX_DEPTH;) {
      seen.add(n._id);
      names.unshift(n.name);
      n = n.parentId ? byId.get(n.parentId) : undefined;
    }
    const path = names.join('/');
    memo.set(d._id, path);
    return path;
  };
  return nodes.map((d) => ({ ...d, path: pathOf(d) }));
}

/** The department and its ancestors, nearest first. */
export function lineageOf(nodes: readonly TreeNode[], id: string | null): string[] {
  const byId = new Map(nodes.map((d) => [d._id, d]));
  const out: string[] = [];
  for (
    let n = id ? byId.get(id) : undefined;
    n && !out.includes(n._id);
    n = n.parentId ? byId.get(n.parentId) : undefined
  )
    out.push(n._id);
  return out;
}

/** Characters a name may not hold: the roster's department grammar splits on them (domain/roster.ts). */
const RESERVED = /[/／;；]/;
export const MAX_DEPARTMENT_NAME = 32;

/**
 * A department name as stored: trimmed, inner runs of spaces collapsed, 1–32 characters, no
 * separators, something visible (not only zero-width or bidi characters).
 */
export function checkDepartmentName(raw: string): string {
  const name = raw.trim().replace(/\s+/g, ' ');
  if (isBlank(name))
    throw errors.departmentNameInvalid({ fields: [{ path: 'name', message: '请填写部门名称' }] });
  if (name.length > MAX_DEPARTMENT_NAME)
    throw errors.departmentNameInvalid({
      fields: [{ path: 'name', message: `部门名称不能超过${MAX_DEPARTMENT_NAME}个字` }],
    });
  if (RESERVED.test(name))
    throw errors.departmentNameInvalid({ fields: [{ path: 'name', message: '部门名称不能包含 / 或 ;' }] });
  return name;
}

const siblingsOf = (nodes: readonly TreeNode[], parentId: string | null, except?: string) =>
  nodes.filter((d) => d.parentId === parentId && d._id !== except).sort((a, b) => a.order - b.order);

/** Sibling names are unique (the path names one department). */
function checkNameFree(nodes: readonly TreeNode[], parentId: string | null, name: string, except?: string) {
  if (siblingsOf(nodes, parentId, except).some((d) => d.name === name))
    throw errors.departmentNameTaken({ name });
}

/**
 * The `order` that puts a department at `index` (0 = first) among `siblings` (itself excluded):
 * between its new neighbours, so one document changes instead of renumbering every sibling.
 */
export function orderAt(siblings: readonly TreeNode[], index: number | undefined): number {
  const at = Math.max(0, Math.min(index ?? siblings.length, siblings.length));
  const before = siblings[at - 1]?.order;
  const after = siblings[at]?.order;
  if (before === undefined && after === undefined) return 1;
  if (before === undefined) return (after as number) - 1;
  if (after === undefined) return before + 1;
  return (before + after) / 2;
}

function checkParent(nodes: readonly TreeNode[], parentId: string | null): void {
  if (parentId !== null && !nodes.some((d) => d._id === parentId))
    throw errors.departmentParentNotFound({ departmentId: parentId });
}

export interface NewDepartment {
  name: string;
  parentId: string | null;
  order: number;
}

/** A new department under `parentId` (null = a root), placed last among its siblings. */
export function planCreate(
  nodes: readonly TreeNode[],
  rawName: string,
  parentId: string | null,
): NewDepartment {
  const name = checkDepartmentName(rawName);
  checkParent(nodes, parentId);
  checkNameFree(nodes, parentId, name);
  return { name, parentId, order: orderAt(siblingsOf(nodes, parentId), undefined) };
}

export interface DepartmentChange {
  name?: string;
  /** undefined = stay; null = become a root. */
  parentId?: string | null;
  /** Place among the (new) siblings, 0 = first; undefined = keep the place, or last after a move. */
  index?: number;
}

export interface PlannedUpdate {
  /** The fields to write (empty when the change changes nothing). */
  patch: Partial<Pick<TreeNode, 'name' | 'parentId' | 'order'>>;
  /** Set when the parent changes: the ancestors whose subtree loses or gains people. */
  moved: { from: string | null; to: string | null; affected: string[] } | null;
}

/**
 * Rename, move and reorder in one: refuses an unknown department or parent, a move under itself
 * or its own sub-department (a cycle), and a name a new sibling already has.
 */
export function planUpdate(nodes: readonly TreeNode[], id: string, change: DepartmentChange): PlannedUpdate {
  const here = nodes.find((d) => d._id === id);
  if (!here) throw errors.departmentNotFound({ departmentId: id });
  const name = change.name === undefined ? here.name : checkDepartmentName(change.name);
  const parentId = change.parentId === undefined ? here.parentId : change.parentId;
  checkParent(nodes, parentId);
  if (parentId !== here.parentId && lineageOf(nodes, parentId).includes(id)) throw errors.departmentCycle();
  if (name !== here.name || parentId !== here.parentId) checkNameFree(nodes, parentId, name, id);

  const patch: PlannedUpdate['patch'] = {};
  if (name !== here.name) patch.name = name;
  if (parentId !== here.parentId) patch.parentId = parentId;
  const siblings = siblingsOf(nodes, parentId, id);
  if (parentId !== here.parentId || change.index !== undefined) {
    const currentIndex = siblingsOf(nodes, parentId).findIndex((d) => d._id === id);
    if (parentId !== here.parentId || currentIndex !== change.index)
      patch.order = orderAt(siblings, change.index);
  }
  const moved =
    parentId === here.parentId
      ? null
      : {
          from: here.parentId,
          to: parentId,
          affected: [...new Set([...lineageOf(nodes, here.parentId), ...lineageOf(nodes, parentId)])],
        };
  return { patch, moved };
}

/** A department may be deleted only when empty: no sub-departments and no active employees. */
export function checkDeletable(nodes: readonly TreeNode[], id: string, activeEmployees: number): void {
  if (!nodes.some((d) => d._id === id)) throw errors.departmentNotFound({ departmentId: id });
  const children = nodes.filter((d) => d.parentId === id).length;
  if (children || activeEmployees) throw errors.departmentNotEmpty({ children, employees: activeEmployees });
}
