// Seat reservations: how people join a group in more than one transaction and still survive a
// kill at any point (design at the top of services/membership.ts).
//
// A reservation is written into the conversation document in the same transaction that raises
// memberCount (and, for a new group, creates the document): its id, the people it is for in join
// order, their names and who asked. The member documents then carry `reservationId`, so whoever
// finishes the reservation — the call itself, a retry of the same call (same id: the id is
// derived from the request), or the repair run — can tell its own documents from a racing add's.
// Finishing = write the documents still missing (for people still active), then one transaction
// that gives back the seats not used, drops the reservation, turns a 'creating' group 'active'
// and says who joined. A reservation already gone means someone finished it: nothing to do.
// `pendingAt` (the oldest open reservation's time) lets the repair find leftovers by index.
import crypto from 'crypto';
import { clock } from '../platform/clock';
import { recordAudit } from '../store/audit';
import { conversationsPendingBefore, getConversation, getConversationTx } from '../store/conversations';
import type { ConversationDoc, EmployeeDoc, MemberDoc, ReservationDoc } from '../store/documents';
import { memberId } from '../store/documents';
import { employeesByIds } from '../store/employees';
import { existingMembers, insertMembers } from '../store/members';
import { withTransaction, type Changes, type Tx } from '../store/transaction';
import { autoJoinLine } from '../domain/orgSync';
import { appendMessages, systemLine } from './timeline';

/** A stable id for "this request": the same call retried (same params or request id) gets the same one. */
export function requestKey(...parts: readonly (string | readonly string[])[]): string {
  const text = parts.map((p) => (typeof p === 'string' ? p : [...p].sort().join(','))).join('\u0000');
  return crypto.createHash('sha256').update(text).digest('hex').slice(0, 24);
}

/** "李娜 邀请 王强、赵敏 加入了群聊" (long lists are shortened with a count). */
export function joinText(kind: ReservationDoc['kind'], actorName: string, names: readonly string[]): string {
  const shown = names.slice(0, 10).join('、');
  const who = names.length > 10 ? `${shown} 等 ${names.length} 人` : shown;
  return kind === 'sync' ? `同步部门成员：${who} 加入了群聊` : `${actorName} 邀请 ${who} 加入了群聊`;
}

const pendingAtOf = (reservations: Record<string, ReservationDoc>): number | null => {
  const times = Object.values(reservations).map((r) => r.at);
  return times.length ? Math.min(...times) : null;
};

/** The update that reserves `r` under `rid` on a conversation read in the same transaction. */
export function reserveUpdate(
  conv: ConversationDoc,
  rid: string,
  r: ReservationDoc,
): Changes<ConversationDoc> {
  const reservations = { ...(conv.reservations ?? {}), [rid]: r };
  return {
    memberCount: conv.memberCount + r.ids.length,
    joinCounter: conv.joinCounter + r.ids.length,
    reservations,
    pendingAt: pendingAtOf(reservations),
  };
}

export function memberDocOf(
  conversationId: string,
  rid: string,
  r: ReservationDoc,
  employeeId: string,
): MemberDoc {
  const i = r.ids.indexOf(employeeId);
  return {
    _id: memberId(conversationId, employeeId),
    conversationId,
    employeeId,
    role: r.kind === 'create' && i === 0 ? 'owner' : 'member',
    joinSeq: r.firstJoinSeq + i,
    joinedAt: r.at,
    joinedAtSeq: r.joinedAtSeq,
    lastReadSeq: r.joinedAtSeq,
    ...(r.viaDepartment.includes(employeeId) ? { viaDepartment: true } : {}),
    reservationId: rid,
  };
}

export interface Finished {
  conversation: ConversationDoc;
  /** The people this reservation put in the group (its own member documents). */
  joined: string[];
}

/**
 * Writes what is missing and settles. `fresh` (the call that just made the reservation) skips
 * the re-reads a retry or the repair needs: nobody else can have written this reservation's
 * documents yet, and the people were just checked.
 */
export async function finishReservation(
  conversationId: string,
  rid: string,
  fresh?: { reservation: ReservationDoc; people: readonly EmployeeDoc[] },
): Promise<Finished | null> {
  let r = fresh?.reservation;
  if (!r) {
    const conv = await getConversation(conversationId);
    r = conv?.reservations?.[rid];
    if (!r) return null;
  }
  const ours = new Set<string>();
  let missing = r.ids;
  if (!fresh) {
    const existing = await existingMembers(conversationId, r.ids);
    for (const m of existing) if (m.reservationId === rid) ours.add(m.employeeId);
    const present = new Set(existing.map((m) => m.employeeId));
    missing = r.ids.filter((id) => !present.has(id));
    // Someone who left the company meanwhile is not brought in.
    const active = new Set(
      (await employeesByIds(missing)).filter((e) => e.status === 'active').map((e) => e._id),
    );
    missing = missing.filter((id) => active.has(id));
  }
  const reservation = r;
  for (const d of await insertMembers(missing.map((id) => memberDocOf(conversationId, rid, reservation, id))))
    ours.add(d.employeeId);
  return settle(conversationId, rid, ours);
}

async function settle(
  conversationId: string,
  rid: string,
  ours: ReadonlySet<string>,
): Promise<Finished | null> {
  return withTransaction(async (tx) => {
    let conv = await getConversationTx(tx, conversationId);
    const r = conv?.reservations?.[rid];
    if (!conv || !r) return null;
    const joined = r.ids.filter((id) => ours.has(id));
    const rest = { ...conv.reservations };
    delete rest[rid];
    const now = clock.now();
    const patch = {
      memberCount: conv.memberCount - (r.ids.length - joined.length),
      reservations: rest,
      pendingAt: pendingAtOf(rest),
      ...(conv.status === 'creating' ? { status: 'active' as const } : {}),
    };
    // The settled reservation and the join lines: one write of the conversation.
    const lines =
      r.kind !== 'create' && joined.length && conv.status !== 'dissolved' ? joinLines(r, joined) : [];
    conv = (await appendMessages(tx, conv, lines.map(systemLine), now, patch)).conversation;
    if (r.kind !== 'create' && joined.length) await auditJoin(tx, conv, r, rid, joined, now);
    return { conversation: conv, joined };
  });
}

function joinLines(r: ReservationDoc, joined: readonly string[]): string[] {
  const names = joined.map((id) => r.names[r.ids.indexOf(id)]);
  // An automatic sync says each newcomer's name on a line of their own (新同事 王芳 加入了群聊).
  return r.kind === 'auto' ? names.map(autoJoinLine) : [joinText(r.kind, r.actorName, names)];
}

async function auditJoin(
  tx: Tx,
  conv: ConversationDoc,
  r: ReservationDoc,
  rid: string,
  joined: readonly string[],
  now: number,
): Promise<void> {
  await recordAudit(
    {
      actorId: r.actorId,
      actorName: r.actorName,
      action: 'group.addMembers',
      targetType: 'conversation',
      targetId: conv._id,
      conversationId: conv._id,
      details: { added: [...joined], reservationId: rid },
      at: now,
    },
    tx,
  );
}

/** Reservations older than `before` (what killed calls left), oldest conversations first. */
export async function staleReservations(
  before: number,
  limit: number,
): Promise<{ id: string; rid: string }[]> {
  return (await conversationsPendingBefore(before, limit)).flatMap((c) =>
    Object.entries(c.reservations ?? {})
      .filter(([, r]) => r.at < before)
      .map(([rid]) => ({ id: c._id, rid })),
  );
}
