// One SQLite table per collection: (id = JSON text of _id, body = relaxed EJSON of the document).
// Declared indexes become SQLite expression indexes over json_extract(body, …).
import Database from 'better-sqlite3';
import { decodeStored, encodeStored, idKey, type Doc } from './codec';
import { fieldExpr, planOrder, planQuery, type Scalar } from './planner';

export type IndexSpec = readonly string[]; // fields, ascending

const tableName = (coll: string): string => `c_${coll.replace(/[^A-Za-z0-9_]/g, '_')}`;

export interface ScanResult {
  docs: Doc[];
  /** Rows SQLite handed back (what was examined after index narrowing). */
  examined: number;
  /** Whether ORDER BY / OFFSET / LIMIT were applied in SQL (results are final). */
  pushedDown: boolean;
}

export class Tables {
  readonly sql: Database.Database;
  private readonly indexed = new Map<string, Set<string>>();
  private readonly stmtCache = new Map<string, Database.Statement>();

  constructor(file: string) {
    this.sql = new Database(file);
    this.sql.pragma('journal_mode = WAL');
    this.sql.pragma('synchronous = NORMAL');
    this.sql.exec('CREATE TABLE IF NOT EXISTS _collections (name TEXT PRIMARY KEY, indexes TEXT NOT NULL)');
    for (const row of this.sql.prepare('SELECT name, indexes FROM _collections').all() as {
      name: string;
      indexes: string;
    }[]) {
      this.indexed.set(row.name, new Set((JSON.parse(row.indexes) as string[][]).flat()));
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

  /**
   * Candidate rows for a query. With `window` (order/offset/limit) and an exact plan whose sort
   * keys are indexed, SQLite does the whole job; otherwise the caller filters/sorts with mingo.
   */
  scan(
    coll: string,
    query: Record<string, unknown>,
    window?: { order?: Record<string, number>; offset?: number; limit?: number },
  ): ScanResult {
    const indexed = this.indexed.get(coll) ?? new Set<string>();
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
    const rows = this.stmt(`SELECT body FROM "${tableName(coll)}" ${where} ${tail}`).all(...params) as {
      body: string;
    }[];
    return { docs: rows.map((r) => decodeStored(r.body)), examined: rows.length, pushedDown };
  }

  /** count(*) in SQL when the whole query translates; null when mingo has to look at the rows. */
  countExact(coll: string, query: Record<string, unknown>): number | null {
    const plan = planQuery(query, this.indexed.get(coll) ?? new Set<string>());
    if (!plan.exact) return null;
    const where = plan.where.length ? `WHERE ${plan.where.join(' AND ')}` : '';
    return (this.stmt(`SELECT count(*) AS n FROM "${tableName(coll)}" ${where}`).get(...plan.params) as { n: number })
      .n;
  }

  /** EXPLAIN QUERY PLAN for the SQL a query would run (used by the benchmark to prove index use). */
  explain(coll: string, query: Record<string, unknown>, order?: Record<string, number>): string[] {
    const indexed = this.indexed.get(coll) ?? new Set<string>();
    const plan = planQuery(query, indexed);
    const where = plan.where.length ? `WHERE ${plan.where.join(' AND ')}` : '';
    const sqlOrder = planOrder(order, indexed) ?? 'rowid';
    const rows = this.sql
      .prepare(
        `EXPLAIN QUERY PLAN SELECT body FROM "${tableName(coll)}" ${where} ORDER BY ${sqlOrder} LIMIT 20`,
      )
      .all(...plan.params) as { detail: string }[];
    return rows.map((r) => r.detail);
  }

  transaction<T>(fn: () => T): T {
    return this.sql.transaction(fn)();
  }

  close(): void {
    this.sql.close();
  }
}
