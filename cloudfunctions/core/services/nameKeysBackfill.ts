// Maintenance: search terms (nameKeys, domain/nameKeys.ts) for employees and groups stored before
// they existed. Every write of a name brings its terms; this walks each collection once in `_id`
// order, a page a run, resuming from a cursor, and fills those without. Idempotent. A walk that
// reaches the end has seen every document stored before the field existed, so it records the
// collection as `filled` and stops for good (new documents always carry their terms).
//
// Until then the back office's keyword searches could miss the documents without terms: they ask
// once per instance whether the walk is done (one read of its settings document) and, while it
// is not, also match those documents the old way (a RegExp on the name: correct, reads the
// collection). Once done it cannot be undone, so the answer is kept.
import { instanceState } from '../platform/instance';
import {
  lacksNameKeys,
  loadNamedWalk,
  nextNamed,
  saveNameKeys,
  saveNamedWalk,
  type NamedCollection,
} from '../store/nameKeys';
import type { RepairOutcome } from './maintenance';

/** Documents read per collection per run. */
const PAGE = 100;

const filled = new Set<NamedCollection>();
instanceState(() => filled.clear());

/** Whether every document of the collection has its terms (kept once true). */
export async function nameKeysFilled(coll: NamedCollection): Promise<boolean> {
  if (!filled.has(coll) && (await loadNamedWalk(coll))?.filled) filled.add(coll);
  return filled.has(coll);
}

async function fill(coll: NamedCollection, deadline: number): Promise<RepairOutcome> {
  const walk = await loadNamedWalk(coll);
  if (walk?.filled) return { repaired: 0, more: false };
  const page = await nextNamed(coll, walk?.id, PAGE);
  let repaired = 0;
  let done = walk?.id;
  for (const d of page) {
    if (Date.now() >= deadline) break;
    if (lacksNameKeys(coll, d) && (await saveNameKeys(coll, d))) repaired++;
    done = d._id;
  }
  const more = page.length === PAGE || done !== (page[page.length - 1]?._id ?? walk?.id);
  // Written only after the page's terms are: a run killed before this repeats the page.
  if (done !== walk?.id || !more) await saveNamedWalk(coll, { ...(done ? { id: done } : {}), filled: !more });
  return { repaired, more };
}

export async function backfillNameKeys(_now: number, deadline: number): Promise<RepairOutcome> {
  const people = await fill('employees', deadline);
  const groups = await fill('conversations', deadline);
  return { repaired: people.repaired + groups.repaired, more: people.more || groups.more };
}
