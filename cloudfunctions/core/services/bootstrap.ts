// The very first admin: allowed once, with the setup token of the function's environment.
import type { EmployeeDoc } from '../store/documents';
import { buildEmployee } from '../domain/employee';
import { errors } from '../domain/errors';
import { newId } from '../domain/ids';
import { clock } from '../platform/clock';
import { setupToken } from '../platform/env';
import { recordAudit } from '../store/audit';
import { addBindingTx } from '../store/bindings';
import { addEmployeeTx } from '../store/employees';
import { markNameKeysFilledTx } from '../store/nameKeys';
import { DEFAULT_SETTINGS, loadSettingsDocTx, putSettingsTx, SETTINGS_ID } from '../store/settings';
import { withTransaction } from '../store/transaction';
import { reindexEmployees } from '../store/directoryIndex';

export interface BootstrapInput {
  openid: string;
  name: string;
  mobile: string;
  setupToken: string;
}

export function checkSetupToken(given: string, expected: string | undefined): void {
  if (!expected) throw errors.setupTokenMissing();
  if (given !== expected) throw errors.setupTokenWrong();
}

/**
 * One transaction over the settings document (which records that bootstrap happened), the
 * caller's binding (keyed by OPENID) and the new employee: two racing bootstraps cannot both win.
 */
export async function doBootstrap(input: BootstrapInput): Promise<EmployeeDoc> {
  checkSetupToken(input.setupToken, setupToken());
  const admin = await withTransaction(async (tx) => {
    const settings = await loadSettingsDocTx(tx);
    if (settings?.bootstrappedAt) throw errors.alreadyBootstrapped();
    const now = clock.now();
    const employee = buildEmployee(
      {
        id: newId(),
        name: input.name,
        mobile: input.mobile,
        position: '管理员',
        isAdmin: true,
        openid: input.openid,
      },
      now,
    );
    await addEmployeeTx(tx, { ...employee, keysPendingAt: now });
    await addBindingTx(tx, { _id: input.openid, employeeId: employee._id, boundAt: now, via: 'bootstrap' });
    const current = settings ?? {
      _id: SETTINGS_ID,
      ...DEFAULT_SETTINGS,
      bootstrappedAt: null,
      updatedAt: now,
    };
    await putSettingsTx(tx, { ...current, bootstrappedAt: now, updatedAt: now });
    // Nothing stored before the back office's search terms existed: no maintenance walk to wait for.
    await markNameKeysFilledTx(tx);
    await recordAudit(
      {
        actorId: employee._id,
        actorName: employee.name,
        action: 'company.bootstrap',
        targetType: 'employee',
        targetId: employee._id,
        after: { name: employee.name, mobile: employee.mobile, isAdmin: true },
        at: now,
      },
      tx,
    );
    return employee;
  });
  await reindexEmployees([admin._id]);
  return admin;
}
