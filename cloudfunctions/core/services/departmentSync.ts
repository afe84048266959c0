// groups.syncDepartments: a department-linked group follows its departments again.
import type { SyncDepartmentsResult } from '../../../typings/api';
import { checkCap } from '../domain/cap';
import { errors } from '../domain/errors';
import { checkManager, roleOf } from '../domain/ownership';
import { scopeMatcher, subtreeIds } from '../domain/scope';
import { clock } from '../platform/clock';
import { recordAudit } from '../store/audit';
import { activeEmployeesInDepartments } from '../store/candidates';
import type { EmployeeDoc } from '../store/documents';
import { employeesByIds } from '../store/employees';
import { allMembers } from '../store/members';
import { checkConversationOpen } from './access';
import { doAddMembers, doRemoveMembers } from './membership';

import { actorOf, loadCompany, requireGroupRole } from './groupGates';

/**
 * Re-expands the linked departments: adds newcomers (active, in scope) and removes members who
 * came in through a department and are no longer in it. People picked by name, the owner and
 * admins are never removed by a sync. The cap is checked on the outcome before anything is
 * written, and again atomically when the seats are reserved.
 */
export async function doSyncDepartments(
  caller: EmployeeDoc,
  conversationId: string,
): Promise<SyncDepartmentsResult> {
  const { conversation, role } = await requireGroupRole(conversationId, caller._id);
  checkManager(role);
  if (!conversation.departmentIds.length) throw errors.noLinkedDepartments();
  const { settings, departments } = await loadCompany();
  const inScope = scopeMatcher(settings.usageScope, departments);
  const target = (
    await activeEmployeesInDepartments([...subtreeIds(departments, conversation.departmentIds)])
  ).filter(inScope);
  const targetIds = new Set(target.map((e) => e._id));
  const members = await allMembers(conversationId);
  const memberIds = new Set(members.map((m) => m.employeeId));
  const newcomers = target.filter((e) => !memberIds.has(e._id));
  const leavingIds = members
    .filter(
      (m) =>
        m.viaDepartment && roleOf(m.employeeId, conversation) === 'member' && !targetIds.has(m.employeeId),
    )
    .map((m) => m.employeeId);
  checkCap(settings.memberCap, members.length - leavingIds.length, newcomers.length);
  const actor = actorOf(caller);
  const leaving = await employeesByIds(leavingIds);
  const removed = await doRemoveMembers(
    conversation,
    // Sync removes plain members only (role 'admin' here = may remove members, never admins).
    { ...actor, role: 'admin' },
    leaving,
    (names) =>
      `同步部门成员：${names.slice(0, 10).join('、')}${names.length > 10 ? ` 等 ${names.length} 人` : ''} 已移出群聊`,
    { authorize: (conv) => void checkConversationOpen(conv) },
  );
  const out = !newcomers.length
    ? { added: [] as EmployeeDoc[] }
    : await doAddMembers(
        conversationId,
        newcomers,
        actor,
        settings.memberCap,
        async (conv) => {
          checkConversationOpen(conv);
        },
        { kind: 'sync', viaDepartment: new Set(newcomers.map((e) => e._id)) },
      );
  const now = clock.now();
  await recordAudit({
    actorId: caller._id,
    actorName: caller.name,
    action: 'group.syncDepartments',
    targetType: 'conversation',
    targetId: conversationId,
    conversationId,
    details: { added: out.added.map((e) => e._id), removed },
    at: now,
  });
  return { added: out.added.map((e) => e._id), removed };
}
