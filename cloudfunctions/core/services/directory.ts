// The address book: department tree with member counts, department members and search, the
// colleague card. Only active employees are listed; a departed person's card stays viewable
// (their messages still link to it) and says so.
import type { Department, EmployeeCard, EmployeeStatus, MemberCard, Page } from '../../../typings/api';
import { errors } from '../domain/errors';
import type { DepartmentDoc, EmployeeDoc } from '../store/documents';
import { loadAllDepartments } from '../store/departments';
import {
  countActiveByDepartmentSet,
  getEmployee,
  listActiveEmployees,
  type NameCursor,
} from '../store/employees';
import { scopeMatcher } from '../domain/scope';
import { loadSettings } from '../store/settings';
import { departmentIndex, toCard } from './cards';

/** Ancestors of a department, itself included (guarded against a malformed cycle). */
function lineage(id: string, byId: ReadonlyMap<string, DepartmentDoc>): string[] {
  const out: string[] = [];
  for (let d = byId.get(id); d && !out.includes(d._id); d = d.parentId ? byId.get(d.parentId) : undefined)
    out.push(d._id);
  return out;
}

/**
 * memberCount = active people in the department or any sub-department, each person counted once
 * per subtree even when they belong to two departments under it.
 */
export function subtreeCounts(
  departments: DepartmentDoc[],
  sets: { departmentIds: string[]; count: number }[],
): Map<string, number> {
  const byId = departmentIndex(departments);
  const counts = new Map<string, number>();
  for (const s of sets) {
    const covered = new Set(s.departmentIds.flatMap((id) => lineage(id, byId)));
    for (const id of covered) counts.set(id, (counts.get(id) ?? 0) + s.count);
  }
  return counts;
}

export async function departmentTree(): Promise<Department[]> {
  const [departments, sets] = await Promise.all([loadAllDepartments(), countActiveByDepartmentSet()]);
  const counts = subtreeCounts(departments, sets);
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

/** Mobile numbers are for everyone when the setting allows, else for admins; always for oneself. */
export const canSeeMobile = (
  viewer: Pick<EmployeeDoc, '_id' | 'isAdmin'>,
  mobileVisible: boolean,
  subjectId: string,
): boolean => mobileVisible || viewer.isAdmin || viewer._id === subjectId;

export function encodeNameCursor(c: NameCursor): string {
  return Buffer.from(JSON.stringify([c.pinyin, c.id])).toString('base64url');
}

export function decodeNameCursor(raw: string): NameCursor {
  try {
    const [pinyin, id] = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown[];
    // Only the exact encoding encodeNameCursor produces (base64url decoding skips stray characters).
    if (typeof pinyin === 'string' && typeof id === 'string' && encodeNameCursor({ pinyin, id }) === raw)
      return { pinyin, id };
  } catch {
    // fall through
  }
  throw errors.badNameCursor({
    fields: [{ path: 'cursor', message: '无效的游标' }],
  });
}

export interface MembersRequest {
  /** Direct members of this department only (sub-departments are drilled into separately). */
  departmentId?: string;
  keyword?: string;
  cursor?: string;
  limit: number;
}

export async function listMembers(viewer: EmployeeDoc, req: MembersRequest): Promise<Page<MemberCard>> {
  const [settings, departments] = await Promise.all([loadSettings(), loadAllDepartments()]);
  const showAll = settings.mobileVisible || viewer.isAdmin;
  const keyword = req.keyword?.trim().toLowerCase().replace(/\s+/g, '') || undefined;
  const found = await listActiveEmployees({
    departmentId: req.departmentId,
    keyword,
    // Searching by number would reveal numbers that are hidden from this viewer.
    searchMobile: showAll,
    after: req.cursor ? decodeNameCursor(req.cursor) : undefined,
    limit: req.limit,
  });
  const page = found.slice(0, req.limit);
  const index = departmentIndex(departments);
  // The rule that refuses adding them (membership.resolveCandidates), told before anyone picks.
  const takesPart = scopeMatcher(settings.usageScope, departments);
  const last = page[page.length - 1];
  return {
    items: page.map((e) => ({
      ...toCard(e, { departments: index, showMobile: showAll || e._id === viewer._id }),
      indexLetter: /^[a-z]/.test(e.namePinyin) ? e.namePinyin.charAt(0).toUpperCase() : '#',
      inScope: takesPart(e),
    })),
    nextCursor:
      found.length > req.limit && last ? encodeNameCursor({ pinyin: last.namePinyin, id: last._id }) : null,
  };
}

export async function profileOf(
  viewer: EmployeeDoc,
  employeeId: string,
): Promise<EmployeeCard & { status: EmployeeStatus }> {
  const [e, settings, departments] = await Promise.all([
    getEmployee(employeeId),
    loadSettings(),
    loadAllDepartments(),
  ]);
  if (!e) throw errors.profileNotFound();
  return toCard(e, {
    departments: departmentIndex(departments),
    showMobile: canSeeMobile(viewer, settings.mobileVisible, e._id),
  });
}
