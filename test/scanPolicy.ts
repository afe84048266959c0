// What counts as a scan, for the check that every query the functions make is answered by a
// declared index (test/scanCheck.ts runs it in every function, crash and page test). CloudBase
// runs MongoDB: a query no index narrows reads every document of the collection, and so does
// one narrowed only by a field of a handful of values (a status, a type) — unless the index also
// gives the order and the page's limit ends the read. The engine reports, per query, what
// SQLite's plan narrows by (localcloud/engine/tables.ts `planFacts`); this file judges it with
// what COLLECTIONS says about each collection (`small`, `coarse`).
import type { PlanNote } from '../localcloud/engine/database';
import { COLLECTIONS } from '../cloudfunctions/core/store/collections';

type Spec = {
  indexes: readonly (readonly string[])[];
  small?: string;
  coarse?: readonly string[];
  terms?: readonly string[];
};
const specs = COLLECTIONS as Record<string, Spec>;

/**
 * Deliberate scans of large collections: the query as recorded (`collection {query}`), and why.
 * Keep it empty unless a scan is the right design; every entry is named in the session report.
 */
export const DELIBERATE: readonly (readonly [RegExp, string])[] = [
  [
    /^conversations \{"type":"group","status":"active"\}$/,
    "admin.stats' active groups: one count over the (type, status) index — index keys only, grows with the number of groups, never with messages",
  ],
  [
    /^messages \{"type":\{"\$in":\["text","image","file"\]\},"\$and":\[\{"createdAt":\{"\$gte":\d+\}\},\{"createdAt":\{"\$lt":\d+\}\}\]\}$/,
    "maintenance recounts admin.stats' hourly counter of each closed hour once: index keys of one hour's messages",
  ],
  [
    /^messages \{"notifyAt":\{"\$exists":true\}\}$/,
    'the demo seed (localcloud/seed), once when the preview starts',
  ],
  // Transitional, never in steady state: while entries stored before `rosterStatus` existed
  // lack it, the roster's status filters derive it (services/rosterStatuses.ts).
  [
    /^employees \{"\$and":\[\{"status":"(active|departed)","(openid|offboardingAt)":/,
    "admin roster status filters until the maintenance repair has stored every old entry's roster status (asked once per instance)",
  ],
  // Transitional, never in steady state: while groups or people stored before `nameKeys` existed
  // lack it, admin.groups and admin.roster keywords also match those by RegExp
  // (services/nameKeysBackfill.ts).
  [
    /^(conversations|employees) .*"\$or":\[\{"nameKeys":"(?:[^"\\]|\\.)*"(,"name":\{\})?\},(\{"\$and":\[)?\{"nameKeys":\{"\$exists":false\}/,
    'admin.groups / admin.roster keywords until the maintenance step nameKeys has filled every old document (asked once per instance)',
  ],
];

/** Why this query scans a large collection, or null when an index answers it. */
export function scanReason(note: PlanNote): string | null {
  const spec = specs[note.coll];
  // Collections the product does not have (the engine's own tests) and small ones may be read whole.
  if (!spec || spec.small) return null;
  if (note.op === 'aggregate') return 'an aggregate reads every document its $match selects';
  if (note.narrowedBy === null) return 'no index narrows it: reads the whole collection';
  // An index range is bounded by what it pins: an equality on a field of many values (an id, a
  // term, a key). Pinned only to a status, or bounded by a range (older than, before a day), it
  // is read whole — unless the index also gives the order and the page's limit ends the read.
  const coarse = new Set(spec.coarse ?? []);
  const terms = new Set(spec.terms ?? []);
  const pinned = note.narrowedBy.every(
    (b) => b.equal.some((f) => !coarse.has(f)) || (b.range !== null && terms.has(b.range)),
  );
  if (!pinned && !note.pagedByIndex)
    return note.narrowedBy.some((b) => b.equal.length || b.range)
      ? 'its index range is not pinned by a selective field and the read is not one index-ordered page'
      : 'walks a whole index, filtering or counting as it goes';
  return null;
}

export const describeQuery = (note: PlanNote): string => `${note.coll} ${JSON.stringify(note.query)}`;

/** The scans among these notes that no DELIBERATE entry explains, one line each. */
export function unexplainedScans(notes: readonly PlanNote[]): string[] {
  const out = new Set<string>();
  for (const note of notes) {
    const reason = scanReason(note);
    if (!reason) continue;
    const text = describeQuery(note);
    if (DELIBERATE.some(([re]) => re.test(text))) continue;
    out.add(`${note.op} ${text} — ${reason}`);
  }
  return [...out];
}
