// One SQLite table per collection: (id = JSON text of _id, body = relaxed EJSON of the document).
// Declared indexes become SQLite expression indexes over json_extract(body, …).
import Database from 'better-sqlite3';
import { decodeStored, encodeStored, idKey, type Doc } from './codec';
import {
  fieldExpr,
  jsonPath,
  plainId,
  planOrder,
  planQuery,
  type FieldKind,
  type MultikeyField,
  type Scalar,
} from './planner';

export type IndexSpec = readonly string[]; // fields, ascending

const tableName = (coll: string): string => `c_${coll.replace(/[^A-Za-z0-9_]/g, '_')}`;
const indexName = (coll: string, fields: readonly string[]): string =>
  `${tableName(coll)}__${fields.join('_').replace(/[^A-Za-z0-9_]/g, '_')}`;
/** The side table of a multikey index (one row per distinct element), and its index on (mk, id). */
const keysTable = (coll: string, field: string): string => `${indexName(coll, [field])}__mk`;
const keysIndex = (coll: string, field: string): string => `${keysTable(coll, field)}__by`;

/**
 * The kind of the elements an array field has held ('mixed' when one was not a scalar, or
 * scalars of two kinds); a lone scalar counts as a one-element array, as MongoDB indexes it.
 */
function elementsOf(doc: Doc, field: string): { values: Scalar[]; kind: Kind | null } {
  let value: unknown = doc;
  for (const part of field.split('.')) {
    if (value === null || value === undefined) return { values: [], kind: null };
    if (typeof value !== 'object' || Array.isArray(value) || value instanceof Date)
      return { values: [], kind: 'mixed' };
    value = (value as Record<string, unknown>)[part];
  }
  const items = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  let kind: Kind | undefined;
  const values = new Set<Scalar>();
  for (const item of items) {
    if (item === null || item === undefined) continue;
    if (typeof item === 'string' || (typeof item === 'number' && Number.isFinite(item))) {
      kind = merge(kind, typeof item === 'string' ? 'string' : 'number');
      values.add(item);
    } else kind = 'mixed';
  }
  return { values: [...values], kind: kind ?? null };
}

export interface Window {
  order?: Record<string, number>;
  offset?: number;
  limit?: number;
}

/** What SQLite's plan says about a query (`planFacts`); the scan check judges it. */
export interface PlanFacts {
  /**
   * Per index search in the plan (one per `$or` branch), the leading fields of the index it
   * narrows by: those it pins to values (equality or `$in`; '_id' for the primary key) and the
   * one after them it bounds to a range, if any. Both empty: a walk of a whole index in its
   * order. null: SQLite reads the whole table.
   */
  narrowedBy: { equal: string[]; range: string | null }[] | null;
  /**
   * One index search answers every condition and gives the order, and the limit ends it: only
   * the rows returned are read.
   */
  pagedByIndex: boolean;
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
 * every number below every string and turns booleans into 1/0 (so a field of booleans only is
 * fine, one mixing booleans and numbers is not), and MongoDB matches `{ f: x }` against array
 * elements. So a field that ever holds anything else — a second scalar kind, a date, an
 * object, an array — becomes 'mixed' and the planner leaves it to mingo:
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
  if (typeof value === 'boolean') return 'boolean';
  return 'mixed';
}

const merge = (a: Kind | undefined, b: Kind | null): Kind | undefined =>
  b === null ? a : a === undefined || a === b ? b : 'mixed';

