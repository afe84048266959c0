// Membership changes: who may join, the seat reservation that keeps the cap, leaving with owner
// handover, removal.
//
// Consistency design (CloudBase transactions are single-document and a group holds up to 1,000
// member documents, so adding people cannot be one transaction):
//
// 1. Seats first. A transaction on the conversation document checks the cap against
//    memberCount (domain/cap.ts checkCap — the only place the cap is decided), then raises
//    memberCount and joinCounter by the number of people being added and records the
//    reservation (its id derived from the request, the people, who asked) in the same document
//    (services/reservations.ts). Concurrent adds all write that one document, so they serialise
//    (the losers conflict and retry on fresh data): the sum of reservations can never pass the
//    cap. memberCount is therefore always >= the member documents and <= the cap.
// 2. Then the member documents, batched (store/members.ts insertMembers: one request per 500).
//    Their _id is memberId(conversationId, employeeId), so the primary key refuses a second copy
//    of a person: when two adds of the same person race, exactly one document is created; each
//    carries its reservation's id, so every call knows which documents are its own.
// 3. Settle: a second transaction on the conversation gives back the seats whose documents this
//    reservation did not create (lost races), drops the reservation, and appends the system
//    message naming exactly the people it added. memberCount equals the member documents again.
//    Between 1 and 3 the count is only ever too high (a concurrent add near the cap may be
//    refused a little early), never too low, so the cap is never exceeded.
//
// Removal is transactional per chunk of 50 people (doRemoveMembers): each member document is
// read and removed inside the transaction that lowers memberCount, so two removals of the same
// person count it once. (A batch `where().remove()` would be one request, but its deleted count
// cannot be trusted to attribute a racing removal in the local cloud, and a removal is a rare,
// small action; the 1,000-person path that must be batched is adding.)
//
// Leaving and ownership changes touch few documents, so they are one transaction each over the
// conversation document and the member documents involved (owner, successor). Ownership lives
// in conversation.ownerId/adminIds and is mirrored on member.role inside the same transaction;
// every such transaction writes the conversation document, so a leave by the owner and a
// transferOwner racing it serialise: whichever commits second re-reads and sees the new owner.
//
// If the call dies (timeout, crash) between steps, the reservation stays on the conversation:
// memberCount is too high meanwhile (the cap stays safe). The same request retried finds its
// reservation by id and finishes it; otherwise the repair run (services/maintenance.ts) finishes
// every reservation older than any live call could be, writing the documents still missing (for
// people still active) and settling. No blind recount is needed: the reservation says exactly
// which seats are in flight, so nothing racing an in-flight add is ever counted too low.
import type { AuditAction, Scope, Skipped } from '../../../typings/api';
import { checkCap, effectiveCap } from '../domain/cap';
import { errors } from '../domain/errors';
import { nameWithout } from '../domain/groupName';
import { checkCanRemove, pickSuccessor, roleOf } from '../domain/ownership';
import { scopeMatcher, subtreeIds, type DepartmentNode } from '../domain/scope';
import { clock } from '../platform/clock';
import { recordAudit } from '../store/audit';
import { activeEmployeesInDepartments } from '../store/candidates';
import { employeesByIds, getEmployeeTx } from '../store/employees';
import {
  getConversation,
  getConversationTx,
  getMemberTx,
  removeMemberTx,
  updateConversationTx,
  updateMemberTx,
} from '../store/conversations';
import type { ConversationDoc, EmployeeDoc, MemberDoc, ReservationDoc } from '../store/documents';
import { memberId } from '../store/documents';
import { earliestMembers, existingMembers } from '../store/members';
import { withTransaction, type Tx } from '../store/transaction';
import { finishReservation, requestKey, reserveUpdate } from './reservations';
import { appendMessage, appendMessages, systemLine } from './timeline';

export interface Actor {
  id: string;
  name: string;
}

// ---------- who would join ----------

export interface CandidateRequest {
  departmentIds?: readonly string[];
  employeeIds?: readonly string[];
}

