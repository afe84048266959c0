// Small documents in `locks` that serialise transactions or remember a request: the shapes and
// their writes (the import lease lives with the employees it guards, store/employees.ts).
import { byId } from './query';
import { txGet, type Tx } from './transaction';

/** locks/admins: written by every change that can lower the number of admins (services/rosterAdmin). */
export interface AdminsLockDoc {
  changedBy: string;
  nonce: string;
  at: number;
}

/**
 * locks/create_<key>: the group a create request made, while a retry may still name it; or
 * locks/<once-key> (no `until`): the group an admin made for a department, for as long as it lives.
 */
export interface CreateLockDoc {
  conversationId: string;
  /** The lock is a lease too (store/employees removeExpiredLeases clears it after this); none for a once-key. */
  until?: number;
}

export async function putAdminsLockTx(tx: Tx, doc: AdminsLockDoc): Promise<void> {
  await tx
    .collection('locks')
    .doc('admins')
    .set({ data: { ...doc } });
}

export const getCreateLockTx = (tx: Tx, id: string) => txGet<CreateLockDoc>(tx, 'locks', id);

export const getCreateLock = (id: string) => byId<CreateLockDoc>('locks', id);

export async function putCreateLockTx(tx: Tx, id: string, doc: CreateLockDoc): Promise<void> {
  await tx
    .collection('locks')
    .doc(id)
    .set({ data: { ...doc } });
}
