// The conversations a person may search, kept in ONE document per employee (collection
// `search_scopes`): a search across all chats reads this document instead of every member
// record of the caller (300 chats = 300 rows read on every search before the first hit).
//
// It is a cache, rebuilt from the member records, never written by the membership code:
// - a join after it was built is seen by one indexed read that returns nothing while it holds
//   (`members where employeeId = me AND joinedAt > builtAt`, index [employeeId, joinedAt]);
// - a leave or removal is not seen here, so every hit is re-checked against the member record of
//   its conversation (`memberWindows`: only those rows) — a group left meanwhile never leaks;
// - it is rebuilt at the latest after MAX_AGE_MS anyway (a member record written late with an
//   earlier joinedAt, e.g. a finished seat reservation, is picked up then).
import { clock } from '../platform/clock';
import type { MemberDoc } from './documents';
import { memberId } from './documents';
import { membershipsOf } from './messages';
import { byId, chunks, collection, command, rows } from './query';

export const MAX_AGE_MS = 10 * 60_000;

interface ScopeDoc {
  _id: string;
  /** [conversationId, joinedAtSeq] of every membership when built. */
  windows: [string, number][];
  builtAt: number;
}

/** The caller's conversations and their windows (joinedAtSeq): one read while the cache holds. */
export async function searchScope(employeeId: string): Promise<Map<string, number>> {
  const now = clock.now();
  const cached = await byId<ScopeDoc>('search_scopes', employeeId);
  if (cached && now - cached.builtAt < MAX_AGE_MS) {
    const joined = await rows<MemberDoc>(
      collection('members')
        .where({ employeeId, joinedAt: command().gte(cached.builtAt) })
        .limit(1),
    );
    if (!joined.length) return new Map(cached.windows);
  }
  const mine = await membershipsOf(employeeId);
  const windows: [string, number][] = mine.map((m) => [m.conversationId, m.joinedAtSeq]);
  // Built from what was read at `now`: a join in the same millisecond is looked for next time.
  await collection('search_scopes')
    .doc(employeeId)
    .set({ data: { windows, builtAt: now } });
  return new Map(windows);
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