export interface Candidates {
  /** Active, in scope, de-duplicated, in a stable order (picked people first, then departments). */
  people: EmployeeDoc[];
  skipped: Skipped[];
  /** People who came only through a department (not picked by name): syncDepartments may remove them. */
  viaDepartment: Set<string>;
}

/**
 * Expands departments (sub-departments included) and picked people into the active roster
 * entries that may be pulled into chats. Departed people and people outside the usage scope are
 * reported, not added. Department members outside the scope are reported too (the admin asked
 * for "a clear report").
 */
export async function resolveCandidates(
  request: CandidateRequest,
  usageScope: Scope,
  departments: readonly DepartmentNode[],
): Promise<Candidates> {
  const deptIds = [...subtreeIds(departments, request.departmentIds ?? [])];
  const [fromDepartments, picked] = await Promise.all([
    activeEmployeesInDepartments(deptIds),
    employeesByIds(request.employeeIds ?? []),
  ]);
  return checkCandidates(request.employeeIds ?? [], picked, fromDepartments, usageScope, departments);
}

/** Pure part of resolveCandidates: filters and reports. */
export function checkCandidates(
  pickedIds: readonly string[],
  picked: readonly EmployeeDoc[],
  fromDepartments: readonly EmployeeDoc[],
  usageScope: Scope,
  departments: readonly DepartmentNode[],
): Candidates {
  const inScope = scopeMatcher(usageScope, departments);
  const byId = new Map(picked.map((e) => [e._id, e]));
  const seen = new Set<string>();
  const people: EmployeeDoc[] = [];
  const skipped: Skipped[] = [];
  const consider = (e: EmployeeDoc) => {
    if (seen.has(e._id)) return;
    seen.add(e._id);
    if (e.status !== 'active') skipped.push({ employeeId: e._id, reason: 'departed', name: e.name });
    else if (!inScope(e)) skipped.push({ employeeId: e._id, reason: 'out_of_scope', name: e.name });
    else people.push(e);
  };
  const pickedSet = new Set(pickedIds);
  for (const id of pickedIds) {
    const e = byId.get(id);
    if (e) consider(e);
    else if (!seen.has(id)) {
      seen.add(id);
      skipped.push({ employeeId: id, reason: 'not_found' });
    }
  }
  fromDepartments.forEach(consider);
  const viaDepartment = new Set(people.filter((p) => !pickedSet.has(p._id)).map((p) => p._id));
  return { people, skipped, viaDepartment };
}

// ---------- adding ----------

export function newMemberDoc(
  conversationId: string,
  employeeId: string,
  role: MemberDoc['role'],
  joinSeq: number,
  joinedAtSeq: number,
  now: number,
  viaDepartment = false,
): MemberDoc {
  return {
    _id: memberId(conversationId, employeeId),
    conversationId,
    employeeId,
    role,
    joinSeq,
    joinedAt: now,
    joinedAtSeq,
    lastReadSeq: joinedAtSeq,
    ...(viaDepartment ? { viaDepartment: true } : {}),
  };
}

export interface AddOutcome {
  added: EmployeeDoc[];
  alreadyMembers: EmployeeDoc[];
  conversation: ConversationDoc;
  /** With `fitToCap`: the people left out because the group was full. */
  capped: EmployeeDoc[];
}

export interface AddRequest {
  /** 'sync' when syncDepartments adds newcomers (its own system line); 'auto' for an auto-synced group. */
  kind?: 'invite' | 'sync' | 'auto';
  /**
   * Add as many as the cap allows (in the given order) instead of refusing them all: an
   * automatic sync lets in whoever fits and reports the rest (`capped`).
   */
  fitToCap?: boolean;
  viaDepartment?: ReadonlySet<string>;
  /** The client's id for this request; without it the request is known by who adds whom. */
  requestId?: string;
}

