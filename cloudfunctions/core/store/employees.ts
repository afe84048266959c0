import type { RosterStatus } from '../../../typings/api';
import type { RosterSnapshot } from '../domain/rosterPlan';
import { MOBILE_MIN } from '../domain/directoryTerms';
import { nameLookup, type NameLookup } from '../domain/nameKeys';
import { rosterStatusMatch } from '../domain/rosterStatus';
import { db } from '../platform/cloud';
import { clock } from '../platform/clock';
import { reindexEmployees } from './directoryIndex';
import { addMany, updateMany } from './batch';
import type { EmployeeDoc } from './documents';
import { byId, byIds, collection, command, first, oldestBefore, rows } from './query';
import { keysetPage } from './keyset';
import { isMissingDoc, txGet, txWrites, type Tx } from './transaction';

export function findEmployeeByOpenid(openid: string): Promise<EmployeeDoc | null> {
  return first<EmployeeDoc>(collection('employees').where({ openid }).limit(1));
}

/** Whoever was bound to this OPENID when they departed (their binding is gone). */
export function findEmployeeByFormerOpenid(openid: string): Promise<EmployeeDoc | null> {
  return first<EmployeeDoc>(collection('employees').where({ formerOpenid: openid }).limit(1));
}

/** A departed employee with this mobile, if any (phone binding tells them they have left). */
export function findDepartedEmployeeByMobile(mobile: string): Promise<EmployeeDoc | null> {
  return first<EmployeeDoc>(collection('employees').where({ mobile, status: 'departed' }).limit(1));
}

export function getEmployee(id: string): Promise<EmployeeDoc | null> {
  return byId<EmployeeDoc>('employees', id);
}

// ---- roster, binding and address-book queries ----

const READ_PAGE = 1000;

/**
 * Employees by id, any status; blanks and repeats are ignored. One request per 1,000 ids
 * (the server cap), sent together, so the cost is fixed whatever the list length.
 */
export const employeesByIds = (ids: readonly string[]): Promise<EmployeeDoc[]> =>
  byIds<EmployeeDoc>('employees', ids.filter(Boolean));

/** The same employees, indexed by id. */
export async function employeeIndex(ids: readonly string[]): Promise<Map<string, EmployeeDoc>> {
  return new Map((await employeesByIds(ids)).map((e) => [e._id, e]));
}

const SNAPSHOT_FIELDS = {
  _id: true,
  name: true,
  mobile: true,
  employeeNo: true,
  departmentIds: true,
  position: true,
  status: true,
  inviteCode: true,
} as const;

/**
 * The whole roster, departed included, with only the fields the import decides on. A company
 * has thousands of entries at most: a few reads of 1,000, far cheaper than one query per row.
 */
export async function loadRosterSnapshot(): Promise<RosterSnapshot[]> {
  const out: RosterSnapshot[] = [];
  for (let skip = 0; ; skip += READ_PAGE) {
    const page = await rows<RosterSnapshot>(
      collection('employees').orderBy('_id', 'asc').skip(skip).limit(READ_PAGE).field(SNAPSHOT_FIELDS),
    );
    out.push(...page);
    if (page.length < READ_PAGE) return out;
  }
}

/** Fields the address-book index is derived from (store/directoryIndex.ts). */
const INDEXED_FIELDS: readonly (keyof EmployeeDoc)[] = [
  'name',
  'mobile',
  'departmentIds',
  'status',
  'namePinyin',
  'nameInitials',
];

export const touchesDirectory = (patch: Partial<EmployeeDoc>): boolean =>
  INDEXED_FIELDS.some((f) => f in patch);

/**
 * A patch that changes indexed fields carries the reindex marker (same write, so a crash before
 * the reindex leaves it for maintenance). Use it for every employee write; after the write (or
 * its transaction's commit) run `reindexEmployees` on the ids.
 */
export const withDirectoryMarker = <T extends Partial<EmployeeDoc>>(patch: T, now: number): T =>
  touchesDirectory(patch) ? { ...patch, keysPendingAt: now } : patch;

/** New employees, then their address-book index and department counts. */
export async function addEmployees(docs: EmployeeDoc[]): Promise<void> {
  const now = clock.now();
  await addMany(
    'employees',
    docs.map((d) => ({ ...d, keysPendingAt: now })),
  );
  await reindexEmployees(docs.map((d) => d._id));
}

