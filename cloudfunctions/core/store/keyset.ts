// Keyset pages: documents ordered by one field with `_id` as the tie-break, read from just past
// the last row shown, so documents written while someone scrolls never shift the pages (skip
// would show a row twice or never).
import type { CollectionName } from './collections';
import { collection, command, rows } from './query';

/** The field a page is ordered by, and which way (`_id` breaks ties the same way). */
export type KeysetOrder = readonly [field: string, order: 'asc' | 'desc'];

/** The last row shown (its ordering field's value and its id): a page starts right after it. */
export interface KeysetCursor {
  value: unknown;
  id: string;
}

/**
 * The page's `limit + 1` documents matching every filter (the extra one only says that more
 * follow).
 */
export function keysetPage<T>(
  name: CollectionName,
  [field, order]: KeysetOrder,
  filters: readonly object[],
  after: KeysetCursor | undefined,
  limit: number,
): Promise<T[]> {
  const _ = command();
  const all = [...filters];
  if (after) {
    const past = (v: unknown) => (order === 'asc' ? _.gt(v) : _.lt(v));
    // The bound alone lets the index start the walk at the cursor (the $or only skips the rows
    // tied with it); with the $or alone MongoDB may read and sort every row past it.
    all.push({ [field]: order === 'asc' ? _.gte(after.value) : _.lte(after.value) });
    all.push(_.or([{ [field]: past(after.value) }, { [field]: after.value, _id: past(after.id) }]));
  }
  const docs = collection(name);
  return rows<T>(
    (all.length ? docs.where(_.and(all)) : docs)
      .orderBy(field, order)
      .orderBy('_id', order)
      .limit(limit + 1),
  );
}
