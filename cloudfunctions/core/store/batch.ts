// Batched writes for bulk work (roster import). One function decides how a batch reaches the
// database, so the path can change without touching callers:
// - default ("array"): one `add({ data: [...] })` request per chunk of 500 documents. The SDK
//   sends arrays in database.insertDocument and the local cloud accepts them; this is the path
//   production uses.
// - TONGSHI_BATCH_ADD=single: bounded parallel single adds (8 at a time), for a CloudBase
//   environment that turns out to refuse arrays (the official docs only show one object).
import { db } from '../platform/cloud';
import type { CollectionName } from './collections';
import { command } from './query';

export const ADD_CHUNK = 500;
/** Ids per multi-document update: keeps each request's query small. */
export const UPDATE_CHUNK = 500;
const SINGLE_PARALLEL = 8;

export async function addMany(name: CollectionName, docs: object[]): Promise<void> {
  const coll = db().collection(name);
  if (process.env.TONGSHI_BATCH_ADD === 'single') {
    for (let i = 0; i < docs.length; i += SINGLE_PARALLEL) {
      await Promise.all(
        docs.slice(i, i + SINGLE_PARALLEL).map((d) => coll.add({ data: d as Record<string, unknown> })),
      );
    }
    return;
  }
  for (let i = 0; i < docs.length; i += ADD_CHUNK) {
    await coll.add({ data: docs.slice(i, i + ADD_CHUNK) as unknown as Record<string, unknown> });
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
