// The org chart as the editor page shows it: the departments flattened in tree order (siblings by
// `order`), with depth for indentation and only the rows whose ancestors are expanded. Pure, so
// the page keeps no rule of its own beyond layout.
import type { Department } from '../../../typings/api';

export interface TreeRow {
  id: string;
  name: string;
  depth: number;
  count: number;
  hasChildren: boolean;
  expanded: boolean;
  /** Its place among its siblings, for 上移/下移. */
  index: number;
  siblings: number;
}

export function childrenIndex(all: readonly Department[]): Map<string | null, Department[]> {
  const ids = new Set(all.map((d) => d.id));
  const out = new Map<string | null, Department[]>();
  for (const d of all) {
    // A department whose parent is unknown shows at the top rather than vanishing.
    const parent = d.parentId && ids.has(d.parentId) ? d.parentId : null;
    const list = out.get(parent) ?? [];
    list.push(d);
    out.set(parent, list);
  }
  for (const list of out.values()) list.sort((a, b) => a.order - b.order || a.name.localeCompare(b.name));
  return out;
}

/** Rows in tree order; children of a collapsed department are left out. */
export function visibleRows(all: readonly Department[], expanded: ReadonlySet<string>): TreeRow[] {
  const kids = childrenIndex(all);
  const out: TreeRow[] = [];
  const walk = (parent: string | null, depth: number, seen: Set<string>) => {
    const list = kids.get(parent) ?? [];
    list.forEach((d, index) => {
      if (seen.has(d.id)) return;
      seen.add(d.id);
      const hasChildren = (kids.get(d.id)?.length ?? 0) > 0;
      const open = expanded.has(d.id);
      out.push({
        id: d.id,
        name: d.name,
        depth,
        count: d.memberCount,
        hasChildren,
        expanded: open,
        index,
        siblings: list.length,
      });
      if (hasChildren && open) walk(d.id, depth + 1, seen);
    });
  };
  walk(null, 0, new Set());
  return out;
}

/** The department and everything below it. */
export function subtreeOf(all: readonly Department[], id: string): Set<string> {
  const kids = childrenIndex(all);
  const out = new Set<string>();
  const stack = [id];
  while (stack.length) {
    const here = stack.pop() as string;
    if (out.has(here)) continue;
    out.add(here);
    for (const c of kids.get(here) ?? []) stack.push(c.id);
  }
  return out;
}

export interface MoveTarget {
  /** '' = the top level. */
  id: string;
  label: string;
}

/**
 * Where a department may be moved: the top level and every department outside its own subtree
 * (the server refuses the rest too), the current parent marked.
 */
export function moveTargets(all: readonly Department[], id: string): MoveTarget[] {
  const here = all.find((d) => d.id === id);
  const own = subtreeOf(all, id);
  const current = here?.parentId ?? '';
  const pathOf = new Map(all.map((d) => [d.id, d.path ?? d.name]));
  const label = (name: string, key: string) => (key === current ? `${name}（当前）` : name);
  return [
    { id: '', label: label('顶级部门', '') },
    ...visibleRows(all, new Set(all.map((d) => d.id)))
      .filter((r) => !own.has(r.id))
      .map((r) => ({ id: r.id, label: label(pathOf.get(r.id) ?? r.name, r.id) })),
  ];
}
