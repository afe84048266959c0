// The local CloudBase database: answers the wire requests that @cloudbase/database's query
// builder sends (see ../../../shared/notes/local-cloud-facts.md) with mingo semantics over SQLite.
import crypto from 'crypto';
import { EventEmitter } from 'events';
import mingo from 'mingo';
import { calculateObjectSize, decodeValue, decodeWire, encodeWire, idKey, type Doc } from './codec';
import { requestId, wireErrors, type WireError } from './errors';
import { Tables, type IndexSpec, type PlanFacts, type Window } from './tables';
import { docKey, TransactionManager, type Transaction } from './transactions';
import { MongoError } from './mongoError';
import { checkQuery } from './queryCheck';
import { applyUpdate } from './update';
import { typeName } from './values';

export const MAX_LIMIT = 1000;
export const MAX_DOC_BYTES = 16 * 1024 * 1024;

export type OpKind = 'read' | 'write' | 'transaction';

export interface DocChange {
  collection: string;
  id: unknown;
  before: Doc | null;
  after: Doc | null;
}

interface WireParams {
  collectionName?: string;
  transactionId?: string;
  queryType?: 'WHERE' | 'DOC';
  query?: string;
  data?: string | string[];
  order?: string;
  offset?: number;
  limit?: number;
  projection?: string;
  multi?: boolean;
  merge?: boolean;
  upsert?: boolean;
  stages?: { stageKey: string; stageValue: string }[];
}

type WireResult = Record<string, unknown> | WireError;

/** One query as an index answers it (`checkPlans`). */
export interface PlanNote extends PlanFacts {
  op: 'find' | 'count' | 'aggregate' | 'write';
  coll: string;
  query: Doc;
}

/** CloudBase ids are 32 hex characters; keep the same look so nothing depends on a local format. */
export const newDocId = (): string => crypto.randomBytes(16).toString('hex');

/** A request on a collection's documents: the collection, its parameters, its transaction, the time. */
interface DocRequest {
  coll: string;
  p: WireParams;
  tx: Transaction | undefined;
  now: number;
}

/** The document actions: what each is billed as, and the method that answers it. */
const DOC_ACTIONS = {
  'database.getDocument': ['read', 'find'],
  'database.calculateDocument': ['read', 'count'],
  'database.aggregateDocuments': ['read', 'aggregate'],
  'database.insertDocument': ['write', 'insert'],
  'database.modifyDocument': ['write', 'modify'],
  'database.removeDocument': ['write', 'remove'],
} as const satisfies Record<string, readonly [OpKind, string]>;

const ACTION_KIND: Record<string, OpKind> = {
  ...Object.fromEntries(Object.entries(DOC_ACTIONS).map(([action, [kind]]) => [action, kind])),
  'database.startTransaction': 'transaction',
  'database.commitTransaction': 'transaction',
  'database.abortTransaction': 'transaction',
};

const isDocAction = (action: string): action is keyof typeof DOC_ACTIONS =>
  Object.prototype.hasOwnProperty.call(DOC_ACTIONS, action);

export class LocalDatabase extends EventEmitter {
  readonly tables: Tables;
  readonly tx = new TransactionManager();
  /** Called once per request, for per-call operation counts (what CloudBase bills). */
  observer?: (action: string, kind: OpKind | undefined) => void;
  /** Rows SQLite returned to answer queries, cumulative (the benchmark's "rows examined"). */
  examined = 0;
  /**
   * Every get() that SQLite could not answer alone — no index condition, or a filter or sort
   * left to mingo, so rows beyond the answer were read — as "collection query". Tests assert on
   * it so that a query on a large collection that would scan fails (CloudBase would read every
   * document in its scope, or refuse the sort past its memory limit).
   */
  readonly unindexed: string[] = [];
  /**
   * Also record pushed-down reads and counts whose SQL plan still reads the whole table (no
   * condition an index can narrow by: `{}`, or only a non-leading field of an index). Off by
   * default (one EXPLAIN per query); the function and page test suites turn it on
   * (test/scanCheck.ts).
   */
  checkPlans = false;
  /** Called for every database created (test/scanCheck.ts turns `checkPlans` on through it). */
  static onCreate?: (db: LocalDatabase) => void;
  /** Clock used for db.serverDate(); tests may replace it. */
  now: () => number = () => Date.now();

