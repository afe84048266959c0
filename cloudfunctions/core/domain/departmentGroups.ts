// One auto-synced group per department (admin.createDepartmentGroups): which departments get one,
// who owns each, and what it is called. Pure: the tree and the people are passed in.
//
// Owner rule (written here once; the roster template's note quotes OWNER_RULE_TEXT): among the
// active people who belong to the department ITSELF (not a sub-department) and take part in the
// usage scope, the first whose 职位 contains 店长, then 负责人, then 经理 — a deputy (副…/…助理)
// only when no one else matches; ties go to the earliest roster entry (createdAt, then id). When
// nobody matches, the admin who runs the action owns the group.
import type { ScopeSubject } from './scope';

/** Position words that make someone a department's owner, strongest first. */
export const OWNER_POSITION_WORDS = ['店长', '负责人', '经理'] as const;
const DEPUTY = /^副|助理/;

export const OWNER_RULE_TEXT = `按部门批量建群时，部门内职位含“${OWNER_POSITION_WORDS.join('”“')}”的员工（依次优先）任群主，没有则由管理员任群主`;

export interface OwnerCandidate extends ScopeSubject {
  position: string;
  status: string;
  createdAt: number;
}

/** Lower is stronger; null = not an owner by position. */
function rank(position: string): number | null {
  const word = OWNER_POSITION_WORDS.findIndex((w) => position.includes(w));
  if (word < 0) return null;
  return (DEPUTY.test(position) ? OWNER_POSITION_WORDS.length : 0) + word;
}

/** The department's owner by the rule above, or null (then the admin owns it). */
export function pickDepartmentOwner<T extends OwnerCandidate>(
  departmentId: string,
  people: readonly T[],
  takesPart: (p: T) => boolean,
): T | null {
  let best: { p: T; r: number } | null = null;
  for (const p of people) {
    if (p.status !== 'active' || !p.departmentIds.includes(departmentId) || !takesPart(p)) continue;
    const r = rank(p.position ?? '');
    if (r === null) continue;
    const better =
      !best ||
      r < best.r ||
      (r === best.r &&
        (p.createdAt < best.p.createdAt || (p.createdAt === best.p.createdAt && p._id < best.p._id)));
    if (better) best = { p, r };
  }
  return best?.p ?? null;
}

/** The group's name: the department's own name plus 群 (南京路店 → 南京路店群). */
export const departmentGroupName = (departmentName: string): string => `${departmentName}群`;

/** The departments that get a group: those directly under `rootId`, in their display order. */
export function departmentsUnder<T extends { _id: string; parentId: string | null; order: number }>(
  departments: readonly T[],
  rootId: string,
): T[] {
  return departments.filter((d) => d.parentId === rootId).sort((a, b) => a.order - b.order);
}