/**
 * Adds people to an existing group following the steps at the top of this file: one
 * transaction reserves the seats (recorded on the conversation, services/reservations.ts), then
 * the reservation is finished. `authorize` runs inside the reservation transaction on the fresh
 * conversation document. A retry of the same request finds its reservation and finishes it.
 */
export async function doAddMembers(
  conversationId: string,
  people: readonly EmployeeDoc[],
  actor: Actor,
  memberCap: number,
  authorize: (conversation: ConversationDoc, tx: Tx) => Promise<void>,
  request: AddRequest = {},
): Promise<AddOutcome> {
  const kind = request.kind ?? 'invite';
  const existing = new Set(
    (
      await existingMembers(
        conversationId,
        people.map((p) => p._id),
      )
    ).map((m) => m.employeeId),
  );
  const fresh = people.filter((p) => !existing.has(p._id));
  const rid = requestKey('add', conversationId, actor.id, request.requestId ?? people.map((p) => p._id));
  const now = clock.now();

  // Step 1: reserve seats (or find this request's reservation from an earlier, killed attempt).
  const step1 = await withTransaction(async (tx) => {
    const conv = await getConversationTx(tx, conversationId);
    if (!conv) throw errors.conversationNotFound();
    await authorize(conv, tx);
    const earlier = conv.reservations?.[rid];
    if (earlier) return { conv, reservation: earlier, made: false };
    const seats = request.fitToCap ? Math.max(0, effectiveCap(memberCap) - conv.memberCount) : fresh.length;
    const taken = fresh.slice(0, seats);
    if (!taken.length) return { conv, reservation: null, made: false };
    checkCap(memberCap, conv.memberCount, taken.length);
    const reservation: ReservationDoc = {
      at: now,
      kind,
      actorId: actor.id,
      actorName: actor.name,
      ids: taken.map((p) => p._id),
      names: taken.map((p) => p.name),
      viaDepartment: taken.filter((p) => request.viaDepartment?.has(p._id)).map((p) => p._id),
      firstJoinSeq: conv.joinCounter + 1,
      joinedAtSeq: conv.lastSeq,
    };
    await updateConversationTx(tx, conversationId, {
      ...reserveUpdate(conv, rid, reservation),
      updatedAt: now,
    });
    return { conv, reservation, made: true };
  });
  const { reservation } = step1;
  const reserved = new Set(reservation?.ids ?? []);
  const capped = request.fitToCap ? fresh.filter((p) => !reserved.has(p._id)) : [];
  if (!reservation) {
    const others = people.filter((p) => !capped.includes(p));
    return { added: [], alreadyMembers: others, conversation: step1.conv, capped };
  }

  // Steps 2 and 3: the member documents, then give back unused seats and say who joined.
  const finished = await finishReservation(
    conversationId,
    rid,
    step1.made ? { reservation, people: fresh.filter((p) => reserved.has(p._id)) } : undefined,
  );
  const joined = new Set(finished?.joined ?? []);
  return {
    added: people.filter((p) => joined.has(p._id)),
    alreadyMembers: people.filter((p) => !joined.has(p._id) && !capped.includes(p)),
    conversation: finished?.conversation ?? step1.conv,
    capped,
  };
}

// ---------- removing ----------

/** Removals per transaction: each person is a get and a remove inside it. */
const REMOVE_CHUNK = 50;

/**
 * Removes people (by an owner/admin, or by syncDepartments). Roles are checked against the
 * conversation first; then each chunk of up to 50 people is one transaction that reads each
 * member document, removes those whose role the actor may remove, and lowers memberCount by
 * exactly the number it removed. Two removals of the same person conflict on the documents and
 * the loser, retrying, finds them gone: counted once. `authorize` re-checks the actor on the
 * fresh conversation inside each transaction. Returns the ids removed by this call.
 */
