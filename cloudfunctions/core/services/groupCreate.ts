// groups.createOptions and groups.create: who may create, and a new group with its members.
import type { CreateGroupResult, GroupCreateOptions } from '../../../typings/api';
import { checkCap, effectiveCap } from '../domain/cap';
import { buildConversation } from '../domain/conversation';
import { errors, messageOf } from '../domain/errors';
import { defaultGroupName } from '../domain/groupName';
import { newId } from '../domain/ids';
import { canInitiate, checkCanInitiate } from '../domain/initiation';
import { clock } from '../platform/clock';
import { recordAudit } from '../store/audit';
import { checkText } from '../platform/secCheck';
import type { EmployeeDoc } from '../store/documents';
import { insertMembers } from '../store/members';
import { withTransaction } from '../store/transaction';
import { newMemberDoc, resolveCandidates } from './membership';
import { checkTakesPart } from './participation';
import { appendMessage } from './timeline';

import { system, toConversation, loadCompany } from './groupGates';

export async function createOptions(caller: EmployeeDoc): Promise<GroupCreateOptions> {
  const { settings, departments } = await loadCompany();
  const canCreate = canInitiate(settings.initiation, departments, caller);
  const memberCap = effectiveCap(settings.memberCap);
  return {
    memberCap,
    // The creator takes one seat: ticking a 64-person department one belongs to fits a cap of 64.
    capLeft: Math.max(0, memberCap - 1),
    canCreate,
    reason: canCreate ? null : messageOf('initiationRestricted'),
  };
}

export interface CreateInput {
  name?: string;
  departmentIds?: string[];
  employeeIds?: string[];
}

/**
 * Creates a group: permission, expansion, cap, then one transaction that writes the
 * conversation (memberCount already final) with its creation message, then the member
 * documents in batches. Nothing is written when the permission or the cap refuses. The new
 * conversation is invisible until its member documents exist (lists read memberships), and its
 * id is fresh, so no other call can race on its members.
 */
export async function doCreateGroup(
  caller: EmployeeDoc,
  openid: string,
  input: CreateInput,
): Promise<CreateGroupResult> {
  const { settings, departments } = await loadCompany();
  checkCanInitiate(settings.initiation, departments, caller);
  await checkTakesPart(caller, { settings, departments });
  // Permission first, then the name's content check (the only user text of a new group).
  if (input.name?.trim()) await checkText(input.name.trim(), openid, 'name');
  const known = new Set(departments.map((d) => d._id));
  const unknownDept = (input.departmentIds ?? []).filter((d) => !known.has(d));
  if (unknownDept.length) throw errors.departmentNotFound({ departmentIds: unknownDept });
  const candidates = await resolveCandidates(
    {
      departmentIds: input.departmentIds,
      employeeIds: (input.employeeIds ?? []).filter((id) => id !== caller._id),
    },
    settings.usageScope,
    departments,
  );
  const others = candidates.people.filter((p) => p._id !== caller._id);
  const people = [caller, ...others];
  checkCap(settings.memberCap, 0, people.length);
  const now = clock.now();
  const id = newId();
  const conv = buildConversation(
    {
      id,
      type: 'group',
      name: input.name?.trim() || defaultGroupName(people.map((p) => p.name)),
      autoName: !input.name?.trim(),
      ownerId: caller._id,
      creatorId: caller._id,
      memberCount: people.length,
      departmentIds: [...new Set(input.departmentIds ?? [])],
    },
    now,
  );
  const created = await withTransaction(async (tx) => {
    await tx.collection('conversations').add({ data: { ...conv } });
    const { conversation } = await appendMessage(tx, conv, system(`${caller.name} 创建了群聊`), now);
    await recordAudit(
      {
        actorId: caller._id,
        actorName: caller.name,
        action: 'group.create',
        targetType: 'conversation',
        targetId: id,
        conversationId: id,
        after: { name: conv.name, ownerId: caller._id, departmentIds: conv.departmentIds },
        details: { name: conv.name, memberCount: people.length, skipped: candidates.skipped.length },
        at: now,
      },
      tx,
    );
    return conversation;
  });
  await insertMembers(
    people.map((p, i) =>
      newMemberDoc(
        id,
        p._id,
        i === 0 ? 'owner' : 'member',
        i + 1,
        0,
        now,
        candidates.viaDepartment.has(p._id),
      ),
    ),
  );
  return { conversation: toConversation(created), skipped: candidates.skipped };
}
