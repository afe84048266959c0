import type { Settings } from '../../../typings/api';
import { byId } from './query';
import type { CompanySettingsDoc } from './documents';
import { txGet, txWrites, type Tx } from './transaction';

export const SETTINGS_ID = 'company';

export const DEFAULT_SETTINGS: Settings = {
  initiation: { mode: 'all' },
  usageScope: { mode: 'all' },
  memberCap: 1000,
  mobileVisible: true,
};

export function settingsOf(doc: Partial<CompanySettingsDoc> | null | undefined): Settings {
  return {
    initiation: doc?.initiation ?? DEFAULT_SETTINGS.initiation,
    usageScope: doc?.usageScope ?? DEFAULT_SETTINGS.usageScope,
    memberCap: doc?.memberCap ?? DEFAULT_SETTINGS.memberCap,
    mobileVisible: doc?.mobileVisible ?? DEFAULT_SETTINGS.mobileVisible,
  };
}

export function loadSettingsDoc(): Promise<CompanySettingsDoc | null> {
  return byId<CompanySettingsDoc>('settings', SETTINGS_ID);
}

export async function loadSettings(): Promise<Settings> {
  return settingsOf(await loadSettingsDoc());
}

/** Inside a transaction: the settings document, or null when it was never written. */
export function loadSettingsDocTx(tx: Tx): Promise<CompanySettingsDoc | null> {
  return txGet<CompanySettingsDoc>(tx, 'settings', SETTINGS_ID);
}

/** Writes the whole settings document. */
export const { put: putSettingsTx } = txWrites<CompanySettingsDoc>('settings');