/** The same change to many employees, then their index and counts when it touches them. */
export async function updateEmployees(ids: string[], patch: Partial<EmployeeDoc>): Promise<void> {
  await updateMany('employees', ids, withDirectoryMarker(patch, clock.now()) as Record<string, unknown>);
  if (touchesDirectory(patch)) await reindexEmployees(ids);
}

export function findEmployeeByInviteCode(code: string): Promise<EmployeeDoc | null> {
  return first<EmployeeDoc>(collection('employees').where({ inviteCode: code }).limit(1));
}

export function findActiveEmployeeByMobile(mobile: string): Promise<EmployeeDoc | null> {
  return first<EmployeeDoc>(collection('employees').where({ mobile, status: 'active' }).limit(1));
}

/** Active admins (a company has a handful). */
/** Offboardings started before `before` and not finished (killed part way), oldest first. */
export const unfinishedOffboardings = (before: number, limit: number): Promise<EmployeeDoc[]> =>
  oldestBefore<EmployeeDoc>('employees', 'offboardingAt', before, limit);

export async function markOffboarded(id: string): Promise<void> {
  const res = (await collection('employees')
    .where({ _id: id, status: 'departed' })
    .update({ data: { offboardingAt: null, rosterStatus: 'departed' } })) as { stats: { updated: number } };
  // Rehired by an import before the offboarding finished: active again, its roster status stays.
  if (res.stats.updated === 0)
    await collection('employees')
      .doc(id)
      .update({ data: { offboardingAt: null } });
}

/**
 * Entries stored before `rosterStatus` existed, in address-book order: the (rosterStatus,
 * namePinyin) index answers the null (null or missing), one page.
 */
export async function entriesWithoutRosterStatus(limit: number): Promise<EmployeeDoc[]> {
  const page = await keysetPage<EmployeeDoc>(
    'employees',
    ['namePinyin', 'asc'],
    [{ rosterStatus: null }],
    undefined,
    limit,
  );
  return page.slice(0, limit);
}

/**
 * Fills one entry's missing roster status. Every write that changes it sets it, so a change
 * since `status` was computed has set it already and this one writes nothing.
 */
export async function fillRosterStatus(id: string, status: RosterStatus): Promise<boolean> {
  const res = (await collection('employees')
    .where({ _id: id, rosterStatus: null })
    .update({ data: { rosterStatus: status } })) as { stats: { updated: number } };
  return res.stats.updated > 0;
}

export function listActiveAdmins(): Promise<EmployeeDoc[]> {
  return rows<EmployeeDoc>(collection('employees').where({ isAdmin: true, status: 'active' }).limit(100));
}

export function getEmployeeTx(tx: Tx, id: string): Promise<EmployeeDoc | null> {
  return txGet<EmployeeDoc>(tx, 'employees', id);
}

/**
 * An employee change inside a transaction. A patch touching indexed fields carries the reindex
 * marker; the caller runs `reindexEmployees([id])` after the commit.
 */
export async function updateEmployeeTx(tx: Tx, id: string, patch: Partial<EmployeeDoc>): Promise<void> {
  await tx
    .collection('employees')
    .doc(id)
    .update({ data: withDirectoryMarker(patch, patch.updatedAt ?? clock.now()) as Record<string, unknown> });
}

/** Keyset position in the address-book order (namePinyin, _id). */
export interface NameCursor {
  pinyin: string;
  id: string;
}

