// Where a roster entry stands, as the admin roster shows and filters it, and what may be done to
// it next. Pure, so the rules are tested without a database.
import type { EmployeeStatus, InviteInfo, RosterStatus } from '../../../typings/api';

/** The fields of a roster entry these rules read. */
interface Entry {
  status: EmployeeStatus;
  openid: string | null;
  offboardingAt?: number | null;
  inviteCode: string | null;
  inviteExpiresAt: number | null;
  inviteUsedAt?: number | null;
}

export function rosterStatusOf(e: Entry): RosterStatus {
  if (e.status === 'departed') return e.offboardingAt != null ? 'offboarding' : 'departed';
  return e.openid ? 'active' : 'unbound';
}

/** Each status as a query on the employees collection (`neq`/`gt` from the database's command). */
export function rosterStatusMatch(
  status: RosterStatus,
  _: { neq(v: unknown): unknown; gt(v: unknown): unknown },
): object {
  switch (status) {
    case 'active':
      return { status: 'active', openid: _.neq(null) };
    case 'unbound':
      return { status: 'active', openid: null };
    // `null` also matches an entry that never had the field (departed before it existed).
    case 'departed':
      return { status: 'departed', offboardingAt: null };
    case 'offboarding':
      return { status: 'departed', offboardingAt: _.gt(0) };
  }
}

export function inviteOf(e: Entry, now: number): InviteInfo | null {
  if (!e.inviteCode || e.inviteExpiresAt == null || e.openid) return null;
  const usedAt = e.inviteUsedAt ?? null;
  return {
    code: e.inviteCode,
    expiresAt: e.inviteExpiresAt,
    usedAt,
    state: usedAt ? 'used' : e.inviteExpiresAt <= now ? 'expired' : 'valid',
  };
}

/** A code is reissued only to someone who can still use one: active and not bound. */
export const canReissueInvite = (e: Entry): boolean => e.status === 'active' && !e.openid;

/** Rehired only once fully departed: an unfinished offboarding is finished first. */
export const canRehire = (e: Entry): boolean => rosterStatusOf(e) === 'departed';
