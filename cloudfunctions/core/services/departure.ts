// Offboarding (离职): the departed employee leaves every group they are in, handing ownership
// over to the earliest-joined remaining member where they owned it (a group left empty is
// dissolved). Each group is one leave (services/membership.ts doLeave), so a failure part way
// leaves every group consistent and a retry finishes the rest. Direct chats are kept: the
// history stays and the departed person can no longer call any action anyway.
import { AppError } from '../domain/errors';
import { getConversation } from '../store/conversations';
import { getEmployee } from '../store/employees';
import { membershipsOf } from '../store/members';
import { doLeave } from './membership';

/**
 * Leaves groups until done or until `deadline` (wall clock): someone in hundreds of groups is
 * offboarded in steps that each fit the function's timeout; `remaining` counts the memberships
 * not reached, for the next step (a retry of the offboard, or the repair run).
 */
export async function leaveAllConversations(
  employeeId: string,
  actor: { id: string; name: string },
  deadline = Infinity,
): Promise<{ groupsLeft: number; ownershipsTransferred: number; remaining: number; total: number }> {
  const employee = await getEmployee(employeeId);
  const leaver = { id: employeeId, name: employee?.name ?? '' };
  let groupsLeft = 0;
  let ownershipsTransferred = 0;
  const memberships = await membershipsOf(employeeId);
  for (const [i, m] of memberships.entries()) {
    if (Date.now() >= deadline)
      return {
        groupsLeft,
        ownershipsTransferred,
        remaining: memberships.length - i,
        total: memberships.length,
      };
    const conv = await getConversation(m.conversationId);
    if (!conv || conv.type !== 'group' || conv.status === 'dissolved') continue;
    try {
      const out = await doLeave(conv._id, leaver, { departed: true, allowDisabled: true, by: actor });
      groupsLeft++;
      if (out.newOwnerId) ownershipsTransferred++;
    } catch (e) {
      // Someone else removed them (or dissolved the group) in the meantime: nothing left to do.
      if (e instanceof AppError && ['FORBIDDEN', 'GROUP_DISSOLVED', 'NOT_FOUND'].includes(e.code)) continue;
      throw e;
    }
  }
  return { groupsLeft, ownershipsTransferred, remaining: 0, total: memberships.length };
}