export interface MemberQuery {
  departmentId?: string;
  /** Keyword, looked up in nameKeys (domain/nameKeys.ts: the mobile's terms too — admins only call this). */
  keyword?: string;
  searchMobile: boolean;
  after?: NameCursor;
  limit: number;
  /** Which entries: active employees unless told otherwise (the admin roster lists departed ones too). */
  match?: object;
  /**
   * Some entries may still lack nameKeys (stored before it existed, until the maintenance step
   * has filled them: services/nameKeysBackfill.ts): match those by RegExps too.
   */
  withoutKeys?: boolean;
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Every roster entry (''), or those in one status, as a `match` for listActiveEmployees: by the
 * stored roster status once every entry has one (`stored`), else derived from status, openid and
 * offboardingAt (reads entries it then skips; only until the repair has filled the old ones).
 */
export const rosterMatch = (status: RosterStatus | '', stored: boolean): object =>
  !status ? {} : stored ? { rosterStatus: status } : rosterStatusMatch(status, command());

/**
 * What the nameKeys of a keyword's lookup match, as RegExps over the fields they come from
 * (domain/nameKeys.ts): the name contains it; the initials or pinyin start with it; the mobile
 * starts with it (from MOBILE_MIN digits) or ends with it (4 digits). Transitional: no index
 * answers it, so it reads every entry (only while some lack nameKeys).
 */
function withoutKeysMatch(lookup: NameLookup): object {
  const _ = command();
  const re = (pattern: string) => db().RegExp({ regexp: pattern, options: 'i' });
  const k = lookup.rest ?? lookup.term;
  const any: object[] = [{ name: re(escapeRegExp(k)) }];
  if (/^[a-z0-9]+$/.test(k)) any.push({ nameInitials: re(`^${k}`) }, { namePinyin: re(`^${k}`) });
  if (/^\d+$/.test(k) && k.length >= MOBILE_MIN) any.push({ mobile: re(`^${k}`) });
  if (/^\d{4}$/.test(k)) any.push({ mobile: re(`${k}$`) });
  return _.or(any);
}

/**
 * Roster entries in address-book order for the admin roster (any status, services/rosterPeople);
 * reads `limit + 1` to tell whether more follow. The address book itself reads its index
 * (services/directory.ts), not this.
 */
export function listActiveEmployees(q: MemberQuery): Promise<EmployeeDoc[]> {
  const _ = command();
  const re = (pattern: string) => db().RegExp({ regexp: pattern, options: 'i' });
  const filters: object[] = [q.match ?? { status: 'active' }];
  if (q.departmentId) filters.push({ departmentIds: q.departmentId });
  const lookup = q.keyword ? nameLookup(q.keyword) : null;
  if (lookup) {
    // One equality on the multikey nameKeys index (domain/nameKeys.ts says what it matches: part
    // of the name, start of the initials/pinyin/mobile, the mobile's last 4 digits); status and
    // the cursor are applied to the matched set, ordered by pinyin.
    const byKeys = lookup.rest
      ? { nameKeys: lookup.term, name: re(escapeRegExp(lookup.rest)) }
      : { nameKeys: lookup.term };
    filters.push(
      q.withoutKeys
        ? _.or([byKeys, _.and([{ nameKeys: _.exists(false) }, withoutKeysMatch(lookup)])])
        : byKeys,
    );
  }
  const after = q.after && { value: q.after.pinyin, id: q.after.id };
  return keysetPage<EmployeeDoc>('employees', ['namePinyin', 'asc'], filters, after, q.limit);
}

// ---- the roster-import lease ----
//
// Two imports running at once could both create the same new person (the batch add cannot
// check uniqueness). A lease document taken in a transaction makes imports run one at a time;
// it expires on its own so a crashed import never blocks the next one for long.

const IMPORT_LEASE_ID = 'rosterImport';

interface LeaseDoc {
  holder: string;
  until: number;
}

/** Takes the lease, or returns the time the current holder's lease ends. */
export async function acquireImportLease(
  tx: Tx,
  holder: string,
  now: number,
  ttlMs: number,
): Promise<number | null> {
  let lease: LeaseDoc | null = null;
  try {
    lease = ((await tx.collection('locks').doc(IMPORT_LEASE_ID).get()).data as LeaseDoc) ?? null;
  } catch (e) {
    if (!isMissingDoc(e)) throw e;
  }
  if (lease && lease.until > now && lease.holder !== holder) return lease.until;
  await tx
    .collection('locks')
    .doc(IMPORT_LEASE_ID)
    .set({ data: { holder, until: now + ttlMs } });
  return null;
}

/** Removes leases past their end (a killed holder's); the count removed. */
export async function removeExpiredLeases(now: number): Promise<number> {
  const res = (await collection('locks')
    .where({ until: command().lt(now) })
    .remove()) as { stats?: { removed?: number } };
  return res.stats?.removed ?? 0;
}

export async function releaseImportLease(holder: string): Promise<void> {
  await collection('locks').where({ _id: IMPORT_LEASE_ID, holder }).remove();
}

export const { add: addEmployeeTx } = txWrites<EmployeeDoc>('employees');
