// Jest setup (function, crash and page tests): every database the test creates checks the plan
// of every query (`checkPlans`), and a test fails when a query made during it — by the
// functions, the pages' client reads or the test's own store calls — scans a large collection
// (test/scanPolicy.ts says what a scan is).
import { LocalDatabase, type PlanNote } from '../localcloud/engine/database';
import { unexplainedScans } from './scanPolicy';

let notes: PlanNote[] = [];

LocalDatabase.onCreate = (db) => {
  db.checkPlans = true;
};
LocalDatabase.onPlan = (_db, note) => {
  notes.push(note);
};

/** The queries checked since the test began (or the last call), forgotten by the check. */
export function takePlanNotes(): PlanNote[] {
  const out = notes;
  notes = [];
  return out;
}

afterEach(() => {
  const scans = unexplainedScans(takePlanNotes());
  if (scans.length)
    throw new Error(
      `Queries that scan a large collection (declare an index in store/collections.ts or query differently):\n${scans.join('\n')}`,
    );
});
