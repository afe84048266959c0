// Company settings: read with defaults; update any subset in one transaction on the settings
// document, audited with before/after in that same transaction.
import type { Settings } from '../../../typings/api';
import { clock } from '../platform/clock';
import { recordAudit } from '../store/audit';
import {
  DEFAULT_SETTINGS,
  loadSettings,
  loadSettingsDocTx,
  SETTINGS_ID,
  settingsOf,
} from '../store/settings';
import { withTransaction } from '../store/transaction';
import type { Actor } from './membership';

export const getSettings = (): Promise<Settings> => loadSettings();

export async function doUpdateSettings(patch: Partial<Settings>, actor: Actor): Promise<Settings> {
  return withTransaction(async (tx) => {
    const doc = await loadSettingsDocTx(tx);
    const before = settingsOf(doc);
    const after: Settings = { ...before, ...patch };
    const now = clock.now();
    const { _id: ignored, ...rest } = doc ?? {
      _id: SETTINGS_ID,
      ...DEFAULT_SETTINGS,
      bootstrappedAt: null,
      updatedAt: now,
    };
    void ignored;
    await tx
      .collection('settings')
      .doc(SETTINGS_ID)
      .set({ data: { ...rest, ...after, updatedAt: now } });
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
