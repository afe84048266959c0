// Server side of db.watch() for the local cloud: a registry of subscriptions fed by the
// database's 'change' events, each checked against the collection's read rule as the caller
// (database-rules/*.json), answering with CloudBase's snapshot shape:
//   { id, type: 'init' (first only), docs, docChanges: [{ id, queueType, dataType, docId, doc,
//     updatedFields?, removedFields? }] }
// Rule semantics and limits (./queryRules.ts): the rule is evaluated against the watch's query,
// with CloudBase's get() limits. The verdict is taken again before every change is pushed, so a
// caller removed from the group loses the watch (ending it with a permission error is the strict
// reading: CloudBase does not document whether it re-evaluates) — and those get() reads are billed.
// Limits of realtime push (cloud.tencent.com/document/product/876/41801 → 系统限制;
// developers.weixin.qq.com/miniprogram/dev/wxcloud/guide/database/realtime.html): one watch covers at
// most 5,000 records — more at INIT_WATCH is refused, and a watch that grows past it later ends
// ("若超出上限会抛错并停止监听"). The cap counts every record matching the where, also under a
// limit() (undocumented; the stricter reading). The connection cap follows the plan and is not
// emulated. Errors take the real client's shapes (./errors.ts): a refused watch is -402002 with
// COLLECTION_PERMISSION_DENIED in its message.
// Billing (../meter.ts), all to the watcher: one database request at INIT_WATCH, the rule's get()
// reads at init (ruleReads) and before every push (pushRuleReads), and the push itself.
import mingo from 'mingo';
import type { LocalCloud } from '../cloud';
import type { DocChange } from '../engine/database';
import {
  COLLECTION_PERMISSION_DENIED,
  LIMIT_REFUSAL_MARK,
  connectionClosed,
  initWatchFail,
  serverError,
  type WatchError,
} from './errors';
import { TEMPORARY_ALLOWANCES, type RuleAllowance } from './allowances';
import { checkQuery, type QueryVerdict } from './queryRules';
import { RuleSet } from './rules';

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
/**
 * The server's code for a watch past the record cap. Undocumented (the SDK's realtime typings list
 * no such code); the client treats any such code as not retryable and closes the watch.
 */
export const WATCH_LIMIT_EXCEEDED = 'LIMIT_EXCEEDED';
const deniedMessage = (why: string) => `permission denied by the collection security rule: ${why}`;
/** The rules refuse the watch's query when the watch starts. */
const initDenied = (why: string) => initWatchFail(COLLECTION_PERMISSION_DENIED, deniedMessage(why));
/**
 * The rule stops allowing an open watch (the caller left the group). CloudBase's behaviour here is
 * undocumented; the strict reading is that the watch ends, so the local cloud ends it with the
 * server-error shape the client SDK builds from an ERROR message.
 */
const changeDenied = (why: string) => serverError(COLLECTION_PERMISSION_DENIED, deniedMessage(why));
const tooMany = (n: number) =>
  `the watch covers ${n} records; CloudBase allows ${MAX_WATCH_RECORDS} per watch`;

const copy = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

function fieldDiff(before: Doc, after: Doc): { updatedFields: Doc; removedFields: string[] } {
  const updatedFields: Doc = {};
  for (const [k, v] of Object.entries(after))
    if (JSON.stringify(before[k]) !== JSON.stringify(v)) updatedFields[k] = v;
  const removedFields = Object.keys(before).filter((k) => !(k in after));
  return { updatedFields, removedFields };
}