  constructor(file: string | Buffer = ':memory:') {
    super();
    this.setMaxListeners(0);
    this.tables = new Tables(file);
    LocalDatabase.onCreate?.(this);
  }

  /**
   * With `checkPlans`, called with how an index answers every query (reads, counts, aggregates'
   * first $match, the documents a where-update or where-remove targets): test/scanCheck.ts fails
   * the test whose functions scan a large collection.
   */
  static onPlan?: (db: LocalDatabase, note: PlanNote) => void;

  private checkPlan(op: PlanNote['op'], coll: string, query: Doc, window?: Window): void {
    if (!this.checkPlans) return;
    const facts = this.tables.planFacts(coll, query, window);
    if (facts.narrowedBy === null) this.noteUnindexed(coll, query);
    LocalDatabase.onPlan?.(this, { op, coll, query, ...facts });
  }

  private noteUnindexed(coll: string, query: Doc): void {
    this.unindexed.push(`${coll} ${JSON.stringify(query)}`);
    if (this.unindexed.length > 1000) this.unindexed.shift();
  }

  /**
   * `coarse`: indexed fields with a handful of values; `arrays`: array fields indexed multikey
   * (Tables.ensureIndexes).
   */
  createCollection(
    name: string,
    indexes: readonly IndexSpec[] = [],
    coarse: readonly string[] = [],
    arrays: readonly string[] = [],
  ): void {
    this.tables.ensureIndexes(name, indexes, coarse, arrays);
  }

  async send(action: string, params: WireParams = {}): Promise<WireResult> {
    this.observer?.(action, ACTION_KIND[action]);
    let result: WireResult;
    try {
      result = await this.dispatch(action, params);
    } catch (e) {
      result = e instanceof MongoError ? wireErrors.mongo(e) : wireErrors.failed((e as Error).message);
    }
    // In MongoDB a failed write inside a transaction aborts the whole transaction (SERVER-34059,
    // DOCS-11493): its earlier writes are dropped, its locks released, and later operations on it
    // fail. Code cannot catch a write error and carry on in the same transaction.
    if ('code' in result && params.transactionId && ACTION_KIND[action] === 'write') {
      const tx = this.tx.get(params.transactionId);
      if (tx) this.tx.finish(tx);
    }
    return result;
  }

  private async dispatch(action: string, p: WireParams): Promise<WireResult> {
    if (action === 'database.startTransaction') {
      return { requestId: requestId(), transactionId: this.tx.start().id };
    }
    let tx: Transaction | undefined;
    if (p.transactionId) {
      tx = this.tx.get(p.transactionId);
      if (!tx) return wireErrors.failed('transaction not found, committed, aborted or expired');
    }
    if (action === 'database.commitTransaction') return this.commit(tx);
    if (action === 'database.abortTransaction') {
      if (tx) this.tx.finish(tx);
      return { requestId: requestId() };
    }
    const coll = p.collectionName ?? '';
    if (action === 'database.addCollection') {
      if (this.tables.has(coll)) return wireErrors.collectionExists();
      this.tables.create(coll);
      return { requestId: requestId(), data: {} };
    }
    if (!this.tables.has(coll)) return wireErrors.collectionMissing();
    // WeChat's runTransaction docs: "只允许进行单记录操作，不允许进行批量操作" — a where() query and an
    // array add (the SDK sends every add as an array; one element is a single-record add) are refused.
    const batchAdd = action === 'database.insertDocument' && Array.isArray(p.data) && p.data.length > 1;
    if (tx && (p.queryType === 'WHERE' || batchAdd)) {
      return wireErrors.invalid('transaction only supports single-document operations (doc and add)');
    }
    if (!isDocAction(action)) return wireErrors.invalid(`local cloud: unsupported action ${action}`);
    const method = DOC_ACTIONS[action][1];
    return this[method]({ coll, p, tx, now: this.now() });
  }

  // ---- reads ----

  /** The committed document, or the transaction's own pending version of it. */
  private read(coll: string, id: unknown, tx?: Transaction): Doc | undefined {
    const pending = tx?.writes.get(docKey(coll, idKey(id)));
    if (pending) return pending.doc ? structuredClone(pending.doc) : undefined;
    this.examined++;
    return this.tables.getById(coll, id);
  }

