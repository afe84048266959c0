// Transactions with retry. CloudBase fails a transactional write at once when another
// transaction holds the document (wx-server-sdk reports it as errCode -501001 "database
// transaction conflict" and does not retry it); retrying the whole read-decide-write callback
// with jittered backoff is what turns that into "one of the racers wins, the others re-read".
import { db } from '../platform/cloud';
import type { CollectionName } from './collections';
import { whole } from './query';

/* eslint-disable @typescript-eslint/no-explicit-any -- documents are typed by the store modules that read them */
export interface TxDocRef {
  get(): Promise<{ data: any }>;
  set(options: { data: Record<string, unknown> }): Promise<unknown>;
  update(options: { data: Record<string, unknown> }): Promise<unknown>;
  remove(): Promise<unknown>;
}
/* eslint-enable @typescript-eslint/no-explicit-any */

/** The single-document operations CloudBase allows inside a transaction. */
export interface Tx {
  collection(name: CollectionName): {
    doc(id: string): TxDocRef;
    add(options: { data: Record<string, unknown> }): Promise<{ _id: string }>;
  };
}

const MAX_ATTEMPTS = 80;

/**
 * Whether a failed transaction may go through when run again. How CloudBase reports a busy
 * document is undocumented (deploy-facts.md): the SDK's own retry looks for
 * DATABASE_TRANSACTION_CONFLICT, MongoDB reports WriteConflict (code 112), lock timeouts (24,
 * 46) or a TransientTransactionError label. So match broadly, but never a real error that only
 * names a conflict (ConflictingUpdateOperators, code 40): a retry cannot fix that.
 */
const TRANSIENT =
  /DATABASE_TRANSACTION_CONFLICT|transaction conflict|write ?conflict|TransientTransactionError|NoSuchTransaction|LockTimeout|LockBusy|acquire (a )?lock|\blocked\b|\bconflict(ed)?\b|\bcode:? ?(112|24|46|251)\b/i;
const NOT_TRANSIENT = /ConflictingUpdateOperators|would create a conflict|\(code 40\)/i;
const TRANSIENT_CODES = new Set<unknown>([112, 24, 46, 251, 'DATABASE_TRANSACTION_CONFLICT']);

export function isConflict(e: unknown): boolean {
  const err = e as { errMsg?: string; message?: string; code?: unknown; errCode?: unknown } | null;
  if (TRANSIENT_CODES.has(err?.code) || TRANSIENT_CODES.has(err?.errCode)) return true;
  const text = `${err?.errMsg ?? ''} ${err?.message ?? ''} ${String(err?.code ?? '')}`;
  return TRANSIENT.test(text) && !NOT_TRANSIENT.test(text);
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const commitJobs = new WeakMap<Tx, Map<string, () => Promise<void>>>();

/**
 * Work that must follow this transaction's commit but cannot be part of it (CloudBase allows only
 * single-document operations inside): it runs once the transaction committed, never for an
 * attempt that failed or retried. A later job under the same key replaces an earlier one.
 */
export function onCommit(tx: Tx, key: string, job: () => Promise<void>): void {
  commitJobs.get(tx)?.set(key, job);
}

type Jobs = Map<string, () => Promise<void>>;

/** One runTransaction, with the onCommit jobs its work registered (run by the caller). */
async function attempt<T>(work: (tx: Tx) => Promise<T>): Promise<{ result: T; jobs: Jobs }> {
  let jobs: Jobs = new Map();
  const result = (await db().runTransaction((tx: Tx) => {
    jobs = new Map();
    commitJobs.set(tx, jobs);
    return work(tx);
  }, 1)) as T;
  return { result, jobs };
}

/** The committed transaction's follow-up work: outside any retry, it is not repeatable. */
async function runJobs(jobs: Jobs): Promise<void> {
  for (const job of jobs.values()) await job();
}

export async function withTransaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
  for (let n = 1; ; n++) {
    let done: { result: T; jobs: Jobs };
    try {
      done = await attempt(work);
    } catch (e) {
      if (!isConflict(e) || n >= MAX_ATTEMPTS) throw e;
      await pause(Math.random() * Math.min(40, 2 + n * 2));
      continue;
    }
    await runJobs(done.jobs);
    return done.result;
  }
}

/** CloudBase's transactional doc get of a missing id throws rather than answering null. */
export function isMissingDoc(e: unknown): boolean {
  return /does not exist|not exist/i.test(
    String((e as { errMsg?: string })?.errMsg ?? (e as Error)?.message ?? ''),
  );
}

/** A document read inside a transaction, or null: CloudBase's tx doc get of a missing id throws. */
export async function txGet<T>(tx: Tx, collection: CollectionName, id: string): Promise<T | null> {
  try {
    return ((await tx.collection(collection).doc(id).get()).data as T) ?? null;
  } catch (e) {
    if (isMissingDoc(e)) return null;
    throw e;
  }
}

/**
 * One attempt of a transaction: a conflict is thrown to the caller (isConflict tells it), which
 * re-reads whatever it decided from before trying again (services/sequencer.ts).
 */
export async function transactionOnce<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
  const { result, jobs } = await attempt(work);
  await runJobs(jobs);
  return result;
}

/** What an update may change on a document of type D: any of its fields but the id. */
export type Changes<D> = Partial<Omit<D, '_id'>>;

/**
 * Typed changes as update data. Object-valued fields are written whole (query.ts `whole`: a
 * dotted merge keeps stale keys and fails on a null field); arrays and scalars go as they are;
 * undefined fields are left out.
 */
export function updateData<D>(changes: Changes<D>): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined) continue;
    data[k] = v !== null && typeof v === 'object' && !Array.isArray(v) ? whole(v) : v;
  }
  return data;
}

/** A document's fields without its id: what set() takes (the id names the document). */
export function withoutId<T extends { _id: string }>(doc: T): Omit<T, '_id'> {
  const { _id: ignored, ...rest } = doc;
  void ignored;
  return rest;
}

/**
 * The typed single-document writes of one collection inside a transaction: what the store's
 * collection modules export (services never name a collection).
 */
export function txWrites<D extends { _id: string }>(name: CollectionName) {
  return {
    /** A new document (add: a racing add of the same id fails on the primary key). */
    add: async (tx: Tx, doc: D): Promise<void> => {
      await tx.collection(name).add({ data: { ...doc } });
    },
    /** The whole document under its id. */
    put: async (tx: Tx, doc: D): Promise<void> => {
      await tx
        .collection(name)
        .doc(doc._id)
        .set({ data: withoutId(doc) });
    },
    update: async (tx: Tx, id: string, changes: Changes<D>): Promise<void> => {
      await tx
        .collection(name)
        .doc(id)
        .update({ data: updateData(changes) });
    },
    remove: async (tx: Tx, id: string): Promise<void> => {
      await tx.collection(name).doc(id).remove();
    },
  };
}
