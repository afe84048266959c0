// One SQLite table per collection: (id = JSON text of _id, body = relaxed EJSON of the document).
// Declared indexes become SQLite expression indexes over json_extract(body, …).
import Database from 'better-sqlite3';
import { decodeStored, encodeStored, idKey, type Doc } from './codec';
import { fieldExpr, jsonPath, planOrder, planQuery, type FieldKind, type Scalar } from './planner';

export type IndexSpec = readonly string[]; // fields, ascending

const tableName = (coll: string): string => `c_${coll.replace(/[^A-Za-z0-9_]/g, '_')}`;

export interface Window {
  order?: Record<string, number>;
  offset?: number;
  limit?: number;
}

export interface ScanResult {
  docs: Doc[];
  /** Rows SQLite handed back (what was examined after index narrowing). */
  examined: number;
  /** Whether ORDER BY / OFFSET / LIMIT were applied in SQL (results are final). */
  pushedDown: boolean;
}

/**
 * What an indexed field has held so far. SQL compares what json_extract() returns, which agrees
 * with MongoDB only while a field holds one kind of scalar (plus null/missing): SQLite orders
 * every number below every string and turns booleans into 1/0, and MongoDB matches `{ f: x }`
 * against array elements. So a field that ever holds anything else — a second scalar kind, a
 * boolean, a date, an object, an array — becomes 'mixed' and the planner leaves it to mingo:
 * answers stay right, only speed is lost.
 */
type Kind = FieldKind | 'mixed';

function kindOf(doc: Doc, field: string): Kind | null {
  let value: unknown = doc;
  for (const part of field.split('.')) {
    if (value === null || value === undefined) return null;
    if (typeof value !== 'object' || Array.isArray(value) || value instanceof Date) return 'mixed';
    value = (value as Record<string, unknown>)[part];
  }
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number' && Number.isFinite(value)) return 'number';
  return 'mixed';
}

const merge = (a: Kind | undefined, b: Kind | null): Kind | undefined =>
  b === null ? a : a === undefined || a === b ? b : 'mixed';

export class Tables {
  readonly sql: Database.Database;
  /** Fields of each collection's declared indexes. */
  private readonly indexed = new Map<string, Set<string>>();
  /** Per collection, per indexed field: the kind of value seen so far (absent = only null/missing). */
  private readonly kinds = new Map<string, Map<string, Kind>>();
  private readonly stmtCache = new Map<string, Database.Statement>();

  /** A file path, ':memory:', or a serialized database (an in-memory copy of a snapshot). */
  constructor(file: string | Buffer) {
    this.sql = new Database(file);
    this.sql.pragma('journal_mode = WAL');
    this.sql.pragma('synchronous = NORMAL');
    this.sql.exec('CREATE TABLE IF NOT EXISTS _collections (name TEXT PRIMARY KEY, indexes TEXT NOT NULL)');
    const columns = this.sql.prepare('PRAGMA table_info(_collections)').all() as { name: string }[];
    const hadKinds = columns.some((c) => c.name === 'kinds');
    if (!hadKinds) this.sql.exec("ALTER TABLE _collections ADD COLUMN kinds TEXT NOT NULL DEFAULT '{}'");
    for (const row of this.sql.prepare('SELECT name, indexes, kinds FROM _collections').all() as {
      name: string;
      indexes: string;
      kinds: string;
    }[]) {
      const fields = new Set((JSON.parse(row.indexes) as string[][]).flat());
      this.indexed.set(row.name, fields);
      this.kinds.set(row.name, new Map(Object.entries(JSON.parse(row.kinds) as Record<string, Kind>)));
      // A data folder from before kinds were tracked: learn them from the rows once.
      if (!hadKinds) for (const f of fields) this.learnKind(row.name, f);
    }
  }

  private stmt(text: string): Database.Statement {
    let s = this.stmtCache.get(text);
    if (!s) {
      s = this.sql.prepare(text);
      this.stmtCache.set(text, s);
    }
    return s;
  }

  /** The indexed fields the planner may translate to SQL, with the one kind of scalar they hold. */
  private usable(coll: string): Map<string, FieldKind> {
    const out = new Map<string, FieldKind>();
    const kinds = this.kinds.get(coll);
    for (const field of this.indexed.get(coll) ?? []) {
      const kind = kinds?.get(field) ?? 'empty';
      if (kind !== 'mixed') out.set(field, kind);
    }
    return out;
  }

