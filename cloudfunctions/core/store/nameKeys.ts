// The maintenance walk that gives documents stored before `nameKeys` existed their search terms
// (domain/nameKeys.ts): `_id` order from a cursor kept in a settings document, a page a run. The
// same document says once the walk has found none left (`filled`): until then the back office's
// keyword searches also look for documents without terms the old way (store/backoffice.ts,
// store/employees.ts).
import { nameKeysOf } from '../domain/nameKeys';
import { byId, collection, command, rows } from './query';
import type { Tx } from './transaction';

export type NamedCollection = 'employees' | 'conversations';

interface Named {
  _id: string;
  name: string;
  mobile?: string;
  type?: string;
  nameKeys?: string[];
}

/** Where the walk stopped (`id`, absent before its first page) and whether every document has terms. */
export interface NamedWalk {
  id?: string;
  filled?: boolean;
}

const walkId = (coll: NamedCollection) => `nameKeysCursor:${coll}`;

export const loadNamedWalk = (coll: NamedCollection): Promise<NamedWalk | null> =>
  byId<NamedWalk>('settings', walkId(coll));

/** The next `limit` documents after `after` in `_id` order (the name fields only). */
export function nextNamed(coll: NamedCollection, after: string | undefined, limit: number): Promise<Named[]> {
  const where = after ? collection(coll).where({ _id: command().gt(after) }) : collection(coll);
  return rows<Named>(
    where
      .orderBy('_id', 'asc')
      .limit(limit)
      .field({ _id: true, name: true, mobile: true, type: true, nameKeys: true }),
  );
}

export async function saveNamedWalk(coll: NamedCollection, walk: NamedWalk): Promise<void> {
  await collection('settings').doc(walkId(coll)).set({ data: walk });
}

const NAMED: readonly NamedCollection[] = ['employees', 'conversations'];

/**
 * A company bootstrapped with this code has no document from before `nameKeys`: both walks are
 * done before they start (in the bootstrap's transaction; the local demo seed without one).
 */
export async function markNameKeysFilledTx(tx: Tx): Promise<void> {
  for (const coll of NAMED)
    await tx
      .collection('settings')
      .doc(walkId(coll))
      .set({ data: { filled: true } });
}

export async function markNameKeysFilled(): Promise<void> {
  for (const coll of NAMED) await saveNamedWalk(coll, { filled: true });
}

/**
 * Stores a document's terms unless its name (or mobile) changed since it was read: that write
 * brought its own terms. True when stored.
 */
export async function saveNameKeys(coll: NamedCollection, d: Named): Promise<boolean> {
  const same: Record<string, unknown> = { _id: d._id, name: d.name };
  if (coll === 'employees') same.mobile = d.mobile;
  const res = (await collection(coll)
    .where(same)
    .update({ data: { nameKeys: nameKeysOf(d.name, coll === 'employees' ? d.mobile : undefined) } })) as {
    stats: { updated: number };
  };
  return res.stats.updated > 0;
}

/** Whether a document still lacks its terms (direct chats never have any). */
export const lacksNameKeys = (coll: NamedCollection, d: Named): boolean =>
  d.nameKeys === undefined && (coll === 'employees' || d.type === 'group');