  /** Documents matching a decoded query, honouring order/offset/limit. */
  private query(
    coll: string,
    query: Doc,
    opts: { order?: Record<string, number>; offset?: number; limit?: number; projection?: Doc } = {},
  ): Doc[] {
    if (Object.keys(query).length === 1 && query._id !== undefined && typeof query._id !== 'object') {
      const doc = (opts.offset ?? 0) === 0 && opts.limit !== 0 ? this.read(coll, query._id) : undefined;
      return doc ? this.project([doc], opts.projection) : [];
    }
    let scan = this.tables.scan(coll, query, opts);
    this.examined += scan.examined;
    if (!scan.pushedDown) this.noteUnindexed(coll, query);
    if (scan.pushedDown) {
      const hits = mingo.find(scan.docs, query).all() as Doc[];
      // The SQL is meant to be exact; should mingo still reject a row (a value type the planner
      // does not know about), the window is wrong, so answer from the full candidate set.
      if (hits.length === scan.docs.length) return this.project(hits, opts.projection);
      scan = this.tables.scan(coll, query);
      this.examined += scan.examined;
    }
    let cursor = mingo.find(scan.docs, query);
    if (opts.order && Object.keys(opts.order).length)
      cursor = cursor.sort(opts.order as Record<string, 1 | -1>);
    cursor = cursor.skip(opts.offset ?? 0);
    if (opts.limit !== undefined) cursor = cursor.limit(opts.limit);
    return this.project(cursor.all() as Doc[], opts.projection);
  }

  private project(docs: Doc[], projection?: Doc): Doc[] {
    if (!projection || Object.keys(projection).length === 0) return docs;
    return mingo.find(docs, {}, projection as Record<string, 0 | 1>).all() as Doc[];
  }

  private find({ coll, p, tx, now }: DocRequest): WireResult {
    const query = decodeWire(p.query, now);
    checkQuery(query);
    const limit = Math.min(p.limit && p.limit > 0 ? p.limit : MAX_LIMIT, MAX_LIMIT);
    const projection = p.projection ? decodeWire(p.projection, now) : undefined;
    let list: Doc[];
    if (p.queryType === 'DOC') {
      const doc = this.read(coll, query._id, tx);
      list = doc ? this.project([doc], projection) : [];
    } else {
      const order = p.order ? (decodeWire(p.order, now) as Record<string, number>) : undefined;
      this.checkPlan('find', coll, query, { order, limit: (p.offset ?? 0) + limit });
      list = this.query(coll, query, { order, offset: p.offset ?? 0, limit, projection });
    }
    return { requestId: requestId(), data: { list: list.map(encodeWire) } };
  }

  private count({ coll, p, now }: DocRequest): WireResult {
    const query = decodeWire(p.query, now);
    checkQuery(query);
    this.checkPlan('count', coll, query);
    const exact = this.tables.countExact(coll, query);
    const total = exact ?? this.query(coll, query).length;
    return { requestId: requestId(), data: { total } };
  }

  private aggregate({ coll, p, now }: DocRequest): WireResult {
    const pipeline = (p.stages ?? []).map((s) => ({
      // Stage values are EJSON like every other parameter (`{"$numberInt":"1"}`), not plain JSON.
      [s.stageKey]: decodeValue(s.stageValue, now) as Record<string, unknown>,
    }));
    for (const stage of pipeline) if (stage.$match) checkQuery(stage.$match);
    // Narrow the input with the first $match through the indexes; the pipeline re-applies it.
    const first = pipeline[0]?.$match as Doc | undefined;
    this.checkPlan('aggregate', coll, first ?? {});
    const input = first ? this.query(coll, first) : this.query(coll, {});
    const list = mingo.aggregate(input, pipeline, {
      collectionResolver: (name: string) => (this.tables.has(name) ? this.query(name, {}) : []),
    });
    return { requestId: requestId(), data: { list: list.map(encodeWire) } };
  }

  // ---- writes ----