  private setKind(coll: string, field: string, kind: Kind): void {
    const kinds = this.kinds.get(coll) ?? new Map<string, Kind>();
    kinds.set(field, kind);
    this.kinds.set(coll, kinds);
    this.stmt('UPDATE _collections SET kinds = ? WHERE name = ?').run(
      JSON.stringify(Object.fromEntries(kinds)),
      coll,
    );
  }

  /** Reads what the stored rows hold in `field` (used when an index is declared over existing rows). */
  private learnKind(coll: string, field: string): void {
    if (field === '_id') return;
    const types = (
      this.sql
        .prepare(`SELECT DISTINCT json_type(body, '${jsonPath(field)}') AS t FROM "${tableName(coll)}"`)
        .all() as { t: string | null }[]
    ).map((r) => r.t);
    let kind: Kind | undefined = this.kinds.get(coll)?.get(field);
    for (const t of types) {
      if (t === null || t === 'null') continue;
      kind = merge(kind, t === 'text' ? 'string' : t === 'integer' || t === 'real' ? 'number' : 'mixed');
    }
    // Paths through arrays are invisible to json_type but match by element in MongoDB.
    const parts = field.split('.');
    for (let i = 1; i < parts.length && kind !== 'mixed'; i++) {
      const prefix = parts.slice(0, i).join('.');
      const arrays = this.sql
        .prepare(
          `SELECT 1 FROM "${tableName(coll)}" WHERE json_type(body, '${jsonPath(prefix)}') = 'array' LIMIT 1`,
        )
        .get();
      if (arrays) kind = 'mixed';
    }
    if (kind !== undefined) this.setKind(coll, field, kind);
  }

  /** Field kinds as the planner sees them (tests and the benchmark report them). */
  fieldKinds(coll: string): Record<string, string> {
    return Object.fromEntries(this.kinds.get(coll) ?? []);
  }

  has(coll: string): boolean {
    return this.indexed.has(coll);
  }

  names(): string[] {
    return [...this.indexed.keys()];
  }

  create(coll: string): void {
    if (this.has(coll)) return;
    const t = tableName(coll);
    this.sql.exec(`CREATE TABLE IF NOT EXISTS "${t}" (id TEXT PRIMARY KEY, body TEXT NOT NULL)`);
    this.stmt("INSERT OR IGNORE INTO _collections (name, indexes, kinds) VALUES (?, '[]', '{}')").run(coll);
    this.indexed.set(coll, new Set());
    this.kinds.set(coll, new Map());
  }

  /** Declares indexes (idempotent). */
  ensureIndexes(coll: string, indexes: readonly IndexSpec[]): void {
    this.create(coll);
    const t = tableName(coll);
    const known = JSON.parse(
      (this.stmt('SELECT indexes FROM _collections WHERE name = ?').get(coll) as { indexes: string }).indexes,
    ) as string[][];
    for (const fields of indexes) {
      const name = `${t}__${fields.join('_').replace(/[^A-Za-z0-9_]/g, '_')}`;
      this.sql.exec(`CREATE INDEX IF NOT EXISTS "${name}" ON "${t}" (${fields.map(fieldExpr).join(', ')})`);
      if (!known.some((k) => k.join() === fields.join())) known.push([...fields]);
      for (const field of fields) if (!this.indexed.get(coll)?.has(field)) this.learnKind(coll, field);
    }
    this.stmt('UPDATE _collections SET indexes = ? WHERE name = ?').run(JSON.stringify(known), coll);
    this.indexed.set(coll, new Set(known.flat()));
    this.stmtCache.clear();
  }

  getById(coll: string, id: unknown): Doc | undefined {
    const row = this.stmt(`SELECT body FROM "${tableName(coll)}" WHERE id = ?`).get(idKey(id)) as
      { body: string } | undefined;
    return row ? decodeStored(row.body) : undefined;
  }

  exists(coll: string, id: unknown): boolean {
    return this.stmt(`SELECT 1 FROM "${tableName(coll)}" WHERE id = ?`).get(idKey(id)) !== undefined;
  }

  private noteKinds(coll: string, doc: Doc): void {
    const kinds = this.kinds.get(coll);
    for (const field of this.indexed.get(coll) ?? []) {
      if (field === '_id') continue;
      const before = kinds?.get(field);
      if (before === 'mixed') continue;
      const after = merge(before, kindOf(doc, field));
      if (after !== before && after !== undefined) this.setKind(coll, field, after);
    }
  }

