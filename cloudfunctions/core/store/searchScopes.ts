// The conversations a person may search, kept in ONE document per employee (collection
// `search_scopes`): a search across all chats reads this document instead of every member
// record of the caller (300 chats = 300 rows read on every search before the first hit).
//
// It is a cache, built once from the member records and then kept current incrementally, never
// written by the membership code:
// - joins: every search reads the caller's member records joined since `builtAt` (index
//   [employeeId, joinedAt]) — none or a few — and merges them in. `builtAt` stays MARGIN_MS
//   behind the clock: a member record can be written later than its `joinedAt` (a join whose
//   transaction was still open, a seat reservation finished by the same call or by the repair
//   run, which comes after ABANDONED_AFTER_MS), and those must still be read once written;
// - leaves and removals are not seen here: every hit is re-checked against the member record of
//   its conversation (`memberWindows`: only those rows), and a conversation found left is
//   dropped from the document then (`dropFromScope`), so a group left meanwhile never leaks and
//   the list does not grow forever.
// So a search never reads all memberships again after the first one (a person's first search
// ever, or after the document was lost).
import { clock } from '../platform/clock';
import { ABANDONED_AFTER_MS } from '../platform/functions';
import type { MemberDoc } from './documents';
import { memberId } from './documents';
import { membershipsOf } from './messages';
import { byId, chunks, collection, command, rows } from './query';

/** How far `builtAt` stays behind the clock (joins written late are read again until then). */
export const MARGIN_MS = ABANDONED_AFTER_MS + 10 * 60_000;

interface ScopeDoc {
  _id: string;
  /** [conversationId, joinedAtSeq] of every membership known. */
  windows: [string, number][];
  /** Member records joined at or after this are read on every search and merged in. */
  builtAt: number;
  /** Bumped by every write; a write applies only over the version it read (no lost merge). */
  v?: number;
}

/** Replaces the document's content if nobody wrote it since it was read (else: a cache, skipped). */
async function rewrite(employeeId: string, read: ScopeDoc, data: Omit<ScopeDoc, '_id' | 'v'>): Promise<void> {
  const _ = command();
  await collection('search_scopes')
    .where({ _id: employeeId, v: read.v === undefined ? _.exists(false) : read.v })
    .update({ data: { ...data, v: (read.v ?? 0) + 1 } });
}

/** The caller's conversations and their windows (joinedAtSeq): one read and one short range. */
export async function searchScope(employeeId: string): Promise<Map<string, number>> {
  const builtAt = clock.now() - MARGIN_MS;
  const cached = await byId<ScopeDoc>('search_scopes', employeeId);
  if (!cached) {
    const windows: [string, number][] = (await membershipsOf(employeeId)).map((m) => [
      m.conversationId,
      m.joinedAtSeq,
    ]);
    await collection('search_scopes').doc(employeeId).set({ data: { windows, builtAt } });
    return new Map(windows);
  }
  const windows = new Map(cached.windows);
  const joined = await rows<MemberDoc>(
    collection('members')
      .where({ employeeId, joinedAt: command().gte(cached.builtAt) })
      .orderBy('joinedAt', 'asc')
      .limit(1000),
  );
  const changed = joined.filter((m) => windows.get(m.conversationId) !== m.joinedAtSeq);
  for (const m of changed) windows.set(m.conversationId, m.joinedAtSeq);
  // Written when it learnt something, or when it read joins it need not read again (older than
  // the new `builtAt`): the range read on each search stays the last MARGIN_MS of joins.
  const full = joined.length >= 1000;
  if (changed.length || full || joined.some((m) => m.joinedAt < builtAt)) {
    const next = full ? joined[joined.length - 1].joinedAt : builtAt;
    await rewrite(employeeId, cached, { windows: [...windows], builtAt: Math.max(cached.builtAt, next) });
  }
  return windows;
}

/**
 * Drops conversations found left from the caller's scope document (a search's member check).
 * Skipped when the document changed since it was read (a racing merge is never undone).
 */
export async function dropFromScope(employeeId: string, conversationIds: readonly string[]): Promise<void> {
  if (!conversationIds.length) return;
  const cached = await byId<ScopeDoc>('search_scopes', employeeId);
  if (!cached) return;
  const gone = new Set(conversationIds);
  await rewrite(employeeId, cached, {
    windows: cached.windows.filter(([id]) => !gone.has(id)),
    builtAt: cached.builtAt,
  });
}

/** The caller's current window in each of these conversations (absent: no longer a member). */
export async function memberWindows(
  employeeId: string,
  conversationIds: readonly string[],
): Promise<Map<string, number>> {
  const _ = command();
  const found = await Promise.all(
    chunks([...new Set(conversationIds)], 500).map((ids) =>
      rows<MemberDoc>(
        collection('members')
          .where({ _id: _.in(ids.map((c) => memberId(c, employeeId))) })
          .limit(ids.length),
      ),
    ),
  );
  return new Map(found.flat().map((m) => [m.conversationId, m.joinedAtSeq]));
}
