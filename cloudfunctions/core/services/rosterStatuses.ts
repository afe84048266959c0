// The stored roster status (EmployeeRecord.rosterStatus) of entries from before it existed.
// Every write that changes an entry's status, binding or offboarding sets it in that same write,
// so only old entries lack it. The maintenance repair fills them a page a run, walking the
// entries that still have none through the (rosterStatus, namePinyin) index — the walk shrinks
// as it goes, so it needs no cursor and ends by itself.
//
// Until it has finished, the admin roster's status filters could miss those entries: the roster
// asks once per instance whether any is left (one indexed read of one entry) and, while some
// are, filters by the fields the status derives from instead (services/rosterPeople.ts). Once
// none is left none can come back, so the answer is kept.
import { rosterStatusOf } from '../domain/rosterStatus';
import { instanceState } from '../platform/instance';
import { entriesWithoutRosterStatus, fillRosterStatus } from '../store/employees';
import type { RepairOutcome } from './maintenance';

/** Entries the repair fills per run. */
const PAGE = 100;

let allStored = false;
instanceState(() => {
  allStored = false;
});

/** Whether every entry carries its roster status (kept once true: new entries always do). */
export async function rosterStatusesStored(): Promise<boolean> {
  if (!allStored) allStored = (await entriesWithoutRosterStatus(1)).length === 0;
  return allStored;
}

/** Fills a page of entries without a roster status (idempotent; a raced entry is skipped). */
export async function fillRosterStatuses(_now: number, deadline: number): Promise<RepairOutcome> {
  const page = await entriesWithoutRosterStatus(PAGE);
  let repaired = 0;
  for (const e of page) {
    if (Date.now() >= deadline) return { repaired, more: true };
    if (await fillRosterStatus(e._id, rosterStatusOf(e))) repaired++;
  }
  return { repaired, more: page.length === PAGE };
}
