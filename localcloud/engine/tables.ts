// One SQLite table per collection: (id = JSON text of _id, body = relaxed EJSON of the document).
// Declared indexes become SQLite expression indexes over json_extract(body, …).
import Database from 'better-sqlite3';
import { decodeStored, encodeStored, idKey, type Doc } from './codec';
import { fieldExpr, jsonPath, planOrder, planQuery, type Scalar } from './planner';

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
 * SQL compares what json_extract() returns; that agrees with MongoDB only for strings, numbers
 * and null/missing. A value of another kind (boolean, date, object, array — MongoDB matches
 * `{ f: x }` against array elements) makes SQL answers differ, so it is noticed on write.
 */
function isRegular(doc: Doc, field: string): boolean {
  let value: unknown = doc;
  for (const part of field.split('.')) {
    if (value === null || value === undefined) return true;
    if (typeof value !== 'object' || Array.isArray(value)) return false;
    value = (value as Record<string, unknown>)[part];
  }
  return (
    value === undefined ||
    value === null ||
    typeof value === 'string' ||
    (typeof value === 'number' && Number.isFinite(value))
  );
}

export class Tables {
  readonly sql: Database.Database;
  /** Fields of each collection's declared indexes. */
  private readonly indexed = new Map<string, Set<string>>();
  /**
   * Indexed fields where some document holds a value SQL cannot compare like MongoDB (see
   * isRegular). The planner leaves them to mingo from then on, so answers stay right; only
   * speed is lost. Persisted, never cleared.
   */
  private readonly irregular = new Map<string, Set<string>>();
  private readonly stmtCache = new Map<string, Database.Statement>();

  constructor(file: string) {
    this.sql = new Database(file);
    this.sql.pragma('journal_mode = WAL');
    this.sql.pragma('synchronous = NORMAL');
    this.sql.exec(
      "CREATE TABLE IF NOT EXISTS _collections (name TEXT PRIMARY KEY, indexes TEXT NOT NULL, irregular TEXT NOT NULL DEFAULT '[]')",
    );
    const columns = this.sql.prepare('PRAGMA table_info(_collections)').all() as { name: string }[];
    if (!columns.some((c) => c.name === 'irregular')) {
      this.sql.exec("ALTER TABLE _collections ADD COLUMN irregular TEXT NOT NULL DEFAULT '[]'");
    }
    for (const row of this.sql.prepare('SELECT name, indexes, irregular FROM _collections').all() as {
      name: string;
      indexes: string;
      irregular: string;
    }[]) {
      this.indexed.set(row.name, new Set((JSON.parse(row.indexes) as string[][]).flat()));
      this.irregular.set(row.name, new Set(JSON.parse(row.irregular) as string[]));
    }
  }

  /** Indexed fields the planner may translate to SQL. */
  private usable(coll: string): Set<string> {
    const fields = new Set(this.indexed.get(coll));
    for (const f of this.irregular.get(coll) ?? []) fields.delete(f);
    return fields;
  }

  private markIrregular(coll: string, field: string): void {
    const set = this.irregular.get(coll) ?? new Set<string>();
    set.add(field);
    this.irregular.set(coll, set);
    this.stmt('UPDATE _collections SET irregular = ? WHERE name = ?').run(JSON.stringify([...set]), coll);
  }

  /** Fields whose index the planner has stopped using (for tests and the benchmark). */
  irregularFields(coll: string): string[] {
    return [...(this.irregular.get(coll) ?? [])];
  }

  private stmt(text: string): Database.Statement {
    let s = this.stmtCache.get(text);
    if (!s) {
      s = this.sql.prepare(text);
      this.stmtCache.set(text, s);
    }
    return s;
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
    this.stmt('INSERT OR IGNORE INTO _collections (name, indexes) VALUES (?, ?)').run(coll, '[]');
    this.indexed.set(coll, new Set());
    this.irregular.set(coll, new Set());
  }

  /** Declares indexes (idempotent). Fields must hold scalars (strings or numbers). */
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
      for (const field of fields) {
        if (this.indexed.get(coll)?.has(field) || field === '_id') continue;
        // A field newly indexed over existing rows: check what they hold once.
        const odd = this.sql
          .prepare(
            `SELECT 1 FROM "${t}" WHERE json_type(body, '${jsonPath(field)}') NOT IN ('integer', 'real', 'text', 'null') LIMIT 1`,
          )
          .get();
        if (odd) this.markIrregular(coll, field);
      }
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

  put(coll: string, doc: Doc): void {
    for (const field of this.indexed.get(coll) ?? []) {
      if (!this.irregular.get(coll)?.has(field) && !isRegular(doc, field)) this.markIrregular(coll, field);
    }
    this.stmt(
      `INSERT INTO "${tableName(coll)}" (id, body) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET body = excluded.body`,
    ).run(idKey(doc._id), encodeStored(doc));
  }

  delete(coll: string, id: unknown): void {
    this.stmt(`DELETE FROM "${tableName(coll)}" WHERE id = ?`).run(idKey(id));
  }

  count(coll: string): number {
    return (this.stmt(`SELECT count(*) AS n FROM "${tableName(coll)}"`).get() as { n: number }).n;
  }

  /** The SELECT a query runs: index-narrowed, and fully pushed down when the plan is exact. */
  private select(coll: string, query: Record<string, unknown>, window?: Window) {
    const indexed = this.usable(coll);
    const plan = planQuery(query, indexed);
    const where = plan.where.length ? `WHERE ${plan.where.join(' AND ')}` : '';
    const params: Scalar[] = [...plan.params];
    let tail = 'ORDER BY rowid';
    let pushedDown = false;
    if (window && plan.exact) {
      const order = planOrder(window.order, indexed);
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
