// groups.addMembers, removeMembers and leave. The mechanics (seat reservation, removal,
// leave/handover) live in membership.ts; these are the callers' gates around them.
import type { AddMembersResult, LeaveResult, RemoveMembersResult, Skipped } from '../../../typings/api';
import { errors } from '../domain/errors';
import { checkCanAdd, checkManager, roleOf } from '../domain/ownership';
import { getConversation, getMember, getMemberTx } from '../store/conversations';
import type { EmployeeDoc } from '../store/documents';
import { employeesByIds } from '../store/employees';
import { checkConversationOpen } from './access';
import { doAddMembers, doLeave, doRemoveMembers, resolveCandidates } from './membership';

import { actorOf, loadCompany, requireGroupRole } from './groupGates';

export async function addToGroup(
  caller: EmployeeDoc,
  conversationId: string,
  request: { departmentIds?: string[]; employeeIds?: string[]; requestId?: string },
): Promise<AddMembersResult> {
  const { conversation, role } = await requireGroupRole(conversationId, caller._id);
  checkCanAdd(role, conversation.allowMemberInvite);
  const { settings, departments } = await loadCompany();
  const candidates = await resolveCandidates(request, settings.usageScope, departments);
  const out = await doAddMembers(
    conversationId,
    candidates.people,
    actorOf(caller),
    settings.memberCap,
    async (conv, tx) => {
      checkConversationOpen(conv);
      if (!(await getMemberTx(tx, conversationId, caller._id))) throw errors.notInGroup();
      checkCanAdd(roleOf(caller._id, conv), conv.allowMemberInvite);
    },
    { viaDepartment: candidates.viaDepartment, requestId: request.requestId },
  );
  const skipped: Skipped[] = [
    ...candidates.skipped,
    ...out.alreadyMembers.map((e): Skipped => ({
      employeeId: e._id,
      reason: 'already_member',
      name: e.name,
    })),
  ];
  return { added: out.added.map((e) => e._id), skipped };
}

export async function removeFromGroup(
  caller: EmployeeDoc,
  conversationId: string,
  employeeIds: string[],
): Promise<RemoveMembersResult> {
  const { conversation, role } = await requireGroupRole(conversationId, caller._id);
  checkManager(role);
  const targets = await employeesByIds(employeeIds);
  const removed = await doRemoveMembers(
    conversation,
    { ...actorOf(caller), role },
    targets,
    (names) =>
      `${caller.name} 将 ${names.slice(0, 10).join('、')}${names.length > 10 ? ` 等 ${names.length} 人` : ''} 移出了群聊`,
    {
      audit: 'group.removeMembers',
      authorize: (conv) => {
        checkConversationOpen(conv);
        checkManager(roleOf(caller._id, conv));
      },
    },
  );
  return { removed };
}

export async function leaveGroup(caller: EmployeeDoc, conversationId: string): Promise<LeaveResult> {
  const [conversation, member] = await Promise.all([
    getConversation(conversationId),
    getMember(conversationId, caller._id),
  ]);
  // Already out of a group that exists: a retried leave (maybe one that dissolved the group).
  if (
    conversation?.type === 'group' &&
    !member &&
    ['active', 'disabled', 'dissolved'].includes(conversation.status)
  )
    return {};
  checkConversationOpen(conversation);
  if (!member) throw errors.notInConversation();
  const out = await doLeave(conversationId, actorOf(caller));
  return out.newOwnerId ? { newOwnerId: out.newOwnerId } : {};
}
