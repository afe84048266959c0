// Batched writes for bulk work (roster import, group members). One function decides how a batch
// reaches the database, so the path can change without touching callers:
// - default ("array"): one `add({ data: [...] })` request per chunk of 500 documents. The SDK
//   sends arrays in database.insertDocument and the local cloud accepts them; this is the path
//   production uses.
// - TONGSHI_BATCH_ADD=single: bounded parallel single adds (8 at a time), for a CloudBase
//   environment that turns out to refuse arrays (the official docs only show one object).
//
// What a failed array add leaves behind is not documented for CloudBase: MongoDB's ordered
// insert keeps the documents before a duplicate `_id` and writes none after it, a timed-out
// request may have been applied whole, another service could write none. So after any failure
// the chunk is re-read and nothing is assumed: a document stored exactly as sent counts as
// written by this call, one whose `_id` holds something else is "taken" (someone else's), and
// the rest are sent again.
import { db } from '../platform/cloud';
import type { CollectionName } from './collections';
import { chunks, command, rows } from './query';

export const ADD_CHUNK = 500;
/** Ids per multi-document update: keeps each request's query small. */
export const UPDATE_CHUNK = 500;
const SINGLE_PARALLEL = 8;
/** Re-sends of one chunk after failures: each makes progress unless the failure persists. */
const MAX_RESENDS = 5;

export interface Identified {
  _id: string;
}

export interface AddOutcome<T> {
  /** Stored by this call (or already stored exactly as sent). */
  written: T[];
  /** Their `_id` holds a different document: someone else wrote it. */
  taken: T[];
}

/** The database refused an add because a document with that _id exists. */
export function isDuplicateKey(e: unknown): boolean {
  const err = e as { errMsg?: string; message?: string } | null;
  return /duplicate key|E11000/i.test(`${err?.errMsg ?? ''} ${err?.message ?? ''}`);
}

/** A JSON form that ignores key order and drops undefined, as the wire does. */
function canonical(value: unknown): string {
  return JSON.stringify(JSON.parse(JSON.stringify(value)), (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

/** The stored documents among these ids, by id (one read: a chunk is ≤ 500 ids). */
async function storedById(name: CollectionName, ids: string[]): Promise<Map<string, unknown>> {
  const found = await rows<Identified>(
    db()
      .collection(name)
      .where({ _id: command().in(ids) })
      .limit(ids.length),
  );
  return new Map(found.map((d) => [d._id, d]));
}

async function addChunk<T extends Identified>(
  name: CollectionName,
  docs: T[],
  out: AddOutcome<T>,
): Promise<void> {
  let pending = docs;
  for (let resend = 0; pending.length; resend++) {
    try {
      await db()
        .collection(name)
        .add({ data: pending.map((d) => ({ ...d })) as unknown as Record<string, unknown> });
      out.written.push(...pending);
      return;
    } catch (e) {
      if (resend >= MAX_RESENDS) throw e;
      const stored = await storedById(
        name,
        pending.map((d) => d._id),
      );
      const rest: T[] = [];
      for (const d of pending) {
        const there = stored.get(d._id);
        if (there === undefined) rest.push(d);
        else if (canonical(there) === canonical(d)) out.written.push(d);
        else out.taken.push(d);
      }
      // Nothing was refused for a reason a re-read explains: the failure is the request's own.
      if (rest.length === pending.length && !isDuplicateKey(e)) throw e;
      pending = rest;
    }
  }
}

async function addOneByOne<T extends Identified>(
  name: CollectionName,
  docs: T[],
  out: AddOutcome<T>,
): Promise<void> {
  for (const part of chunks(docs, SINGLE_PARALLEL)) {
    await Promise.all(
      part.map(async (d) => {
        try {
          await db()
            .collection(name)
            .add({ data: { ...d } as unknown as Record<string, unknown> });
          out.written.push(d);
        } catch (e) {
          if (!isDuplicateKey(e)) throw e;
          const there = (await storedById(name, [d._id])).get(d._id);
          (there !== undefined && canonical(there) === canonical(d) ? out.written : out.taken).push(d);
        }
      }),
    );
  }
}

/**
 * Adds documents with caller-chosen ids, in order, and says which ones this call stored and
 * which ids someone else holds. Never assumes that a failed request wrote none or all.
 */
export async function addInOrder<T extends Identified>(
  name: CollectionName,
  docs: readonly T[],
): Promise<AddOutcome<T>> {
  const out: AddOutcome<T> = { written: [], taken: [] };
  if (process.env.TONGSHI_BATCH_ADD === 'single') await addOneByOne(name, [...docs], out);
  else for (const chunk of chunks(docs, ADD_CHUNK)) await addChunk(name, chunk, out);
  return out;
}

/** Adds documents that must all end up stored; an id held by another document is an error. */
export async function addMany(name: CollectionName, docs: readonly Identified[]): Promise<void> {
  const { taken } = await addInOrder(name, docs);
  if (taken.length) {
    throw new Error(
      `${name}: E11000 duplicate key, ${taken.length} id(s) already hold other documents (${taken[0]._id}…)`,
    );
  }
}

/** The same change to many documents: one request per chunk of ids. */
export async function updateMany(
  name: CollectionName,
  ids: string[],
  data: Record<string, unknown>,
): Promise<void> {
  const _ = command();
  for (let i = 0; i < ids.length; i += UPDATE_CHUNK) {
    await db()
      .collection(name)
      .where({ _id: _.in(ids.slice(i, i + UPDATE_CHUNK)) })
      .update({ data });
  }
}
