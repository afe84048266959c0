// Server side of db.watch() for the local cloud: a registry of subscriptions fed by the
// database's 'change' events, each checked against the collection's read rule as the caller
// (database-rules/*.json), answering with CloudBase's snapshot shape:
//   { id, type: 'init' (first only), docs, docChanges: [{ id, queueType, dataType, docId, doc,
//     updatedFields?, removedFields? }] }
// Rule semantics: the query must be a subset of the rule (every value the where pins down is
// checked as a probe document) and every document delivered must pass the rule; a change that
// no longer passes (the caller was removed from the group) ends the watch with a permission error.
// Errors take the real client's shapes (./errors.ts): a refused watch is -402002 with
// COLLECTION_PERMISSION_DENIED in its message.
import mingo from 'mingo';
import type { LocalCloud } from '../cloud';
import type { DocChange } from '../engine/database';
import {
  COLLECTION_PERMISSION_DENIED,
  connectionClosed,
  initWatchFail,
  serverError,
  type WatchError,
} from './errors';
import { RuleSet, type RuleContext } from './rules';

export type { WatchError };

export type Doc = Record<string, unknown>;

export interface WatchQuery {
  collection: string;
  /** MongoDB-form filter (what the client's where() builds). */
  where?: Doc;
  orderBy?: [string, 'asc' | 'desc'][];
  limit?: number;
}

export type QueueType = 'init' | 'update' | 'enqueue' | 'dequeue';
export type DataType = 'init' | 'update' | 'replace' | 'add' | 'remove';

export interface SnapshotChange {
  id: number;
  queueType: QueueType;
  dataType: DataType;
  docId: string;
  doc: Doc;
  updatedFields?: Doc;
  removedFields?: string[];
}

export interface Snapshot {
  id: number;
  type?: 'init';
  docs: Doc[];
  docChanges: SnapshotChange[];
}

export interface WatchListener {
  onChange(snapshot: Snapshot): void;
  onError(error: WatchError): void;
}

export interface WatchHandle {
  close(): void;
}

/** CloudBase's cap on the records one watch covers. */
export const MAX_WATCH_RECORDS = 5000;
const DENIED_MESSAGE = 'permission denied by the collection security rule';
/** The rules refuse the watch's query (or a document it covers) when the watch starts. */
const initDenied = () => initWatchFail(COLLECTION_PERMISSION_DENIED, DENIED_MESSAGE);
/**
 * A document of an open watch stops passing the rule (the caller left the group). CloudBase's
 * behaviour here is undocumented; the strict reading is that the watch ends, so the local cloud
 * ends it with the server-error shape the client SDK builds from an ERROR message.
 */
const changeDenied = () => serverError(COLLECTION_PERMISSION_DENIED, DENIED_MESSAGE);

const copy = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** Values a filter pins a top-level field to (equality or $in), used as probe documents. */
function probes(where: Doc): Doc[] {
  let out: Doc[] = [{}];
  for (const [field, cond] of Object.entries(where)) {
    if (field.startsWith('$')) continue;
    let values: unknown[] | null = null;
    if (cond === null || typeof cond !== 'object') values = [cond];
    else if (Array.isArray((cond as Doc).$in)) values = (cond as { $in: unknown[] }).$in;
    else if ('$eq' in (cond as Doc)) values = [(cond as Doc).$eq];
    if (!values) continue;
    const vals = values.slice(0, MAX_WATCH_RECORDS);
    out = out.flatMap((p) => vals.map((v) => ({ ...p, [field]: v })));
  }
  return out;
}

function fieldDiff(before: Doc, after: Doc): { updatedFields: Doc; removedFields: string[] } {
  const updatedFields: Doc = {};
  for (const [k, v] of Object.entries(after))
    if (JSON.stringify(before[k]) !== JSON.stringify(v)) updatedFields[k] = v;
  const removedFields = Object.keys(before).filter((k) => !(k in after));
  return { updatedFields, removedFields };
}

class Subscription {
  private readonly matcher: InstanceType<typeof mingo.Query>;
  private readonly current = new Map<string, Doc>();
  private nextId = 1;
  closed = false;

  constructor(
    private readonly hub: RealtimeHub,
    readonly openid: string,
    readonly query: WatchQuery,
    private readonly listener: WatchListener,
  ) {
    this.matcher = new mingo.Query(query.where ?? {});
  }

  matches(doc: Doc | null): doc is Doc {
    return !!doc && this.matcher.test(doc);
  }

  private docs(): Doc[] {
    const list = [...this.current.values()];
    const order = this.query.orderBy ?? [];
    list.sort((a, b) => {
      for (const [f, dir] of order) {
        const x = a[f] as number | string;
        const y = b[f] as number | string;
        if (x !== y) return (x < y ? -1 : 1) * (dir === 'desc' ? -1 : 1);
      }
      return 0;
    });
    return copy(this.query.limit ? list.slice(0, this.query.limit) : list);
  }

