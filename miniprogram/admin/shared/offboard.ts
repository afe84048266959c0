// Long admin actions that finish in steps (each call fits the function's timeout): the page calls
// again while work remains and shows how much is left. Shared by the roster and employee pages.
import type { ImportResult, OffboardResult } from '../../../typings/api';
import { call } from '../../services/cloud';

/** Offboards (or finishes an unfinished offboarding) until the person has left every group. */
export async function offboardFully(
  employeeId: string,
  progress: (groupsLeftToLeave: number) => void,
): Promise<OffboardResult> {
  const total: OffboardResult = { groupsLeft: 0, ownershipsTransferred: 0 };
  for (;;) {
    const out = await call('admin', 'offboard', { employeeId });
    total.groupsLeft += out.groupsLeft;
    total.ownershipsTransferred += out.ownershipsTransferred;
    if (!out.remainingGroups) return total;
    progress(out.remainingGroups);
  }
}

/**
 * Imports, then repeats the same call while the import's leavers are still being offboarded
 * (`remainingDepartures`); the server continues its job without reading the file again.
 */
export async function importFully(
  params: { fileId: string },
  progress: (leaversLeft: number) => void,
): Promise<ImportResult> {
  for (;;) {
    const report = await call('admin', 'importRoster', params);
    if (!report.remainingDepartures) return report;
    progress(report.remainingDepartures);
  }
}
