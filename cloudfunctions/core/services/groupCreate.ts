// groups.createOptions and groups.create: who may create, and a new group with its members.
import type { CreateGroupResult, DepartmentGroupPreview, GroupCreateOptions } from '../../../typings/api';
import { checkCap, effectiveCap } from '../domain/cap';
import { buildConversation } from '../domain/conversation';
import { departmentGroupName } from '../domain/departmentGroups';
import { errors, isAppError, messageOf } from '../domain/errors';
import { defaultGroupName } from '../domain/groupName';
import { newId } from '../domain/ids';
import { canInitiate, checkCanInitiate } from '../domain/initiation';
import { clock } from '../platform/clock';
import { recordAudit } from '../store/audit';
import { checkText } from '../platform/secCheck';
import { addConversationTx, getConversation, getConversationTx } from '../store/conversations';
import { getCreateLock, getCreateLockTx, putCreateLockTx } from '../store/locks';
import type { ConversationDoc, EmployeeDoc, ReservationDoc } from '../store/documents';
import { withTransaction } from '../store/transaction';
import { resolveCandidates } from './membership';
import { checkTakesPart } from './participation';
import { finishReservation, requestKey } from './reservations';
import { appendMessage } from './timeline';

import { system, toConversation, loadCompany } from './groupGates';

export async function createOptions(
  caller: EmployeeDoc,
  departmentIds?: string[],
): Promise<GroupCreateOptions> {
  const { settings, departments } = await loadCompany();
  const canCreate = canInitiate(settings.initiation, departments, caller);
  const memberCap = effectiveCap(settings.memberCap);
  return {
    memberCap,
    // The creator takes one seat: ticking a 64-person department one belongs to fits a cap of 64.
    capLeft: Math.max(0, memberCap - 1),
    canCreate,
    reason: canCreate ? null : messageOf('initiationRestricted'),
    ...(departmentIds?.length
      ? { departmentPreview: await previewDepartmentGroup(caller, departmentIds, { settings, departments }) }
      : {}),
  };
}

/**
 * 发起部门群: who a group of these departments (and their sub-departments) would hold, counted by
 * the same expansion and cap check groups.create applies, so the page shows numbers, not rules.
 */
async function previewDepartmentGroup(
  caller: EmployeeDoc,
  departmentIds: string[],
  company: Awaited<ReturnType<typeof loadCompany>>,
): Promise<DepartmentGroupPreview> {
  const byId = new Map(company.departments.map((d) => [d._id, d]));
  const unknownDept = departmentIds.filter((d) => !byId.has(d));
  if (unknownDept.length) throw errors.departmentNotFound({ departmentIds: unknownDept });
  const candidates = await resolveCandidates(
    { departmentIds },
    company.settings.usageScope,
    company.departments,
  );
  const memberCount = 1 + candidates.people.filter((p) => p._id !== caller._id).length;
  let tooMany: string | null = null;
  try {
    checkCap(company.settings.memberCap, 0, memberCount);
  } catch (e) {
    if (!isAppError(e)) throw e;
    tooMany = e.message;
  }
  const names = departmentIds.map((id) => (byId.get(id) as { name: string }).name);
  return {
    memberCount,
    memberCap: effectiveCap(company.settings.memberCap),
    fits: tooMany === null,
    reason: tooMany,
    skipped: candidates.skipped.length,
    name: departmentGroupName(names.join('、')),
  };
}

export interface CreateInput {
  name?: string;
  departmentIds?: string[];
  employeeIds?: string[];
  /** Follow the departments by itself from now on (services/orgSync.ts). */
  autoSync?: boolean;
}

/** How long a request id (or an unfinished create's parameters) keeps naming its group. */
const CREATE_RETRY_WINDOW_MS = 10 * 60 * 1000;

