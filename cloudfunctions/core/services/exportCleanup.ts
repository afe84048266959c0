// History and roster exports do not linger in storage. The normal path: the admin's phone downloads the file
// (wx.cloud.downloadFile) and calls admin.deleteExport at once. The safety net, run by the
// maintenance timer: an export older than EXPORT_TTL_MS is deleted whatever happened to the
// phone (download failed, app closed, delete call lost). Exports are found through their audit
// entries (the storage API cannot list files); entries in a window of EXPORT_SWEEP_WINDOW_MS past
// the TTL are swept on every run, so a maintenance outage shorter than the window loses nothing,
// and a file already deleted costs only its share of one deleteFile call.
import { storedNamesOf } from '../domain/audit';
import { isExportFile } from '../domain/files';
import { currentEnv, deleteStoredFiles } from '../platform/storage';
import { exportFilesBetween } from '../store/audit';

export const EXPORT_TTL_MS = 60 * 60_000;
export const EXPORT_SWEEP_WINDOW_MS = 6 * 60 * 60_000;
/** Exports read per run: far above what a company makes in six hours. */
const SWEEP_LIMIT = 1000;

export async function deleteExpiredExports(now: number): Promise<{ repaired: number; more: boolean }> {
  const until = now - EXPORT_TTL_MS;
  const files = await exportFilesBetween(
    [...storedNamesOf('group.exportHistory'), ...storedNamesOf('roster.export')],
    until - EXPORT_SWEEP_WINDOW_MS,
    until,
    SWEEP_LIMIT,
  );
  // Only files of the export shape in this environment, whatever an entry says.
  const env = currentEnv();
  const expired = files.filter((f) => isExportFile(f, env));
  const repaired = expired.length ? await deleteStoredFiles(expired) : 0;
  // More than SWEEP_LIMIT in one window would wait until the oldest leave it: never "more".
  return { repaired, more: false };
}
