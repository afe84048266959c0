// The maintenance walk that gives documents stored before `nameKeys` existed their search terms
// (domain/nameKeys.ts): `_id` order from a cursor kept in a settings document, a page a run.
import { nameKeysOf } from '../domain/nameKeys';
import { byId, collection, command, rows } from './query';

export type NamedCollection = 'employees' | 'conversations';

interface Named {
  _id: string;
  name: string;
  mobile?: string;
  type?: string;
  nameKeys?: string[];
}

const cursorId = (coll: NamedCollection) => `nameKeysCursor:${coll}`;

/** The next `limit` documents after the walk's cursor (the name fields only). */
export async function nextNamed(coll: NamedCollection, limit: number): Promise<Named[]> {
  const at = await byId<{ id: string }>('settings', cursorId(coll));
  const where = at ? collection(coll).where({ _id: command().gt(at.id) }) : collection(coll);
  return rows<Named>(
    where
      .orderBy('_id', 'asc')
      .limit(limit)
      .field({ _id: true, name: true, mobile: true, type: true, nameKeys: true }),
  );
}

export async function saveNamedCursor(coll: NamedCollection, id: string): Promise<void> {
  await collection('settings').doc(cursorId(coll)).set({ data: { id } });
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
