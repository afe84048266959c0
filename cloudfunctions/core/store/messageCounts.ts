// Messages sent per hour, for the back office's "今日消息" (admin.stats) without counting
// messages: collection `message_counts`, one document per hour that had sends,
// `{ day, hour, n, verified }`. Each send adds 1 to its hour after its transaction commits
// (services/messaging.ts); admin.stats sums today's ≤ 24 documents.
//
// Crash safety: a send killed between its commit and the increment is missing from `n`. So once
// an hour is over by more than the messages function's timeout — no send of that hour can still
// be running, so no increment can still arrive — maintenance recounts it from the messages
// index and stores the true figure (`verified`); hours are verified in order from a stored
// cursor, including hours whose every increment was lost (no document yet).
import { startOfChinaDay } from '../domain/backoffice';
import { isDuplicateKey } from './batch';
import { byId, collection, command, rows, total } from './query';

export const HOUR_MS = 3_600_000;

export interface HourCountDoc {
  _id: string;
  /** Start of the China day (ms) the hour belongs to. */
  day: number;
  /** Start of the hour (ms). */
  hour: number;
  n: number;
  /** Recounted from the messages after the hour closed: final. */
  verified: boolean;
}

const hourOf = (at: number): number => Math.floor(at / HOUR_MS) * HOUR_MS;
const hourId = (hour: number): string => `h${hour}`;

/** Counts one sent message in the hour of `createdAt` (one request, two the first time in an hour). */
export async function countSentMessage(createdAt: number): Promise<void> {
  const hour = hourOf(createdAt);
  const inc = async () =>
    (
      (await collection('message_counts')
        .where({ _id: hourId(hour) })
        .update({ data: { n: command().inc(1) } })) as { stats?: { updated?: number } }
    ).stats?.updated ?? 0;
  if (await inc()) return;
  try {
    await collection('message_counts').add({
      data: { _id: hourId(hour), day: startOfChinaDay(hour), hour, n: 1, verified: false },
    });
  } catch (e) {
    if (!isDuplicateKey(e)) throw e;
    await inc();
  }
}

/** Messages sent since the start of the China day that `now` falls in: ≤ 24 documents read. */
export async function messagesOfDay(now: number): Promise<number> {
  const hours = await rows<HourCountDoc>(
    collection('message_counts')
      .where({ day: startOfChinaDay(now) })
      .limit(48),
  );
  return hours.reduce((n, h) => n + h.n, 0);
}

/**
 * Messages people sent in [from, to), on the ['type', 'createdAt'] index: `type IN (…)` rather
 * than `type != 'system'`, which no index answers.
 */
const countSent = (from: number, to: number): Promise<number> =>
  total(
    collection('messages').where({
      type: command().in(['text', 'image', 'file']),
      createdAt: command().gte(from).and(command().lt(to)),
    }),
  );

const CURSOR_ID = 'messageCountsVerified';

/**
 * Recounts closed hours in order, up to `limit` per call, from the one after the last verified
 * (never before `startAt`); an hour is closed when it ended before `closedBefore`. Idempotent.
 */
export async function verifyHours(
  startAt: number,
  closedBefore: number,
  limit: number,
): Promise<{ checked: number; corrected: number }> {
  const cursor = (await byId<{ _id: string; hour: number }>('settings', CURSOR_ID))?.hour;
  let hour = Math.max(cursor !== undefined ? cursor + HOUR_MS : 0, hourOf(startAt));
  let done = 0;
  let corrected = 0;
  for (; done < limit && hour + HOUR_MS <= closedBefore; hour += HOUR_MS, done++) {
    const n = await countSent(hour, hour + HOUR_MS);
    const stored = await byId<HourCountDoc>('message_counts', hourId(hour));
    if ((stored?.n ?? 0) !== n) corrected++;
    // An hour without messages needs no document (a missing one counts 0).
    if (n || stored)
      await collection('message_counts')
        .doc(hourId(hour))
        .set({ data: { day: startOfChinaDay(hour), hour, n, verified: true } });
  }
  if (done)
    await collection('settings')
      .doc(CURSOR_ID)
      .set({ data: { hour: hour - HOUR_MS } });
  return { checked: done, corrected };
}
