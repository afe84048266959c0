// Keyset pages: documents ordered by one field with `_id` as the tie-break, read from just past
// the last row shown, so documents written while someone scrolls never shift the pages (skip
// would show a row twice or never).
import type { CollectionName } from './collections';
import { collection, command, rows } from './query';

export interface KeysetQuery {
  /** Every one must match. */
  filters: object[];
  field: string;
  order: 'asc' | 'desc';
  /** The last row shown (its `field` value and id): the page starts right after it. */
  after?: { value: unknown; id: string };
  /** Rows to show; one more is read to tell whether more follow. */
  limit: number;
}

/** The page's `limit + 1` documents (the extra one only says that more follow). */
export function keysetPage<T>(name: CollectionName, q: KeysetQuery): Promise<T[]> {
  const _ = command();
  const filters = [...q.filters];
  if (q.after) {
    const past = (v: unknown) => (q.order === 'asc' ? _.gt(v) : _.lt(v));
    const { value, id } = q.after;
    filters.push(_.or([{ [q.field]: past(value) }, { [q.field]: value, _id: past(id) }]));
  }
  const all = collection(name);
  return rows<T>(
    (filters.length ? all.where(_.and(filters)) : all)
      .orderBy(q.field, q.order)
      .orderBy('_id', q.order)
      .limit(q.limit + 1),
  );
}
