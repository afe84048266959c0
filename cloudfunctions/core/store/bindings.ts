// Bindings: OPENID → employee. The document id IS the openid, so "one openid, one employee"
// is the primary key's job, and every change happens in the same transaction as the
// employee's `openid` field (the field identity.ts resolves callers by).
import type { BindingDoc } from './documents';
import { txGet, txWrites, type Tx } from './transaction';

export function getBindingTx(tx: Tx, openid: string): Promise<BindingDoc | null> {
  return txGet<BindingDoc>(tx, 'bindings', openid);
}

/** Add a binding; replace (put) or remove one the transaction has just read. */
export const {
  add: addBindingTx,
  put: putBindingTx,
  remove: deleteBindingTx,
} = txWrites<BindingDoc>('bindings');

/** Removes the binding when it exists (departure, rebinding after a mismatch). */
export async function removeBindingTx(tx: Tx, openid: string): Promise<void> {
  if (await getBindingTx(tx, openid)) await deleteBindingTx(tx, openid);
}

/** A racing add of the same openid that committed first surfaces as a duplicate key. */
export { isDuplicateKey } from './batch';