  private targets(coll: string, p: WireParams, tx: Transaction | undefined, query: Doc): Doc[] {
    checkQuery(query);
    if (p.queryType === 'DOC') {
      const doc = this.read(coll, query._id, tx);
      return doc ? [doc] : [];
    }
    this.checkPlan('write', coll, query);
    const hits = this.query(coll, query);
    return p.multi ? hits : hits.slice(0, 1);
  }

  /** Synchronous, so a write that finds nothing locked goes on without yielding to racing writes. */
  private anyLocked(coll: string, ids: unknown[]): boolean {
    return ids.some((id) => this.tx.lockedByOther(docKey(coll, idKey(id))));
  }

  /** Plain writes wait while a transaction holds any of the documents they touch. */
  private async waitForLocks(coll: string, ids: unknown[]): Promise<boolean> {
    let waited = false;
    for (const id of ids) {
      const key = docKey(coll, idKey(id));
      if (this.tx.lockedByOther(key)) {
        waited = true;
        await this.tx.waitFor(key);
      }
    }
    return waited;
  }

  /**
   * Runs `write` on the documents an update/remove targets. A plain write first waits while a
   * transaction holds any of them, then looks again; `write` runs synchronously right after the
   * check, so nothing can lock them in between.
   */
  private async writeUnlocked(
    coll: string,
    p: WireParams,
    tx: Transaction | undefined,
    query: Doc,
    write: (hits: Doc[]) => WireResult,
  ): Promise<WireResult> {
    for (;;) {
      const hits = this.targets(coll, p, tx, query);
      const ids = hits.map((d) => d._id);
      if (tx || !this.anyLocked(coll, ids)) return write(hits);
      await this.waitForLocks(coll, ids);
    }
  }

  /**
   * Applies writes: inside a transaction they become pending (with conflict checks); outside,
   * they commit at once in one SQLite transaction and are announced to watchers.
   */
  private apply(
    coll: string,
    writes: { id: unknown; before: Doc | null; after: Doc | null }[],
    tx?: Transaction,
    insertOnly = false,
  ): WireError | null {
    for (const w of writes) {
      if (w.after && calculateObjectSize(w.after) > MAX_DOC_BYTES) {
        return wireErrors.failed('document exceeds the 16MB size limit');
      }
    }
    if (tx) {
      for (const w of writes) {
        const key = docKey(coll, idKey(w.id));
        if (!this.tx.claim(tx, key)) return wireErrors.conflict();
        tx.writes.set(key, { coll, doc: w.after, id: w.id });
      }
      return null;
    }
    try {
      this.persist(
        writes.map((w) => ({ coll, id: w.id, doc: w.after })),
        insertOnly,
      );
    } catch (e) {
      // An add whose _id exists: the SQLite transaction rolled back, so nothing of the batch stays.
      const existing = insertOnly && writes.find((w) => this.tables.exists(coll, w.id));
      if (existing) return wireErrors.duplicateKey(coll, existing.id);
      throw e;
    }
    for (const w of writes) this.tx.noteCommitted(docKey(coll, idKey(w.id)));
    this.announce(writes.map((w) => ({ collection: coll, id: w.id, before: w.before, after: w.after })));
    return null;
  }

  /** Writes documents for good in one SQLite transaction (a null doc deletes); all or nothing. */
  private persist(writes: { coll: string; id: unknown; doc: Doc | null }[], insertOnly = false): void {
    this.tables.transaction(() => {
      for (const w of writes) {
        if (w.doc && insertOnly) this.tables.insert(w.coll, w.doc);
        else if (w.doc) this.tables.put(w.coll, w.doc);
        else this.tables.delete(w.coll, w.id);
      }
    });
  }

  /** Tells the watchers about committed changes. */
  private announce(changes: DocChange[]): void {
    for (const change of changes) this.emit('change', change);
  }

