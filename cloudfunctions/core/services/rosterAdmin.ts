// Company admins: grant/revoke, and the rule that the company always keeps one active admin.
//
// Race design: "at least one other admin remains" is read across documents, which a
// single-document transaction cannot lock. Every change that can lower the number of admins
// (revoke, offboarding an admin) therefore also writes one shared document, locks/admins, in
// its transaction. Two such changes can then never commit concurrently: the second conflicts,
// retries, and re-reads the admins the first one left. (Grants only add admins and need no
// serialising.)
import { errors, type ErrorName } from '../domain/errors';
import { newId } from '../domain/ids';
import { clock } from '../platform/clock';
import { recordAudit } from '../store/audit';
import { getEmployeeTx, listActiveAdmins, updateEmployeeTx } from '../store/employees';
import { putAdminsLockTx } from '../store/locks';
import { withTransaction, type Tx } from '../store/transaction';
import type { Actor } from './membership';

/**
 * Inside a transaction that is about to remove `leavingId` from the admins: confirms another
 * active admin remains and writes the serialising document. `admins` comes from a query made
 * in the same transaction attempt, so a retry sees fresh data.
 */
/** Why removing the last admin is refused: by itself, for oneself, by offboarding. */
export type LastAdminRefusal = Extract<ErrorName, 'lastAdmin' | 'lastAdminSelf' | 'lastAdminOffboard'>;

export async function checkAnotherAdminTx(
  tx: Tx,
  leavingId: string,
  admins: { _id: string }[],
  refusal: LastAdminRefusal = 'lastAdmin',
): Promise<void> {
  let remaining = false;
  for (const a of admins) {
    if (a._id === leavingId) continue;
    const doc = await getEmployeeTx(tx, a._id);
    if (doc && doc.isAdmin && doc.status === 'active') {
      remaining = true;
      break;
    }
  }
  if (!remaining) throw errors[refusal]();
  await putAdminsLockTx(tx, { changedBy: leavingId, nonce: newId(), at: clock.now() });
}

export async function doSetAdmin(employeeId: string, isAdmin: boolean, actor: Actor): Promise<void> {
  await withTransaction(async (tx) => {
    const e = await getEmployeeTx(tx, employeeId);
    if (!e) throw errors.employeeNotFound();
    if (e.status !== 'active') throw errors.departedCannotBeAdmin();
    if (e.isAdmin === isAdmin) return;
    if (!isAdmin)
      await checkAnotherAdminTx(
        tx,
        e._id,
        await listActiveAdmins(),
        e._id === actor.id ? 'lastAdminSelf' : 'lastAdmin',
      );
    const now = clock.now();
    await updateEmployeeTx(tx, e._id, { isAdmin, updatedAt: now });
    await recordAudit(
      {
        actorId: actor.id,
        actorName: actor.name,
        action: 'employee.setAdmin',
        targetType: 'employee',
        targetId: e._id,
        before: { isAdmin: e.isAdmin },
        after: { isAdmin },
        details: { name: e.name },
        at: now,
      },
      tx,
    );
  });
}
