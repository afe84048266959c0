// The admin roster: every entry, departed ones too (search, filter by status), one entry's detail
// with its invite code, reissuing a code and rehiring someone who left. Each write is one
// transaction on the employee with its audit entry, so a killed call changed all or nothing.
import type {
  AdminEmployeeDetail,
  InviteIssued,
  Page,
  RosterEntry,
  RosterStatus,
} from '../../../typings/api';
import { errors } from '../domain/errors';
import { INVITE_TTL_MS, newInviteCode } from '../domain/invite';
import { canRehire, canReissueInvite, inviteOf, rosterStatusOf } from '../domain/rosterStatus';
import { clock } from '../platform/clock';
import { ABANDONED_AFTER_MS } from '../platform/functions';
import { recordAudit } from '../store/audit';
import { departmentsWithAncestors } from '../store/departmentTree';
import type { EmployeeDoc } from '../store/documents';
import {
  findActiveEmployeeByMobile,
  findEmployeeByInviteCode,
  getEmployee,
  getEmployeeTx,
  listActiveEmployees,
  rosterMatch,
  updateEmployeeTx,
} from '../store/employees';
import { membershipsOf } from '../store/members';
import { withTransaction } from '../store/transaction';
import { departmentIndex, toCard, type CardOptions } from './cards';
import { decodeNameCursor, encodeNameCursor } from './directory';
import type { Actor } from './membership';
import { nameKeysFilled } from './nameKeysBackfill';
import { rosterStatusesStored } from './rosterStatuses';

const toEntry = (e: EmployeeDoc, options: CardOptions): RosterEntry => ({
  ...toCard(e, options),
  rosterStatus: rosterStatusOf(e),
  departedAt: e.departedAt ?? null,
});

export interface RosterRequest {
  keyword?: string;
  status?: RosterStatus | '';
  cursor?: string;
  limit: number;
}

/** Everyone on the roster (or those in one status), in address-book order; admins see mobiles. */
export async function rosterPage(req: RosterRequest): Promise<Page<RosterEntry>> {
  const keyword = req.keyword?.trim().toLowerCase().replace(/\s+/g, '') || undefined;
  const [stored, filled] = await Promise.all([
    !req.status || rosterStatusesStored(),
    !keyword || nameKeysFilled('employees'),
  ]);
  const found = await listActiveEmployees({
    match: rosterMatch(req.status ?? '', stored),
    keyword,
    withoutKeys: !filled,
    searchMobile: true,
    after: req.cursor ? decodeNameCursor(req.cursor) : undefined,
    limit: req.limit,
  });
  const page = found.slice(0, req.limit);
  // The page's departments and those above them, from the tree this instance keeps.
  const departments = await departmentsWithAncestors(page.flatMap((e) => e.departmentIds));
  const options = { departments: departmentIndex(departments), showMobile: true };
  const last = page[page.length - 1];
  return {
    items: page.map((e) => toEntry(e, options)),
    nextCursor:
      found.length > req.limit && last ? encodeNameCursor({ pinyin: last.namePinyin, id: last._id }) : null,
  };
}

export async function employeeDetail(employeeId: string): Promise<AdminEmployeeDetail> {
  const e = await getEmployee(employeeId);
  if (!e) throw errors.employeeNotFound();
  const [departments, memberships] = await Promise.all([
    departmentsWithAncestors(e.departmentIds),
    membershipsOf(e._id),
  ]);
  const groups = memberships.length;
  const status = rosterStatusOf(e);
  return {
    employee: toEntry(e, { departments: departmentIndex(departments), showMobile: true }),
    invite: inviteOf(e, clock.now()),
    groups,
    canReissueInvite: canReissueInvite(e),
    canRehire: canRehire(e),
    canOffboard: e.status === 'active',
    canFinishOffboarding: status === 'offboarding',
  };
}

/** A code no entry holds (codes are random; a clash is astronomically rare but checked). */
async function unusedCode(): Promise<string> {
  for (;;) {
    const code = newInviteCode();
    if (!(await findEmployeeByInviteCode(code))) return code;
  }
}

/**
 * A new invite code for an active employee who has not bound yet (the code was lost, or expired):
 * the old one stops binding at once, since binding looks the entry up by its code.
 */
export async function doReissueInvite(employeeId: string, actor: Actor): Promise<InviteIssued> {
  const code = await unusedCode();
  return withTransaction(async (tx) => {
    const e = await getEmployeeTx(tx, employeeId);
    if (!e) throw errors.employeeNotFound();
    if (e.status !== 'active') throw errors.inviteForDeparted();
    if (e.openid) throw errors.inviteForBound();
    const now = clock.now();
    const issued = { inviteCode: code, inviteExpiresAt: now + INVITE_TTL_MS };
    await updateEmployeeTx(tx, e._id, { ...issued, inviteUsedAt: null, updatedAt: now });
    await recordAudit(
      {
        actorId: actor.id,
        actorName: actor.name,
        action: 'employee.reissueInvite',
        targetType: 'employee',
        targetId: e._id,
        // Codes are credentials: the log says that one was replaced, never which.
        before: { expiresAt: e.inviteExpiresAt },
        after: { expiresAt: issued.inviteExpiresAt },
        details: { name: e.name },
        at: now,
      },
      tx,
    );
    return issued;
  });
}

/** Rehired moments ago and not bound since: a second rehire is the first one retried. */
function isRecentRehire(
  e: EmployeeDoc,
  now: number,
): e is EmployeeDoc & { inviteCode: string; inviteExpiresAt: number } {
  return (
    e.rehiredAt != null &&
    now - e.rehiredAt < ABANDONED_AFTER_MS &&
    !e.openid &&
    !!e.inviteCode &&
    e.inviteExpiresAt != null
  );
}

/**
 * Someone who left comes back: active again (not bound: their binding was removed at departure)
 * with a fresh invite code. Their old groups are not given back; their direct chats are still there.
 */
export async function doRehire(employeeId: string, actor: Actor): Promise<InviteIssued> {
  const code = await unusedCode();
  const target = await getEmployee(employeeId);
  // The mobile identifies a person at binding: another active entry must not hold it.
  const holder = target ? await findActiveEmployeeByMobile(target.mobile) : null;
  return withTransaction(async (tx) => {
    const e = await getEmployeeTx(tx, employeeId);
    if (!e) throw errors.employeeNotFound();
    if (e.status === 'active') {
      // The same rehire retried (its answer was lost): the code it issued, not a refusal.
      if (isRecentRehire(e, clock.now()))
        return { inviteCode: e.inviteCode, inviteExpiresAt: e.inviteExpiresAt };
      throw errors.alreadyActive();
    }
    if (!canRehire(e)) throw errors.offboardingUnfinished();
    if (holder && holder._id !== e._id && holder.mobile === e.mobile)
      throw errors.rehireMobileTaken({ name: holder.name });
    const now = clock.now();
    const issued = { inviteCode: code, inviteExpiresAt: now + INVITE_TTL_MS };
    await updateEmployeeTx(tx, e._id, {
      status: 'active',
      // Departure removed the binding: back as not yet bound.
      rosterStatus: 'unbound',
      departedAt: null,
      ...issued,
      inviteUsedAt: null,
      rehiredAt: now,
      updatedAt: now,
    });
    await recordAudit(
      {
        actorId: actor.id,
        actorName: actor.name,
        action: 'employee.rehire',
        targetType: 'employee',
        targetId: e._id,
        before: { status: e.status, departedAt: e.departedAt },
        after: { status: 'active' },
        details: { name: e.name },
        at: now,
      },
      tx,
    );
    return issued;
  });
}
