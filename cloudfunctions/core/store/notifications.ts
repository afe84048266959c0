// The subscription ledger, the notification log and the notify markers on messages and members.
//
// Every step that must not happen twice is one conditional update (atomic on one document,
// MongoDB semantics, no transaction needed):
// - spending a credit: `credits > 0` → credits − 1, so concurrent dispatches can never take the
//   ledger below zero;
// - claiming a message for dispatch: `notifyAt == what I read` → notifyAt = now + lease;
// - claiming a member for a chat: `notifiedAt` missing or older than the throttle → now, which
//   is at the same time the "one per chat per 5 minutes" rule and what keeps a re-run from
//   notifying the same person again.
import type { NotifyKind } from '../domain/notify';
import { collection, command, rows } from './query';
import { isDuplicateKey } from './batch';

type Updated = { stats?: { updated?: number } };
const updatedCount = (res: unknown): number => (res as Updated).stats?.updated ?? 0;

export interface SubscriptionDoc {
  /** `${employeeId}_${templateId}` */
  _id: string;
  employeeId: string;
  templateId: string;
  credits: number;
  updatedAt: number;
}

export const subscriptionId = (employeeId: string, templateId: string): string =>
  `${employeeId}_${templateId}`;

export async function creditsOf(
  employeeIds: readonly string[],
  templateId: string,
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const _ = command();
  for (let i = 0; i < employeeIds.length; i += 1000) {
    const part = employeeIds.slice(i, i + 1000);
    const docs = await rows<SubscriptionDoc>(
      collection('subscriptions')
        .where({ _id: _.in(part.map((e) => subscriptionId(e, templateId))) })
        .limit(1000),
    );
    for (const d of docs) out.set(d.employeeId, d.credits);
  }
  return out;
}

/** +n credits (an increment: concurrent grants add up). */
export async function grantCredits(
  employeeId: string,
  templateId: string,
  n: number,
  now: number,
): Promise<void> {
  const _ = command();
  const id = subscriptionId(employeeId, templateId);
  for (let attempt = 0; attempt < 3; attempt++) {
    const res = await collection('subscriptions')
      .where({ _id: id })
      .update({ data: { credits: _.inc(n), updatedAt: now } });
    if (updatedCount(res) > 0) return;
    try {
      await collection('subscriptions').add({
        data: { _id: id, employeeId, templateId, credits: n, updatedAt: now },
      });
      return;
    } catch (e) {
      // Another grant created it first: increment that one.
      if (!isDuplicateKey(e)) throw e;
    }
  }
}

/** Spends one credit if there is one; false when the ledger is at zero. */
export async function spendCredit(employeeId: string, templateId: string, now: number): Promise<boolean> {
  const _ = command();
  const res = await collection('subscriptions')
    .where({ _id: subscriptionId(employeeId, templateId), credits: _.gt(0) })
    .update({ data: { credits: _.inc(-1), updatedAt: now } });
  return updatedCount(res) > 0;
}

/** WeChat said 43101 (no subscription left): the ledger was ahead of WeChat's count. */
export async function clearCredits(employeeId: string, templateId: string, now: number): Promise<void> {
  await collection('subscriptions')
    .where({ _id: subscriptionId(employeeId, templateId) })
    .update({ data: { credits: 0, updatedAt: now } });
}

// ---- messages waiting for dispatch ----

export interface PendingMessage {
  _id: string;
  conversationId: string;
  seq: number;
  type: 'text' | 'image' | 'file' | 'system';
  senderId: string | null;
  text?: string;
  fileName?: string;
  mentions?: string[] | 'all';
  recalled?: boolean;
  removed?: boolean;
  notify: NotifyKind;
  notifyAt: number;
  notifyFrom?: string;
  createdAt: number;
}

/** Messages whose notifyAt has passed `cutoff`, oldest first. */
export function dueMessages(cutoff: number, limit: number): Promise<PendingMessage[]> {
  const _ = command();
  return rows<PendingMessage>(
    collection('messages')
      .where({ notifyAt: _.lte(cutoff) })
      .orderBy('notifyAt', 'asc')
      .limit(limit),
  );
}

/** Takes a due message for this run; a run that dies leaves it to another after `until`. */
export async function claimMessage(id: string, seen: number, until: number): Promise<boolean> {
  const res = await collection('messages')
    .where({ _id: id, notifyAt: seen })
    .update({ data: { notifyAt: until } });
  return updatedCount(res) > 0;
}

/** Dispatch finished: the marker goes, so the index holds only what is still to do. */
export async function finishMessage(id: string): Promise<void> {
  await collection('messages')
    .doc(id)
    .update({ data: { notifyAt: command().remove() } });
}

/** One notification per chat per member per window (see the header). */
export async function claimMember(memberDocId: string, now: number, windowMs: number): Promise<boolean> {
  const _ = command();
  const res = await collection('members')
    .where(
      _.or([
        { _id: memberDocId, notifiedAt: _.exists(false) },
        { _id: memberDocId, notifiedAt: _.lt(now - windowMs) },
      ]),
    )
    .update({ data: { notifiedAt: now } });
  return updatedCount(res) > 0;
}

// ---- the log ----

export interface NotificationDoc {
  /** `${messageId}_${employeeId}` */
  _id: string;
  employeeId: string;
  conversationId: string;
  messageId: string;
  templateId: string;
  status: 'sent' | 'failed' | 'no_credit';
  errCode: number;
  errMsg: string;
  at: number;
}

export async function recordNotification(doc: NotificationDoc): Promise<void> {
  try {
    await collection('notifications').add({ data: { ...doc } });
  } catch (e) {
    if (!isDuplicateKey(e)) throw e;
  }
}

export function notificationsOf(employeeId: string, limit = 100): Promise<NotificationDoc[]> {
  return rows<NotificationDoc>(
    collection('notifications').where({ employeeId }).orderBy('at', 'desc').limit(limit),
  );
}