export async function doRemoveMembers(
  conversation: ConversationDoc,
  actor: Actor & { role: MemberDoc['role'] },
  targets: readonly EmployeeDoc[],
  /** The system line(s) for the people a chunk removed: one summary, or one line per person. */
  text: (names: string[]) => string | string[],
  options: { audit?: AuditAction; authorize?: (conversation: ConversationDoc) => void } = {},
): Promise<string[]> {
  for (const t of targets) checkCanRemove(actor.role, roleOf(t._id, conversation), t._id === actor.id);
  const roles: MemberDoc['role'][] = actor.role === 'owner' ? ['member', 'admin'] : ['member'];
  const removedIds: string[] = [];
  for (let i = 0; i < targets.length; i += REMOVE_CHUNK) {
    const chunk = targets.slice(i, i + REMOVE_CHUNK);
    const now = clock.now();
    const removed = await withTransaction(async (tx) => {
      const conv = await getConversationTx(tx, conversation._id);
      if (!conv) throw errors.conversationNotFound();
      options.authorize?.(conv);
      const gone: EmployeeDoc[] = [];
      for (const t of chunk) {
        const m = await getMemberTx(tx, conv._id, t._id);
        if (!m || !roles.includes(roleOf(t._id, conv))) continue;
        await removeMemberTx(tx, m._id);
        gone.push(t);
      }
      if (!gone.length) return gone;
      const goneIds = new Set(gone.map((t) => t._id));
      const changes = {
        memberCount: conv.memberCount - gone.length,
        adminIds: conv.adminIds.filter((a) => !goneIds.has(a)),
        updatedAt: now,
        ...autoNameWithout(
          conv,
          gone.map((t) => t.name),
        ),
      };
      const lines = text(gone.map((t) => t.name));
      // The lines and the member changes: one write of the conversation (timeline.appendMessages).
      await appendMessages(
        tx,
        conv,
        (typeof lines === 'string' ? [lines] : lines).map((line) => systemLine(line)),
        now,
        changes,
      );
      if (options.audit)
        await recordAudit(
          {
            actorId: actor.id,
            actorName: actor.name,
            action: options.audit,
            targetType: 'conversation',
            targetId: conv._id,
            conversationId: conv._id,
            details: { removed: [...goneIds] },
            at: now,
          },
          tx,
        );
      return gone;
    });
    removedIds.push(...removed.map((t) => t._id));
  }
  return removedIds;
}

/** An automatic group name no longer names people who left (a chosen name is never touched). */
function autoNameWithout(conv: ConversationDoc, leaverNames: readonly string[]): { name?: string } {
  if (!conv.autoName) return {};
  const name = leaverNames.reduce(nameWithout, conv.name);
  return name === conv.name ? {} : { name };
}

// ---------- leaving and handover ----------

class StaleRead extends Error {}

export interface LeaveHow {
  /** Offboarding: the system message says 已离职. */
  departed?: boolean;
  /** Offboarding also cleans groups an admin has disabled. */
  allowDisabled?: boolean;
  /** Who caused it, for the audit (the admin who offboarded); the leaver otherwise. */
  by?: Actor;
}

export interface LeaveOutcome {
  left: boolean;
  newOwnerId?: string;
  dissolved: boolean;
}

/**
 * One member leaves (themself, or offboarding). When the owner leaves, the earliest-joined
 * remaining member becomes owner in the same transaction; when nobody is left, the group is
 * dissolved. The successor is looked up before the transaction (a query cannot run inside one)
 * and re-read inside it: if they left meanwhile, or the leaver became owner meanwhile, the whole
 * step is redone on fresh data.
 */
