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
import { addConversationTx, getConversation, getConversationTx } from '../store/conversations';
import { getCreateLockTx, putCreateLockTx } from '../store/locks';
import type { ConversationDoc, EmployeeDoc, ReservationDoc } from '../store/documents';
import { withTransaction } from '../store/transaction';
import { resolveCandidates } from './membership';
import { checkTakesPart } from './participation';
import { finishReservation, requestKey } from './reservations';
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

/** How long a request id (or an unfinished create's parameters) keeps naming its group. */
const CREATE_RETRY_WINDOW_MS = 10 * 60 * 1000;

/**
 * Creates a group: permission, expansion, cap, then one transaction that writes the
 * conversation as 'creating' with a seat reservation for everyone (services/reservations.ts),
 * its creation message, and a lock named after the request; then the reservation is finished
 * (member documents, status 'active'). Nothing is written when the permission or the cap
 * refuses. Until it is active the group is invisible (the gate answers NOT_FOUND, lists skip
 * it). The same request again finds the lock: with the same request id (the Mini Program sends
 * one per tap of 创建) it returns or finishes that group for 10 minutes; with the same
 * parameters and no id it finishes a group still 'creating' instead of making a second one.
 */
export async function doCreateGroup(
  caller: EmployeeDoc,
  openid: string,
  input: CreateInput & { requestId?: string },
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
  const key = requestKey(
    'create',
    caller._id,
    input.requestId ??
      JSON.stringify([
        input.name?.trim() ?? '',
        [...(input.departmentIds ?? [])].sort(),
        [...(input.employeeIds ?? [])].sort(),
      ]),
  );
  const lockId = `create_${key}`;
  const now = clock.now();
  const reservation: ReservationDoc = {
    at: now,
    kind: 'create',
    actorId: caller._id,
    actorName: caller.name,
    ids: people.map((p) => p._id),
    names: people.map((p) => p.name),
    viaDepartment: people.filter((p) => candidates.viaDepartment.has(p._id)).map((p) => p._id),
    firstJoinSeq: 1,
    joinedAtSeq: 0,
  };
  const step1 = await withTransaction(async (tx) => {
    const lock = await getCreateLockTx(tx, lockId);
    if (lock && lock.until > now) {
      const earlier = await getConversationTx(tx, lock.conversationId);
      // Without a request id only an unfinished create is taken for this one: two identical
      // groups made on purpose, one after the other, stay two.
      if (earlier && (input.requestId || earlier.status === 'creating'))
        return { conv: earlier, made: false };
    }
    const id = newId();
    const conv: ConversationDoc = {
      ...buildConversation(
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
      ),
      status: 'creating',
      reservations: { [key]: reservation },
      pendingAt: now,
    };
    await putCreateLockTx(tx, lockId, { conversationId: id, until: now + CREATE_RETRY_WINDOW_MS });
    await addConversationTx(tx, conv);
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
    return { conv: conversation, made: true };
  });
  let conv = step1.conv;
  if (conv.status === 'creating') {
    const finished = await finishReservation(conv._id, key, step1.made ? { reservation, people } : undefined);
    conv = finished?.conversation ?? (await getConversation(conv._id)) ?? conv;
  }
  return { conversation: toConversation(conv), skipped: candidates.skipped };
}
