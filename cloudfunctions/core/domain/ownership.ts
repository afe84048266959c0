// Who owns and manages a group, and who may do what to whom. Pure decisions; the services apply
// them inside transactions on the conversation document so that a group always has exactly one
// owner, who is a member.
import type { MemberRole } from '../../../typings/api';
import { errors } from './errors';

export const MAX_GROUP_ADMINS = 10;

export const isManagerRole = (role: MemberRole): boolean => role === 'owner' || role === 'admin';

/** Owner handover: the earliest-joined remaining member (smallest joinSeq), or null when none is left. */
export function pickSuccessor<M extends { employeeId: string; joinSeq: number }>(
  members: readonly M[],
  leavingId: string,
): M | null {
  let best: M | null = null;
  for (const m of members) {
    if (m.employeeId === leavingId) continue;
    if (!best || m.joinSeq < best.joinSeq) best = m;
  }
  return best;
}

export function checkOwner(role: MemberRole): void {
  if (role !== 'owner') throw errors.ownerOnly();
}

export function checkManager(role: MemberRole): void {
  if (!isManagerRole(role)) throw errors.managersOnly();
}

/** Adding people: owner/admins, or anyone when the owner allows member invites. */
export const mayAdd = (role: MemberRole, allowMemberInvite: boolean): boolean =>
  allowMemberInvite || isManagerRole(role);

export function checkCanAdd(role: MemberRole, allowMemberInvite: boolean): void {
  if (!mayAdd(role, allowMemberInvite)) throw errors.inviteManagersOnly();
}

/** The roles `actorRole` may remove (besides never themself): the owner any but owner, admins plain members. */
export function removableRoles(actorRole: MemberRole): MemberRole[] {
  if (actorRole === 'owner') return ['admin', 'member'];
  return isManagerRole(actorRole) ? ['member'] : [];
}

/** Removing someone: owner removes anyone but themself; admins remove plain members only. */
export function checkCanRemove(actorRole: MemberRole, targetRole: MemberRole, self: boolean): void {
  // Permission first: a plain member naming themself is refused as a non-manager.
  checkManager(actorRole);
  if (self) throw errors.removeSelf();
  if (removableRoles(actorRole).includes(targetRole)) return;
  throw targetRole === 'owner' ? errors.removeOwner() : errors.adminRemovesAdmin();
}

export function checkAdminCount(adminIds: readonly string[]): void {
  if (adminIds.length > MAX_GROUP_ADMINS)
    throw errors.tooManyAdmins({
      fields: [{ path: 'employeeIds', message: `最多 ${MAX_GROUP_ADMINS} 人` }],
      max: MAX_GROUP_ADMINS,
    });
}

/** The role a member has given the conversation's ownerId/adminIds (the conversation is the truth). */
export function roleOf(
  employeeId: string,
  conv: { ownerId: string | null; adminIds: readonly string[] },
): MemberRole {
  if (conv.ownerId === employeeId) return 'owner';
  return conv.adminIds.includes(employeeId) ? 'admin' : 'member';
}