  /** Inserts or replaces. */
  put(coll: string, doc: Doc): void {
    this.noteKinds(coll, doc);
    this.stmt(
      `INSERT INTO "${tableName(coll)}" (id, body) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET body = excluded.body`,
    ).run(idKey(doc._id), encodeStored(doc));
  }

  /** Inserts a new document; throws (SQLITE_CONSTRAINT_PRIMARYKEY) when the _id exists. */
  insert(coll: string, doc: Doc): void {
    this.noteKinds(coll, doc);
    this.stmt(`INSERT INTO "${tableName(coll)}" (id, body) VALUES (?, ?)`).run(
      idKey(doc._id),
      encodeStored(doc),
    );
  }

  delete(coll: string, id: unknown): void {
    this.stmt(`DELETE FROM "${tableName(coll)}" WHERE id = ?`).run(idKey(id));
  }

  count(coll: string): number {
    return (this.stmt(`SELECT count(*) AS n FROM "${tableName(coll)}"`).get() as { n: number }).n;
  }

  /** The SELECT a query runs: index-narrowed, and fully pushed down when the plan is exact. */
  private select(coll: string, query: Record<string, unknown>, window?: Window) {
    const kinds = this.usable(coll);
    const plan = planQuery(query, kinds);
    const where = plan.where.length ? `WHERE ${plan.where.join(' AND ')}` : '';
    const params: Scalar[] = [...plan.params];
    let tail = 'ORDER BY rowid';
    let pushedDown = false;
    if (window && plan.exact) {
      const order = planOrder(window.order, kinds);
      if (order) {
        tail = `ORDER BY ${order} LIMIT ? OFFSET ?`;
        params.push(window.limit ?? -1, window.offset ?? 0);
        pushedDown = true;
      }
    }
    return { sql: `SELECT body FROM "${tableName(coll)}" ${where} ${tail}`, params, pushedDown };
  }

  /**
   * Candidate rows for a query. With `window` (order/offset/limit) and an exact plan whose sort
   * keys are indexed, SQLite does the whole job; otherwise the caller filters/sorts with mingo.
   */
  scan(coll: string, query: Record<string, unknown>, window?: Window): ScanResult {
    const { sql, params, pushedDown } = this.select(coll, query, window);
    const rows = this.stmt(sql).all(...params) as { body: string }[];
    return { docs: rows.map((r) => decodeStored(r.body)), examined: rows.length, pushedDown };
  }

  /** count(*) in SQL when the whole query translates; null when mingo has to look at the rows. */
  countExact(coll: string, query: Record<string, unknown>): number | null {
    const plan = planQuery(query, this.usable(coll));
    if (!plan.exact) return null;
    const where = plan.where.length ? `WHERE ${plan.where.join(' AND ')}` : '';
    return (
      this.stmt(`SELECT count(*) AS n FROM "${tableName(coll)}" ${where}`).get(...plan.params) as {
        n: number;
      }
    ).n;
  }

  /**
   * Whether SQLite would read the whole table for this query (a full-table SCAN in its plan, no
   * index narrowing): with `window`, the SQL a get() runs; without, the count's.
   */
  wouldScan(coll: string, query: Record<string, unknown>, window?: Window): boolean {
    const { sql, params } = window
      ? this.select(coll, query, window)
      : (() => {
          const plan = planQuery(query, this.usable(coll));
          const where = plan.where.length ? `WHERE ${plan.where.join(' AND ')}` : '';
          return { sql: `SELECT count(*) FROM "${tableName(coll)}" ${where}`, params: plan.params };
        })();
    const rows = this.sql.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[];
    const t = tableName(coll);
    return rows.some((r) => r.detail.startsWith(`SCAN ${t}`) && !/ INDEX /.test(r.detail));
  }

  /**
   * EXPLAIN QUERY PLAN of the very SQL `scan` runs for a get() (limit defaults to the SDK's 100);
   * the benchmark prints it to prove index use.
   */
  explain(
    coll: string,
    query: Record<string, unknown>,
    order?: Record<string, number>,
    limit = 100,
  ): string[] {
    const { sql, params } = this.select(coll, query, { order, limit, offset: 0 });
    const rows = this.sql.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[];
    return rows.map((r) => r.detail);
  }

  transaction<T>(fn: () => T): T {
    return this.sql.transaction(fn)();
  }

  close(): void {
    this.sql.close();
  }
}