export class Tables {
  readonly sql: Database.Database;
  /** Fields of each collection's declared indexes. */
  private readonly indexed = new Map<string, Set<string>>();
  /** SQLite index name → the fields it indexes, in order (to read EXPLAIN QUERY PLAN). */
  private readonly indexFields = new Map<string, readonly string[]>();
  /** Per collection, per indexed field: the kind of value seen so far (absent = only null/missing). */
  private readonly kinds = new Map<string, Map<string, Kind>>();
  private readonly stmtCache = new Map<string, Database.Statement>();
  private readonly plans = new Map<string, { detail: string }[]>();
  /** Per collection, its coarse fields (ensureIndexes). */
  private readonly coarse = new Map<string, ReadonlySet<string>>();
  /** Per collection, its array fields indexed multikey (ensureIndexes `arrays`). */
  private readonly arrays = new Map<string, ReadonlySet<string>>();

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
      const specs = JSON.parse(row.indexes) as string[][];
      for (const spec of specs) this.indexFields.set(indexName(row.name, spec), spec);
      const fields = new Set(specs.flat());
      this.indexed.set(row.name, fields);
      this.kinds.set(row.name, new Map(Object.entries(JSON.parse(row.kinds) as Record<string, Kind>)));
      // A data folder from before kinds were tracked: learn them from the rows once.
      if (!hadKinds) for (const f of fields) this.learnKind(row.name, f);
      // A data folder from before ids were tracked (planner.ts plainId): look at them once.
      if (!this.kinds.get(row.name)?.has('_id')) this.learnKind(row.name, '_id');
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
    const arrays = this.arrays.get(coll);
    for (const field of this.indexed.get(coll) ?? []) {
      if (arrays?.has(field)) continue;
      const kind = kinds?.get(field) ?? 'empty';
      if (kind !== 'mixed') out.set(field, kind);
    }
    // '_id' (the primary key) orders like the ids while every id is plain (planner.ts plainId).
    if (kinds?.get('_id') !== 'mixed') out.set('_id', 'string');
    return out;
  }

  /** The multikey-indexed array fields whose elements are scalars of one kind, with their side table. */
  private multikey(coll: string): Map<string, MultikeyField> {
    const out = new Map<string, MultikeyField>();
    for (const field of this.arrays.get(coll) ?? []) {
      const kind = this.kinds.get(coll)?.get(`${field}[]`) ?? 'empty';
      if (kind !== 'mixed') out.set(field, { kind, table: keysTable(coll, field) });
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
    if (field === '_id') {
      const ids = this.sql
        .prepare(`SELECT id FROM "${tableName(coll)}"`)
        .pluck()
        .all() as string[];
      this.setKind(coll, '_id', ids.every((id) => plainId(JSON.parse(id))) ? 'string' : 'mixed');
      return;
    }
    const types = (
      this.sql
        .prepare(`SELECT DISTINCT json_type(body, '${jsonPath(field)}') AS t FROM "${tableName(coll)}"`)
        .all() as { t: string | null }[]
    ).map((r) => r.t);
    let kind: Kind | undefined = this.kinds.get(coll)?.get(field);
    for (const t of types) {
      if (t === null || t === 'null') continue;
      kind = merge(
        kind,
        t === 'text'
          ? 'string'
          : t === 'integer' || t === 'real'
            ? 'number'
            : t === 'true' || t === 'false'
              ? 'boolean'
              : 'mixed',
      );
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
    this.stmt(
      'INSERT OR IGNORE INTO _collections (name, indexes, kinds) VALUES (?, \'[]\', \'{"_id":"string"}\')',
    ).run(coll);
    this.indexed.set(coll, new Set());
    this.kinds.set(coll, new Map([['_id', 'string']]));
  }

  /**
   * Declares indexes (idempotent). `coarse`: fields with a handful of values (a status, a type),
   * told to SQLite's planner (below) so that it picks among the indexes as a database with real
   * statistics would.
   */
  ensureIndexes(
    coll: string,
    indexes: readonly IndexSpec[],
    coarse: readonly string[] = [],
    arrays: readonly string[] = [],
  ): void {
    this.create(coll);
    const t = tableName(coll);
    // MongoDB indexes an array field with one key per element (a multikey index) and refuses a
    // compound index over two array fields; this engine keeps each element in a side table and
    // indexes an array field alone (stricter: no compound index holds one).
    for (const fields of indexes)
      if (fields.length > 1 && fields.some((f) => arrays.includes(f)))
        throw new Error(
          `${coll}: index (${fields.join(', ')}) holds an array field; the local engine indexes array fields alone`,
        );
    this.arrays.set(coll, new Set(arrays));
    for (const field of arrays) {
      if (!indexes.some((f) => f.length === 1 && f[0] === field))
        throw new Error(`${coll}: array field ${field} is not declared as an index`);
      this.ensureKeysTable(coll, field);
    }
    const known = JSON.parse(
      (this.stmt('SELECT indexes FROM _collections WHERE name = ?').get(coll) as { indexes: string }).indexes,
    ) as string[][];
    for (const fields of indexes) {
      const name = indexName(coll, fields);
      this.indexFields.set(name, fields);
      this.sql.exec(`CREATE INDEX IF NOT EXISTS "${name}" ON "${t}" (${fields.map(fieldExpr).join(', ')})`);
      if (!known.some((k) => k.join() === fields.join())) known.push([...fields]);
      for (const field of fields) if (!this.indexed.get(coll)?.has(field)) this.learnKind(coll, field);
    }
    this.coarse.set(coll, new Set(coarse));
    this.setIndexes(coll, known);
  }

  /** Creates the side table of a multikey index, filled from the stored rows the first time. */
  private ensureKeysTable(coll: string, field: string): void {
    const k = keysTable(coll, field);
    const fresh = !this.sql.prepare('SELECT 1 FROM sqlite_master WHERE name = ?').get(k);
    this.sql.exec(`CREATE TABLE IF NOT EXISTS "${k}" (mk NOT NULL, id TEXT NOT NULL)`);
    this.sql.exec(`CREATE INDEX IF NOT EXISTS "${keysIndex(coll, field)}" ON "${k}" (mk, id)`);
    this.sql.exec(`CREATE INDEX IF NOT EXISTS "${k}__id" ON "${k}" (id)`);
    this.indexFields.set(keysIndex(coll, field), [field]);
    if (!fresh) return;
    this.arrays.set(coll, new Set([...(this.arrays.get(coll) ?? []), field]));
    const rows = this.sql.prepare(`SELECT body FROM "${tableName(coll)}"`).all() as { body: string }[];
    this.transaction(() => {
      for (const r of rows) {
        const doc = decodeStored(r.body);
        this.noteKinds(coll, doc);
        this.writeKeys(coll, doc);
      }
    });
  }

  /** Rewrites a document's rows in the side tables of its collection's multikey indexes. */
  private writeKeys(coll: string, doc: Doc): void {
    for (const field of this.arrays.get(coll) ?? []) {
      const k = keysTable(coll, field);
      const id = idKey(doc._id);
      this.stmt(`DELETE FROM "${k}" WHERE id = ?`).run(id);
      const insert = this.stmt(`INSERT INTO "${k}" (mk, id) VALUES (?, ?)`);
      for (const v of elementsOf(doc, field).values) insert.run(v, id);
    }
  }

  /** Removes a declared index (tests: what a query does once an index is gone). */
  dropIndex(coll: string, fields: IndexSpec): void {
    this.sql.exec(`DROP INDEX IF EXISTS "${indexName(coll, fields)}"`);
    const known = JSON.parse(
      (this.stmt('SELECT indexes FROM _collections WHERE name = ?').get(coll) as { indexes: string }).indexes,
    ) as string[][];
    this.setIndexes(
      coll,
      known.filter((k) => k.join() !== fields.join()),
    );
  }

  private setIndexes(coll: string, known: string[][]): void {
    this.stmt('UPDATE _collections SET indexes = ? WHERE name = ?').run(JSON.stringify(known), coll);
    this.indexed.set(coll, new Set(known.flat()));
    this.writeStats(coll, known, this.coarse.get(coll) ?? new Set());
    this.stmtCache.clear();
    this.plans.clear();
  }

  /**
   * Planner statistics (sqlite_stat1) as if the collection were large: a value of a coarse field
   * matches a quarter of the documents, a value of any other indexed field a hundred. Without
   * them SQLite guesses every index alike and may walk `type` in date order rather than pin the
   * conversation, or pick `status` over `mobile` — not what MongoDB's planner, which tries the
   * candidate plans on the real data, would do.
   */
  private writeStats(coll: string, specs: readonly (readonly string[])[], coarse: ReadonlySet<string>): void {
    const N = 1_000_000;
    if (!this.sql.prepare("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").get())
      this.sql.exec('ANALYZE _collections');
    const t = tableName(coll);
    this.sql.prepare('DELETE FROM sqlite_stat1 WHERE tbl = ?').run(t);
    const insert = this.sql.prepare('INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (?, ?, ?)');
    insert.run(t, null, String(N));
    for (const fields of specs) {
      let rows = N;
      const perPrefix = fields.map(
        (f) => (rows = Math.max(1, Math.round(rows * (coarse.has(f) ? 0.25 : 1e-4)))),
      );
      insert.run(t, indexName(coll, fields), [N, ...perPrefix].join(' '));
    }
    // A multikey side table: a few elements per document, each value shared by a hundred.
    for (const field of this.arrays.get(coll) ?? []) {
      const k = keysTable(coll, field);
      this.sql.prepare('DELETE FROM sqlite_stat1 WHERE tbl = ?').run(k);
      insert.run(k, keysIndex(coll, field), `${3 * N} 100 1`);
      insert.run(k, `${k}__id`, `${3 * N} 3`);
    }
    this.sql.exec('ANALYZE sqlite_schema');
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
    if (kinds?.get('_id') !== 'mixed' && !plainId(doc._id)) this.setKind(coll, '_id', 'mixed');
    const arrays = this.arrays.get(coll);
    for (const field of arrays ?? []) {
      const before = kinds?.get(`${field}[]`);
      if (before === 'mixed') continue;
      const after = merge(before, elementsOf(doc, field).kind);
      if (after !== before && after !== undefined) this.setKind(coll, `${field}[]`, after);
    }
    for (const field of this.indexed.get(coll) ?? []) {
      if (field === '_id' || arrays?.has(field)) continue;
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
    this.writeKeys(coll, doc);
  }

  /** Inserts a new document; throws (SQLITE_CONSTRAINT_PRIMARYKEY) when the _id exists. */
  insert(coll: string, doc: Doc): void {
    this.noteKinds(coll, doc);
    this.stmt(`INSERT INTO "${tableName(coll)}" (id, body) VALUES (?, ?)`).run(
      idKey(doc._id),
      encodeStored(doc),
    );
    this.writeKeys(coll, doc);
  }

  delete(coll: string, id: unknown): void {
    this.stmt(`DELETE FROM "${tableName(coll)}" WHERE id = ?`).run(idKey(id));
    for (const field of this.arrays.get(coll) ?? [])
      this.stmt(`DELETE FROM "${keysTable(coll, field)}" WHERE id = ?`).run(idKey(id));
  }

  count(coll: string): number {
    return (this.stmt(`SELECT count(*) AS n FROM "${tableName(coll)}"`).get() as { n: number }).n;
  }

  /** The SELECT a query runs: index-narrowed, and fully pushed down when the plan is exact. */
  private select(coll: string, query: Record<string, unknown>, window?: Window) {
    const kinds = this.usable(coll);
    const plan = planQuery(query, kinds, this.multikey(coll));
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
    const plan = planQuery(query, this.usable(coll), this.multikey(coll));
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
    return this.planFacts(coll, query, window).narrowedBy === null;
  }

  /**
   * How an index would answer this query — as CloudBase would, whatever this engine then does
   * with mingo: the SQL of its indexable conditions, with the sort and limit of `window` (a get)
   * or as a count (no window). Read from SQLite's EXPLAIN QUERY PLAN.
   */
  planFacts(coll: string, query: Record<string, unknown>, window?: Window): PlanFacts {
    const kinds = this.usable(coll);
    const plan = planQuery(query, kinds, this.multikey(coll));
    const where = plan.where.length ? `WHERE ${plan.where.join(' AND ')}` : '';
    // CloudBase returns an unsorted page in whatever order the index walk gives (no ORDER BY).
    const sorted = !!window?.order && Object.keys(window.order).length > 0;
    const order = sorted ? planOrder(window?.order, kinds) : '';
    const t = tableName(coll);
    const sql = window
      ? `SELECT body FROM "${t}" ${where} ${order ? `ORDER BY ${order}` : ''} LIMIT ?`
      : `SELECT count(*) FROM "${t}" ${where}`;
    const params = window ? [...plan.params, window.limit ?? -1] : plan.params;
    // The plan depends on the SQL's shape, not on the values (no ANALYZE statistics are kept).
    let rows = this.plans.get(sql);
    if (!rows) {
      rows = this.sql.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[];
      this.plans.set(sql, rows);
    }
    const narrowedBy: { equal: string[]; range: string | null }[] = [];
    let whole = false;
    let sorts = false;
    let used = 0; // conditions the index searches answer (the rest filter rows as they are read)
    for (const { detail } of rows) {
      if (detail === `SCAN ${t}`) whole = true;
      else if (detail.startsWith('USE TEMP B-TREE FOR ORDER BY')) sorts = true;
      const m = /^(?:SEARCH|SCAN) \S+ USING (?:COVERING )?INDEX (\S+)(?: \((.*)\))?$/.exec(detail);
      if (!m) continue;
      const fields = m[1].startsWith('sqlite_autoindex_') ? ['_id'] : (this.indexFields.get(m[1]) ?? []);
      const terms = (m[2] ?? '')
        .split(' AND ')
        .filter(Boolean)
        .map((x) => x.replace(/<expr>|\bid\b|\bmk\b/g, 'X'));
      // ANY(…): a skip-scan over every value of the leading column, which MongoDB has not: a walk.
      if (terms[0]?.startsWith('ANY(')) {
        narrowedBy.push({ equal: [], range: null });
        continue;
      }
      const equal = terms.filter((x) => x === 'X=?').length;
      used += terms.length;
      narrowedBy.push({ equal: fields.slice(0, equal), range: terms.length > equal ? fields[equal] : null });
    }
    // A keyset cursor's tie-break — `(f < x) OR (f = x AND _id < id)` beside `f <= x` — filters
    // only the rows tied at x on the index's range field: it does not make the walk longer.
    const range = narrowedBy[0]?.range;
    const tieBreaks = plan.orFields.filter((fields) => fields.every((f) => f === range || f === '_id'));
    return {
      narrowedBy: whole ? null : narrowedBy,
      pagedByIndex:
        !!window &&
        plan.exact &&
        order !== null &&
        !sorts &&
        narrowedBy.length <= 1 &&
        used + tieBreaks.length === plan.where.length,
    };
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
