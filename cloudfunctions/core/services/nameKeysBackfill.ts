// Maintenance: search terms (nameKeys, domain/nameKeys.ts) for employees and groups stored before
// they existed. Every write of a name brings its terms; this walks each collection once in `_id`
// order, a page a run, resuming from a cursor, and fills those without. Idempotent.
import {
  lacksNameKeys,
  nextNamed,
  saveNameKeys,
  saveNamedCursor,
  type NamedCollection,
} from '../store/nameKeys';
import type { RepairOutcome } from './maintenance';

/** Documents read per collection per run. */
const PAGE = 100;

async function fill(coll: NamedCollection, deadline: number): Promise<RepairOutcome> {
  const page = await nextNamed(coll, PAGE);
  let repaired = 0;
  let done: string | undefined;
  for (const d of page) {
    if (Date.now() >= deadline) break;
    if (lacksNameKeys(coll, d) && (await saveNameKeys(coll, d))) repaired++;
    done = d._id;
  }
  if (done) await saveNamedCursor(coll, done);
  return { repaired, more: page.length === PAGE || done !== page[page.length - 1]?._id };
}

export async function backfillNameKeys(_now: number, deadline: number): Promise<RepairOutcome> {
  const people = await fill('employees', deadline);
  const groups = await fill('conversations', deadline);
  return { repaired: people.repaired + groups.repaired, more: people.more || groups.more };
}
