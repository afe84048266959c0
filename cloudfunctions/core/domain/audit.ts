// Audit action names. Entries written before the `<subject>.<verb>` scheme carry the cloud
// function's action name instead; they are read back under their new name, and a filter by a
// new name finds them too, so old entries keep their meaning in the back office.
import type { AuditAction } from '../../../typings/api';

/** Stored name before the scheme → its name now. */
const LEGACY: Readonly<Record<string, AuditAction>> = {
  bootstrap: 'company.bootstrap',
  bind: 'employee.bind',
  setAdmin: 'employee.setAdmin',
  offboard: 'employee.offboard',
  importRoster: 'roster.import',
  disableGroup: 'group.disable',
  enableGroup: 'group.enable',
  deleteGroup: 'group.delete',
  exportHistory: 'group.exportHistory',
  deleteMessage: 'message.delete',
};

/** The name an entry is shown under, whenever it was written. */
export const auditActionOf = (stored: string): AuditAction => LEGACY[stored] ?? (stored as AuditAction);

/** Every stored spelling of an action, for filtering the log by it. */
export const storedNamesOf = (action: AuditAction): string[] => [
  action,
  ...Object.keys(LEGACY).filter((old) => LEGACY[old] === action),
];
