// Bindings: OPENID → employee. The document id IS the openid, so "one openid, one employee"
// is the primary key's job, and every change happens in the same transaction as the
// employee's `openid` field (the field identity.ts resolves callers by).
import type { BindingDoc } from './documents';
import { txGet, withoutId, type Tx } from './transaction';

export function getBindingTx(tx: Tx, openid: string): Promise<BindingDoc | null> {
  return txGet<BindingDoc>(tx, 'bindings', openid);
}

export async function addBindingTx(tx: Tx, binding: BindingDoc): Promise<void> {
  await tx.collection('bindings').add({ data: { ...binding } });
}

/** Removes the binding when it exists (departure, rebinding after a mismatch). */
export async function removeBindingTx(tx: Tx, openid: string): Promise<void> {
  if (await getBindingTx(tx, openid)) await tx.collection('bindings').doc(openid).remove();
}

/** A racing add of the same openid that committed first surfaces as a duplicate key. */
export { isDuplicateKey } from './batch';

/** Replaces the binding of this openid (one read before told it exists). */
export async function putBindingTx(tx: Tx, binding: BindingDoc): Promise<void> {
  await tx
    .collection('bindings')
    .doc(binding._id)
    .set({ data: withoutId(binding) });
}

/** Removes a binding the transaction has just read. */
export async function deleteBindingTx(tx: Tx, openid: string): Promise<void> {
  await tx.collection('bindings').doc(openid).remove();
}