export async function doLeave(
  conversationId: string,
  leaver: Actor,
  how: LeaveHow = {},
): Promise<LeaveOutcome> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const conv = await getConversation(conversationId);
    if (!conv) throw errors.conversationNotFound();
    // The leaver is at most one of the first two in join order: the rule sees everyone it needs.
    const successor =
      conv.ownerId === leaver.id ? pickSuccessor(await earliestMembers(conversationId, 2), leaver.id) : null;
    // memberCount says others remain but no other member document exists: either an add is
    // between its reservation and its documents (wait a little), or seats were leaked by a
    // crashed add. After a few tries the owner is treated as the last member, so leaving never
    // gets stuck; the group is then dissolved and the leaked count cleared.
    const lastResort = attempt >= 5;
    try {
      return await withTransaction((tx) => leaveTx(tx, conversationId, leaver, successor, how, lastResort));
    } catch (e) {
      if (!(e instanceof StaleRead)) throw e;
      await new Promise((resolve) => setTimeout(resolve, 5 + attempt * 5));
    }
  }
  throw errors.membershipBusy();
}

async function leaveTx(
  tx: Tx,
  conversationId: string,
  leaver: Actor,
  successorGuess: MemberDoc | null,
  how: LeaveHow,
  noSuccessorMeansEmpty = false,
): Promise<LeaveOutcome> {
  const conv = await getConversationTx(tx, conversationId);
  if (!conv) throw errors.conversationNotFound();
  if (conv.type !== 'group') throw errors.cannotLeaveDirect();
  if (conv.status === 'dissolved') throw errors.groupDissolved();
  if (conv.status === 'disabled' && !how.allowDisabled) throw errors.groupDisabled();
  const me = await getMemberTx(tx, conversationId, leaver.id);
  if (!me) throw errors.notInGroup();
  const now = clock.now();
  const isOwner = conv.ownerId === leaver.id;
  let remaining = conv.memberCount - 1;
  let successor: MemberDoc | null = null;
  if (isOwner && remaining > 0 && !successorGuess && noSuccessorMeansEmpty) remaining = 0;
  if (isOwner && remaining > 0) {
    if (!successorGuess) throw new StaleRead();
    // Chosen outside the transaction (a query cannot run in one): still a member?
    successor = await getMemberTx(tx, conversationId, successorGuess.employeeId);
    if (!successor) throw new StaleRead();
  }
  await removeMemberTx(tx, me._id);
  const changes: Partial<ConversationDoc> = {
    memberCount: remaining,
    adminIds: conv.adminIds.filter((a) => a !== leaver.id && a !== successor?.employeeId),
    updatedAt: now,
    ...autoNameWithout(conv, [leaver.name]),
  };
  if (successor) {
    changes.ownerId = successor.employeeId;
    await updateMemberTx(tx, successor._id, { role: 'owner' });
  }
  const dissolved = remaining <= 0;
  if (dissolved) changes.status = 'dissolved';
  await updateConversationTx(tx, conversationId, changes);
  let next: ConversationDoc = { ...conv, ...changes };
  if (!dissolved) {
    const leftText = how.departed ? `${leaver.name} 已离职，退出了群聊` : `${leaver.name} 退出了群聊`;
    next = (
      await appendMessage(tx, next, { type: 'system', senderId: null, senderName: '', text: leftText }, now)
    ).conversation;
    if (successor) {
      const names = await employeesByIdsTx(tx, successor.employeeId);
      await appendMessage(
        tx,
        next,
        { type: 'system', senderId: null, senderName: '', text: `群主已转让给 ${names}` },
        now,
      );
      await recordAudit(
        {
          actorId: how.by?.id ?? leaver.id,
          actorName: how.by?.name ?? leaver.name,
          action: 'group.handover',
          targetType: 'conversation',
          targetId: conversationId,
          conversationId,
          before: { ownerId: leaver.id },
          after: { ownerId: successor.employeeId },
          details: { reason: how.departed ? 'offboard' : 'leave' },
          at: now,
        },
        tx,
      );
    }
  }
  return { left: true, dissolved, ...(successor ? { newOwnerId: successor.employeeId } : {}) };
}

/** The successor's name, read inside the transaction (a single-document get). */
async function employeesByIdsTx(tx: Tx, employeeId: string): Promise<string> {
  try {
    return (await getEmployeeTx(tx, employeeId))?.name ?? '新群主';
  } catch {
    return '新群主';
  }
}