/** In the query's orderBy (insertion order without one). */
function sortDocs(list: Doc[], order: WatchQuery['orderBy'] = []): Doc[] {
  return list.sort((a, b) => {
    for (const [f, dir] of order) {
      const x = a[f] as number | string;
      const y = b[f] as number | string;
      if (x !== y) return (x < y ? -1 : 1) * (dir === 'desc' ? -1 : 1);
    }
    return 0;
  });
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
    const list = sortDocs([...this.current.values()], this.query.orderBy);
    return copy(this.query.limit ? list.slice(0, this.query.limit) : list);
  }

  start(): void {
    this.hub.cloud.meter.add(this.openid, 'dbRequests');
    const verdict = this.hub.check(this.openid, this.query);
    if (!verdict.ok) return this.fail(initDenied(verdict.message));
    const found = this.hub.find(this.query);
    if (found.length > MAX_WATCH_RECORDS) {
      this.hub.limitRefused(this.openid, this.query, tooMany(found.length));
      return this.fail(initWatchFail(WATCH_LIMIT_EXCEEDED, tooMany(found.length)));
    }
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
    const verdict = this.hub.check(this.openid, this.query, 'pushRuleReads');
    if (!verdict.ok) return this.fail(changeDenied(verdict.message));
    if (nowIn && !wasIn && this.current.size >= MAX_WATCH_RECORDS) {
      this.hub.limitRefused(this.openid, this.query, tooMany(this.current.size + 1));
      return this.fail(serverError(WATCH_LIMIT_EXCEEDED, tooMany(this.current.size + 1)));
    }
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
    this.hub.cloud.meter.add(this.openid, 'pushes');
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
    /** Named exceptions to the get() limits (./allowances.ts); tests of the limits pass []. */
    readonly allowances: readonly RuleAllowance[] = TEMPORARY_ALLOWANCES,
  ) {
    cloud.db.on('change', this.onChange);
  }

  /** How many watches are open (tests check that pages close theirs). */
  get size(): number {
    return this.subs.size;
  }

  /** Every document the query matches, in its order (no limit): what a read or a watch covers. */
  find(query: WatchQuery): Doc[] {
    const where = query.where ?? {};
    const matcher = new mingo.Query(where);
    const tables = this.cloud.db.tables;
    if (!tables.has(query.collection)) return [];
    return sortDocs(
      tables.scan(query.collection, where).docs.filter((d) => matcher.test(d)),
      query.orderBy,
    );
  }

  /** The read rule's verdict on a query as `openid`, its get() reads billed to that caller. */
  check(openid: string, query: WatchQuery, bill: 'ruleReads' | 'pushRuleReads' = 'ruleReads'): QueryVerdict {
    const tables = this.cloud.db.tables;
    const verdict = checkQuery({
      collection: query.collection,
      rule: this.rules.readRule(query.collection),
      where: query.where ?? {},
      auth: { openid },
      now: this.cloud.db.now(),
      get: (c, id) => (tables.has(c) ? ((tables.getById(c, id) as Doc | undefined) ?? null) : null),
      allowances: this.allowances,
    });
    this.cloud.meter.add(openid, bill, verdict.reads.length);
    if (!verdict.ok && verdict.limit) this.limitRefused(openid, query, verdict.message);
    return verdict;
  }

  /**
   * Queries refused by CloudBase's rule limits (not by whom they are for): always a page bug, so
   * the page-test harness and the e2e server fail on any (the one-line warning is what e2e reads).
   */
  readonly limitRefusals: string[] = [];

  limitRefused(openid: string, query: WatchQuery, message: string): void {
    const line = `${query.collection} ${JSON.stringify(query.where ?? {})} as ${openid}: ${message}`;
    this.limitRefusals.push(line);
    console.warn(`${LIMIT_REFUSAL_MARK} ${line}`);
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

/** The hub of a local cloud if one was started. */
export const hubOf = (cloud: LocalCloud): RealtimeHub | undefined => hubs.get(cloud);

/** The one hub of a local cloud (created on first use). */
export function realtimeHub(cloud: LocalCloud): RealtimeHub {
  let hub = hubs.get(cloud);
  if (!hub) {
    hub = new RealtimeHub(cloud);
    hubs.set(cloud, hub);
  }
  return hub;
}
