// The address-book index (domain/directoryTerms.ts explains the keys): collection
// `directory_keys`, one document per term of an active employee, `_id` derived from employee and
// term so rewriting is idempotent. Index (key) answers every listing and count with one range;
// (employeeId) finds an employee's documents to rewrite them.
//
// Department member counts: collection `department_counts`, one document per department with
// `count` = index entries under `a:<id>` (active people in its subtree, once each). A count is
// recounted from the index, never incremented, so a recount after any crash is right; a
// recount only replaces a stored count taken earlier (`countedAt`), so two racing recounts
// leave the later, more complete one.
import crypto from 'crypto';
import { db } from '../platform/cloud';
import { addInOrder, isDuplicateKey } from './batch';
import { byId, chunks, collection, command, rows, total } from './query';

export interface KeyDoc {
  _id: string;
  employeeId: string;
  term: string;
  /** `<term> <sort>` (domain/directoryTerms.keyOf): the only field listings read by. */
  key: string;
}

export interface CountDoc {
  _id: string;
  count: number;
  countedAt: number;
}

export const keyDocId = (employeeId: string, term: string): string =>
  `${employeeId}_${crypto.createHash('sha1').update(term).digest('hex').slice(0, 16)}`;

/** Every index document of these employees (≤ 20 employees per read: a few dozen terms each). */
export async function keysOf(employeeIds: readonly string[]): Promise<KeyDoc[]> {
  const _ = command();
  const parts = await Promise.all(
    chunks(employeeIds, 20).map(async (ids) => {
      const out: KeyDoc[] = [];
      for (let skip = 0; ; skip += 1000) {
        const page = await rows<KeyDoc>(
          collection('directory_keys')
            .where({ employeeId: ids.length === 1 ? ids[0] : _.in(ids) })
            .skip(skip)
            .limit(1000),
        );
        out.push(...page);
        if (page.length < 1000) return out;
      }
    }),
  );
  return parts.flat();
}

export async function removeKeys(ids: readonly string[]): Promise<void> {
  const _ = command();
  for (const part of chunks(ids, 500))
    await collection('directory_keys')
      .where({ _id: _.in(part) })
      .remove();
}

export async function addKeys(docs: readonly KeyDoc[]): Promise<void> {
  if (docs.length) await addInOrder('directory_keys', docs);
}

/** The smallest string above every string starting with `prefix` (for a prefix range). */
export const prefixEnd = (prefix: string): string =>
  prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);

/** Entries whose key starts with `prefix`, after `after`, in key order: one index range. */
export function keyRange(prefix: string, after: string | undefined, limit: number): Promise<KeyDoc[]> {
  const _ = command();
  const low = after !== undefined && after >= prefix ? _.gt(after) : _.gte(prefix);
  return rows<KeyDoc>(
    collection('directory_keys')
      .where({ key: low.and(_.lt(prefixEnd(prefix))) })
      .orderBy('key', 'asc')
      .limit(limit),
  );
}

/** The entries listed under one term (`<term> ` + sort), after a key. */
export const termEntries = (term: string, after: string | undefined, limit: number): Promise<KeyDoc[]> =>
  keyRange(`${term} `, after, limit);

/** How many people a term lists (an index count over its range). */
export function countTerm(term: string): Promise<number> {
  const _ = command();
  const prefix = `${term} `;
  return total(collection('directory_keys').where({ key: _.gte(prefix).and(_.lt(prefixEnd(prefix))) }));
}

/** One stored count (a department's, or store/directoryIndex.EVERYONE). */
export async function storedCount(id: string): Promise<number> {
  return (await byId<CountDoc>('department_counts', id))?.count ?? 0;
}

/** Every stored department count (a company has hundreds of departments at most). */
export async function loadCounts(): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (let skip = 0; ; skip += 1000) {
    const page = await rows<CountDoc>(
      collection('department_counts').orderBy('_id', 'asc').skip(skip).limit(1000),
    );
    for (const c of page) out.set(c._id, c.count);
    if (page.length < 1000) return out;
  }
}

/**
 * Stores a count taken at `countedAt`, unless a count taken later is already stored (same millisecond: replaced). `exists`:
 * whether the document was there (else it is created; a racing creator's is then replaced
 * under the same condition). One write.
 */
export async function storeCount(
  departmentId: string,
  count: number,
  countedAt: number,
  exists: boolean,
): Promise<void> {
  const _ = command();
  const data = { count, countedAt };
  const replace = async () =>
    (
      (await collection('department_counts')
        .where({ _id: departmentId, countedAt: _.lte(countedAt) })
        .update({ data })) as { stats?: { updated?: number } }
    ).stats?.updated ?? 0;
  if (exists) {
    await replace();
    return;
  }
  try {
    await db()
      .collection('department_counts')
      .add({ data: { _id: departmentId, ...data } });
  } catch (e) {
    if (!isDuplicateKey(e)) throw e;
    // Created meanwhile by a racing recount: replace it if that one is older.
    await replace();
  }
}