/**
 * An admin creating a group on someone else's behalf (admin.createDepartmentGroups): `caller`
 * becomes the owner; `actor` is recorded as creator and in the audit. `onceKey` names the group
 * for good (a lock without end): while that group lives (not dissolved, not deleted) the same key
 * answers it instead of making another — one group per department, whoever retries and when.
 */
export interface CreateOnBehalf {
  actor: Pick<EmployeeDoc, '_id' | 'name'>;
  onceKey: string;
}

/** Groups that still count as "the group" of a once-key. */
const LIVE_FOR_ONCE = new Set<ConversationDoc['status']>(['active', 'disabled', 'creating']);

/** The live group a once-key names, if any (two reads; the create re-checks in its transaction). */
export async function onceGroup(onceKey: string): Promise<ConversationDoc | null> {
  const lock = await getCreateLock(onceKey);
  const conv = lock ? await getConversation(lock.conversationId) : null;
  return conv && LIVE_FOR_ONCE.has(conv.status) && conv.status !== 'creating' ? conv : null;
}

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
  onBehalf?: CreateOnBehalf,
): Promise<CreateGroupResult & { made: boolean }> {
  const { settings, departments } = await loadCompany();
  // An admin's creation for a department is not limited by who may start groups.
  if (!onBehalf) checkCanInitiate(settings.initiation, departments, caller);
  const actor = onBehalf?.actor ?? caller;
  await checkTakesPart(caller, { settings, departments });
  // Permission first, then the name's content check (the only user text of a new group).
  if (input.name?.trim()) await checkText(input.name.trim(), openid, 'name');
  if (input.autoSync && !input.departmentIds?.length) throw errors.autoSyncNeedsDepartments();
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
  const key = onBehalf
    ? requestKey('create', onBehalf.onceKey)
    : requestKey(
        'create',
        caller._id,
        input.requestId ??
          JSON.stringify([
            input.name?.trim() ?? '',
            [...(input.departmentIds ?? [])].sort(),
            [...(input.employeeIds ?? [])].sort(),
          ]),
      );
  const lockId = onBehalf ? onBehalf.onceKey : `create_${key}`;
  const now = clock.now();
  const reservation: ReservationDoc = {
    at: now,
    kind: 'create',
    actorId: actor._id,
    actorName: actor.name,
    ids: people.map((p) => p._id),
    names: people.map((p) => p.name),
    viaDepartment: people.filter((p) => candidates.viaDepartment.has(p._id)).map((p) => p._id),
    firstJoinSeq: 1,
    joinedAtSeq: 0,
  };
  const step1 = await withTransaction(async (tx) => {
    const lock = await getCreateLockTx(tx, lockId);
    if (onBehalf && lock) {
      const earlier = await getConversationTx(tx, lock.conversationId);
      if (earlier && LIVE_FOR_ONCE.has(earlier.status)) return { conv: earlier, made: false };
    } else if (lock && (lock.until ?? 0) > now) {
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
          creatorId: actor._id,
          memberCount: people.length,
          departmentIds: [...new Set(input.departmentIds ?? [])],
        },
        now,
      ),
      ...(input.autoSync ? { autoSync: true } : {}),
      status: 'creating',
      reservations: { [key]: reservation },
      pendingAt: now,
    };
    // A once-key's lock has no end (Infinity is not JSON): the lease sweep leaves it alone.
    await putCreateLockTx(
      tx,
      lockId,
      onBehalf ? { conversationId: id } : { conversationId: id, until: now + CREATE_RETRY_WINDOW_MS },
    );
    await addConversationTx(tx, conv);
    const created = onBehalf
      ? `${actor.name} 创建了群聊，${caller.name} 为群主`
      : `${caller.name} 创建了群聊`;
    const { conversation } = await appendMessage(tx, conv, system(created), now);
    await recordAudit(
      {
        actorId: actor._id,
        actorName: actor.name,
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
  return { conversation: toConversation(conv), skipped: candidates.skipped, made: step1.made };
}