  start(): void {
    const where = this.query.where ?? {};
    if (!probes(where).every((p) => this.hub.canRead(this.openid, this.query.collection, p)))
      return this.fail(initDenied());
    const found = this.hub.cloud.db.tables
      .scan(this.query.collection, where)
      .docs.filter((d) => this.matches(d));
    if (found.length > MAX_WATCH_RECORDS)
      return this.fail(
        initWatchFail('LIMIT_EXCEEDED', `the query covers more than ${MAX_WATCH_RECORDS} records`),
      );
    if (!found.every((d) => this.hub.canRead(this.openid, this.query.collection, d)))
      return this.fail(initDenied());
    for (const d of found) this.current.set(String(d._id), d);
    const docs = this.docs();
    this.emit({
      id: this.nextId++,
      type: 'init',
      docs,
      docChanges: docs.map((doc, i) => ({
        id: i + 1,
        queueType: 'init',
        dataType: 'init',
        docId: String(doc._id),
        doc,
      })),
    });
  }

  apply(change: DocChange): void {
    if (this.closed) return;
    const id = String(change.id);
    const wasIn = this.current.has(id);
    const nowIn = this.matches(change.after);
    if (!wasIn && !nowIn) return;
    if (nowIn && !this.hub.canRead(this.openid, this.query.collection, change.after as Doc))
      return this.fail(changeDenied());
    let item: Omit<SnapshotChange, 'id'>;
    if (nowIn && !wasIn) {
      item = { queueType: 'enqueue', dataType: 'add', docId: id, doc: change.after as Doc };
      this.current.set(id, change.after as Doc);
    } else if (nowIn) {
      const diff = fieldDiff(this.current.get(id) as Doc, change.after as Doc);
      item = { queueType: 'update', dataType: 'update', docId: id, doc: change.after as Doc, ...diff };
      this.current.set(id, change.after as Doc);
    } else {
      item = {
        queueType: 'dequeue',
        dataType: change.after ? 'update' : 'remove',
        docId: id,
        doc: (change.after ?? change.before) as Doc,
      };
      this.current.delete(id);
    }
    this.emit({ id: this.nextId++, docs: this.docs(), docChanges: [{ id: 1, ...copy(item) }] });
  }

  private emit(snapshot: Snapshot): void {
    queueMicrotask(() => {
      if (!this.closed) this.listener.onChange(snapshot);
    });
  }

  fail(error: WatchError): void {
    if (this.closed) return;
    this.close();
    queueMicrotask(() => this.listener.onError(error));
  }

  close(): void {
    this.closed = true;
    this.hub.remove(this);
  }
}

export class RealtimeHub {
  private readonly subs = new Set<Subscription>();
  private readonly onChange = (change: DocChange) => {
    for (const s of [...this.subs]) if (s.query.collection === change.collection) s.apply(change);
  };

  constructor(
    readonly cloud: LocalCloud,
    readonly rules: RuleSet = RuleSet.fromDir(),
  ) {
    cloud.db.on('change', this.onChange);
  }

  /** How many watches are open (tests check that pages close theirs). */
  get size(): number {
    return this.subs.size;
  }

  canRead(openid: string, collection: string, doc: Doc): boolean {
    const tables = this.cloud.db.tables;
    const ctx: RuleContext = {
      auth: { openid },
      doc,
      now: this.cloud.db.now(),
      get: (c, id) => (tables.has(c) ? ((tables.getById(c, id) as Doc | undefined) ?? null) : null),
    };
    return this.rules.canRead(collection, ctx);
  }

  watch(openid: string, query: WatchQuery, listener: WatchListener): WatchHandle {
    const sub = new Subscription(this, openid, query, listener);
    if (!openid) {
      sub.fail(initWatchFail('CHECK_LOGIN_FAILED', 'no caller identity'));
      return { close: () => sub.close() };
    }
    this.subs.add(sub);
    sub.start();
    return { close: () => sub.close() };
  }

  /**
   * Drops every open watch as a lost connection would (tests of the pages' reconnect; the preview
   * after a server restart behaves the same).
   */
  interrupt(): void {
    for (const s of [...this.subs]) s.fail(connectionClosed('interrupted'));
  }

  remove(sub: Subscription): void {
    this.subs.delete(sub);
  }

  close(): void {
    for (const s of [...this.subs]) s.close();
    this.cloud.db.off('change', this.onChange);
  }
}

const hubs = new WeakMap<LocalCloud, RealtimeHub>();

/** The one hub of a local cloud (created on first use). */
export function realtimeHub(cloud: LocalCloud): RealtimeHub {
  let hub = hubs.get(cloud);
  if (!hub) {
    hub = new RealtimeHub(cloud);
    hubs.set(cloud, hub);
  }
  return hub;
}
