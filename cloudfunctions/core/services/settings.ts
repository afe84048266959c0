// Company settings: read with defaults; update any subset in one transaction on the settings
// document, audited with before/after in that same transaction.
import type { Scope, Settings, SettingsView } from '../../../typings/api';
import { MAX_GROUP_MEMBERS } from '../domain/cap';
import { clock } from '../platform/clock';
import { recordAudit } from '../store/audit';
import { departmentsWithAncestors } from '../store/departmentTree';
import { employeesByIds } from '../store/employees';
import {
  DEFAULT_SETTINGS,
  loadSettings,
  loadSettingsDocTx,
  putSettingsTx,
  SETTINGS_ID,
  settingsOf,
} from '../store/settings';
import { withTransaction } from '../store/transaction';
import type { Actor } from './membership';

export const getSettings = (): Promise<Settings> => loadSettings();

/**
 * The settings with the names behind their scopes' ids, so the back office can say which
 * departments and people a restricted scope holds instead of only how many.
 */
export async function getSettingsView(): Promise<SettingsView> {
  const settings = await loadSettings();
  const scopes = [settings.initiation, settings.usageScope].filter(
    (s): s is Extract<Scope, { mode: 'restricted' }> => s.mode === 'restricted',
  );
  const departmentIds = new Set(scopes.flatMap((s) => s.departmentIds));
  const employeeIds = [...new Set(scopes.flatMap((s) => s.employeeIds))];
  const [departments, employees] = await Promise.all([
    departmentIds.size ? departmentsWithAncestors([...departmentIds]) : Promise.resolve([]),
    employeesByIds(employeeIds),
  ]);
  const scopeNames: Record<string, string> = {};
  for (const d of departments) if (departmentIds.has(d._id)) scopeNames[d._id] = d.name;
  for (const e of employees) scopeNames[e._id] = e.name;
  return { ...settings, scopeNames, memberCapMax: MAX_GROUP_MEMBERS };
}

export async function doUpdateSettings(patch: Partial<Settings>, actor: Actor): Promise<Settings> {
  return withTransaction(async (tx) => {
    const doc = await loadSettingsDocTx(tx);
    const before = settingsOf(doc);
    const after: Settings = { ...before, ...patch };
    const now = clock.now();
    const current = doc ?? { _id: SETTINGS_ID, ...DEFAULT_SETTINGS, bootstrappedAt: null, updatedAt: now };
    await putSettingsTx(tx, { ...current, ...after, updatedAt: now });
    const changed = (Object.keys(patch) as (keyof Settings)[]).filter(
      (k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]),
    );
    await recordAudit(
      {
        actorId: actor.id,
        actorName: actor.name,
        action: 'settings.update',
        targetType: 'settings',
        targetId: SETTINGS_ID,
        before: Object.fromEntries(changed.map((k) => [k, before[k]])),
        after: Object.fromEntries(changed.map((k) => [k, after[k]])),
        at: now,
      },
      tx,
    );
    return after;
  });
}
