// The address book: department tree with member counts, department members and search, the
// colleague card. Only active employees are listed; a departed person's card stays viewable
// (their messages still link to it) and says so.
import type { Department, EmployeeCard, EmployeeStatus, MemberCard, Page } from '../../../typings/api';
import { errors } from '../domain/errors';
import type { EmployeeDoc } from '../store/documents';
import { departmentTreeSnapshot, departmentsWithAncestors } from '../store/departmentTree';
import { employeeIndex, getEmployee, type NameCursor } from '../store/employees';
import { keyRange } from '../store/directoryKeys';
import { firstMatch, keywordPrefix, sortKeyOf } from '../domain/directoryTerms';
import { scopeMatcher } from '../domain/scope';
import { loadSettings } from '../store/settings';
import { departmentIndex, toCard } from './cards';

/**
 * The tree with memberCount = active people in the department or any sub-department, each
 * counted once per subtree (store/directoryIndex.ts keeps the counts). One stored snapshot
 * (store/departmentTree.ts): one request and two rows whatever the size of the tree.
 */
export const departmentTree = (): Promise<Department[]> => departmentTreeSnapshot();

/** Mobile numbers are for everyone when the setting allows, else for admins; always for oneself. */
export const canSeeMobile = (
  viewer: Pick<EmployeeDoc, '_id' | 'isAdmin'>,
  mobileVisible: boolean,
  subjectId: string,
): boolean => mobileVisible || viewer.isAdmin || viewer._id === subjectId;

/** The admin roster's cursor (services/rosterPeople.ts): a position in (namePinyin, _id). */
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
  throw errors.badNameCursor({ fields: [{ path: 'cursor', message: '无效的游标' }] });
}

/** A cursor is the last index key looked at (store/directoryKeys.ts), opaque to clients. */
export const encodeCursor = (key: string): string => Buffer.from(JSON.stringify([key])).toString('base64url');

export function decodeCursor(raw: string): string {
  try {
    const [key] = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown[];
    // Only the exact encoding encodeCursor produces (base64url decoding skips stray characters).
    if (typeof key === 'string' && encodeCursor(key) === raw) return key;
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

/** Index reads for one answer when entries are dropped after loading (stale, other department). */
const MAX_ROUNDS = 3;

/**
 * A page of the address book through its index (store/directoryKeys.ts): one key range — the
 * department's list, the keyword's terms, or everyone — read from the cursor, then those
 * employees by id: about a page of rows whatever the company's size. Lists are in pinyin order;
 * keyword hits by the matched text, then pinyin. A keyword with a department reads the keyword's
 * hits and keeps that department's people (a page may come back short, with a cursor to go on).
 */
export async function listMembers(viewer: EmployeeDoc, req: MembersRequest): Promise<Page<MemberCard>> {
  const settings = await loadSettings();
  const showAll = settings.mobileVisible || viewer.isAdmin;
  const prefix = req.keyword?.trim()
    ? keywordPrefix(req.keyword, showAll)
    : `${req.departmentId ? `d:${req.departmentId}` : '*'} `;
  const found: { e: EmployeeDoc; key: string }[] = [];
  const want = req.limit + 1; // one more tells whether more follow
  let after = req.cursor ? decodeCursor(req.cursor) : undefined;
  let exhausted = !prefix;
  for (let round = 0; !exhausted && round < MAX_ROUNDS && found.length < want; round++) {
    const n = want - found.length;
    const entries = await keyRange(prefix as string, after, n);
    const people = await employeeIndex(entries.map((k) => k.employeeId));
    for (const k of entries) {
      after = k.key;
      const e = people.get(k.employeeId);
      // The index only narrows: an entry not yet rewritten after a change never shows anyone.
      if (!e || e.status !== 'active' || !k.key.endsWith(` ${sortKeyOf(e)}`)) continue;
      if (req.departmentId && !e.departmentIds.includes(req.departmentId)) continue;
      if (req.keyword?.trim() && firstMatch(e, prefix as string) !== k.term) continue;
      found.push({ e, key: k.key });
    }
    if (entries.length < n) exhausted = true;
  }
  const page = found.slice(0, req.limit).map((f) => f.e);
  const departments = await departmentsWithAncestors(page.flatMap((e) => e.departmentIds));
  const index = departmentIndex(departments);
  // The rule that refuses adding them (membership.resolveCandidates), told before anyone picks.
  const takesPart = scopeMatcher(settings.usageScope, departments);
  // Past the last person shown, or — a short page — past the last entry looked at.
  const resume = found.length > req.limit ? found[req.limit - 1].key : exhausted ? undefined : after;
  return {
    items: page.map((e) => ({
      ...toCard(e, { departments: index, showMobile: showAll || e._id === viewer._id }),
      indexLetter: /^[a-z]/.test(e.namePinyin) ? e.namePinyin.charAt(0).toUpperCase() : '#',
      inScope: takesPart(e),
    })),
    nextCursor: resume ? encodeCursor(resume) : null,
  };
}

export async function profileOf(
  viewer: EmployeeDoc,
  employeeId: string,
): Promise<EmployeeCard & { status: EmployeeStatus }> {
  const [e, settings] = await Promise.all([getEmployee(employeeId), loadSettings()]);
  if (!e) throw errors.profileNotFound();
  // Their departments and those above them (for the paths), from the tree this instance keeps:
  // one small read of the tree's stamp while it has not changed (store/departmentTree.ts).
  const departments = await departmentsWithAncestors(e.departmentIds);
  return toCard(e, {
    departments: departmentIndex(departments),
    showMobile: canSeeMobile(viewer, settings.mobileVisible, e._id),
  });
}
