// Who a Scope setting covers (usage scope and initiation permission share the shape):
// `{ mode: 'all' }`, or listed employees plus whole departments — a department includes all of
// its sub-departments. Pure: the department tree is passed in.
import type { Scope } from '../../../typings/api';

export interface DepartmentNode {
  _id: string;
  parentId: string | null;
}

export interface ScopeSubject {
  _id: string;
  departmentIds: string[];
}

/** The given departments and every department below them (unknown ids are kept as they are). */
export function subtreeIds(departments: readonly DepartmentNode[], rootIds: readonly string[]): Set<string> {
  const children = new Map<string | null, string[]>();
  for (const d of departments) {
    const list = children.get(d.parentId) ?? [];
    list.push(d._id);
    children.set(d.parentId, list);
  }
  const out = new Set<string>();
  const stack = [...rootIds];
  while (stack.length) {
    const id = stack.pop() as string;
    if (out.has(id)) continue;
    out.add(id);
    stack.push(...(children.get(id) ?? []));
  }
  return out;
}

/** A membership test for a Scope, built once per request. */
export function scopeMatcher(
  scope: Scope,
  departments: readonly DepartmentNode[],
): (subject: ScopeSubject) => boolean {
  if (scope.mode === 'all') return () => true;
  const people = new Set(scope.employeeIds);
  const covered = subtreeIds(departments, scope.departmentIds);
  return (subject) => people.has(subject._id) || subject.departmentIds.some((d) => covered.has(d));
}

export const inScope = (
  scope: Scope,
  departments: readonly DepartmentNode[],
  subject: ScopeSubject,
): boolean => scopeMatcher(scope, departments)(subject);