  /**
   * An add, one document or an array. Arrays insert in order like MongoDB's default ordered
   * insert: the documents before a duplicate `_id` stay written, the rest are not attempted, and
   * the request fails with E11000 (the caller is not told how many were written).
   */
  private async insert({ coll, p, tx, now }: DocRequest): Promise<WireResult> {
    const texts = Array.isArray(p.data) ? p.data : [p.data ?? '{}'];
    const docs = texts.map((t) => decodeWire(t, now));
    for (const d of docs) {
      if (d._id === undefined) d._id = newDocId();
      // MongoDB: code 53 InvalidIdField; an _id may be any BSON type but an array or a regex.
      const kind = typeName(d._id);
      if (kind === 'array' || kind === 'regex') {
        return wireErrors.mongo(
          new MongoError(53, 'InvalidIdField', `The '_id' value cannot be of type ${kind}`),
        );
      }
    }
    if (tx) {
      for (const d of docs) {
        if (this.tx.lockedByOther(docKey(coll, idKey(d._id)), tx.id)) return wireErrors.conflict();
      }
    } else {
      // An id some transaction is adding or removing is locked: wait, like any plain write.
      await this.waitForLocks(
        coll,
        docs.map((d) => d._id),
      );
    }
    // The first document that cannot go in: an _id already stored (or pending in this
    // transaction), or repeated earlier in the same array.
    const seen = new Set<string>();
    let stop = docs.length;
    for (let i = 0; i < docs.length && stop === docs.length; i++) {
      const key = idKey(docs[i]._id);
      if (seen.has(key) || this.read(coll, docs[i]._id, tx)) stop = i;
      seen.add(key);
    }
    const error = this.apply(
      coll,
      docs.slice(0, stop).map((d) => ({ id: d._id, before: null, after: d })),
      tx,
      !tx,
    );
    if (error) return error;
    if (stop < docs.length) return wireErrors.duplicateKey(coll, docs[stop]._id);
    return { requestId: requestId(), data: { insertedIds: docs.map((d) => d._id) } };
  }

  private async modify({ coll, p, tx, now }: DocRequest): Promise<WireResult> {
    const query = decodeWire(p.query, now);
    const data = decodeWire(typeof p.data === 'string' ? p.data : undefined, now);
    return this.writeUnlocked(coll, p, tx, query, (hits) => {
      if (p.merge === false) return this.replace(coll, query, data, hits[0] ?? null, p.upsert === true, tx);
      const writes: { id: unknown; before: Doc | null; after: Doc }[] = [];
      for (const before of hits) {
        const after = structuredClone(before);
        if (applyUpdate(after, data)) writes.push({ id: before._id, before, after });
      }
      const error = this.apply(coll, writes, tx);
      if (error) return error;
      return { requestId: requestId(), data: { updated: writes.length } };
    });
  }

  /** doc.set(): replaces the whole document, creating it when missing. */
  private replace(
    coll: string,
    query: Doc,
    data: Doc,
    before: Doc | null,
    upsert: boolean,
    tx?: Transaction,
  ): WireResult {
    if (query._id === undefined) return wireErrors.invalid('set requires a document id');
    if (!before && !upsert) return { requestId: requestId(), data: { updated: 0 } };
    const { _id: ignored, ...rest } = data;
    void ignored;
    const after: Doc = { _id: query._id, ...rest };
    const error = this.apply(coll, [{ id: query._id, before, after }], tx);
    if (error) return error;
    return before
      ? { requestId: requestId(), data: { updated: 1 } }
      : { requestId: requestId(), data: { updated: 0, upsert_id: query._id } };
  }

  private async remove({ coll, p, tx, now }: DocRequest): Promise<WireResult> {
    const query = decodeWire(p.query, now);
    return this.writeUnlocked(coll, p, tx, query, (hits) => {
      const error = this.apply(
        coll,
        hits.map((d) => ({ id: d._id, before: d, after: null })),
        tx,
      );
      if (error) return error;
      return { requestId: requestId(), data: { deleted: hits.length } };
    });
  }

  private commit(tx: Transaction | undefined): WireResult {
    if (!tx) return wireErrors.failed('transaction not found, committed, aborted or expired');
    const writes = [...tx.writes.values()];
    const befores = writes.map((w) => this.tables.getById(w.coll, w.id) ?? null);
    this.persist(writes);
    for (const key of tx.writes.keys()) this.tx.noteCommitted(key);
    this.tx.finish(tx);
    this.announce(writes.map((w, i) => ({ collection: w.coll, id: w.id, before: befores[i], after: w.doc })));
    return { requestId: requestId() };
  }

  close(): void {
    this.tables.close();
  }
}
