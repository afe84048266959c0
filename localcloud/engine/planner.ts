// Turns the part of a MongoDB-form query that touches declared indexes into SQL over
// json_extract() expressions, so SQLite narrows with its expression indexes instead of
// scanning. mingo still re-checks every candidate, so the SQL only has to be a superset
// of the answer; when every condition and every sort key translated, ORDER BY/LIMIT are
// pushed down too and the query touches only the rows it returns.

export type Scalar = string | number;

/**
 * The one kind of scalar an indexed field has held (tables.ts tracks it; fields that held
 * anything else are never handed to the planner). 'empty': only null/missing so far.
 */
export type FieldKind = 'number' | 'string' | 'boolean' | 'empty';

/**
 * An array field indexed multikey (tables.ts): one side-table row per distinct element, `kind`
 * the one kind of scalar its elements have held.
 */
export interface MultikeyField {
  kind: FieldKind;
  table: string;
}

export interface SqlPlan {
  where: string[];
  params: Scalar[];
  /** true when the SQL condition is exactly the query (no residue left for mingo). */
  exact: boolean;
  /** The fields each translated `$or` (one `where` entry each) looks at. */
  orFields: string[][];
}

const RANGE_OPS: Record<string, string> = { $gt: '>', $gte: '>=', $lt: '<', $lte: '<=', $eq: '=' };

export const jsonPath = (field: string): string =>
  `$.${field
    .split('.')
    .map((p) => `"${p}"`)
    .join('.')}`;

export const fieldExpr = (field: string): string =>
  field === '_id' ? 'id' : `json_extract(body, '${jsonPath(field)}')`;

type Operand = Scalar | boolean;

const isScalar = (v: unknown): v is Scalar =>
  typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));

/**
 * Whether SQL may compare the field with this operand. json_extract() turns booleans into 1/0, so
 * a boolean operand is only comparable with a field that has only held booleans, and a number
 * operand never with such a field (MongoDB never matches `{ b: 1 }` against `true`).
 */
const comparable = (kind: FieldKind, v: unknown): v is Operand =>
  typeof v === 'boolean' ? kind === 'boolean' || kind === 'empty' : isScalar(v) && kind !== 'boolean';

const sqlValue = (field: string, v: Operand): Scalar =>
  typeof v === 'boolean' ? (v ? 1 : 0) : field === '_id' ? JSON.stringify(v) : v;

/** Flattens top-level `$and` (the SDK emits `_.gt(1).and(_.lt(9))` that way) into conjuncts. */
function conjuncts(query: Record<string, unknown>): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (const [key, value] of Object.entries(query)) {
    if (key === '$and' && Array.isArray(value)) {
      for (const part of value) out.push(...conjuncts(part as Record<string, unknown>));
    } else out.push([key, value]);
  }
  return out;
}

/** An id whose JSON text orders like the id: no character at or below `"`, no backslash. */
export function plainId(id: unknown): boolean {
  if (typeof id !== 'string') return false;
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    if (c <= 0x22 || c === 0x5c) return false;
  }
  return true;
}

/**
 * `indexed` has '_id' (kind 'string') when every stored id is plain: then ranges on _id and
 * ORDER BY _id translate too.
 */
function translateCondition(
  field: string,
  kind: FieldKind,
  cond: unknown,
  plan: SqlPlan,
  idOrdered: boolean,
): boolean {
  const expr = fieldExpr(field);
  // `{ f: null }` matches a null or missing field, as json_extract() IS NULL does (an index
  // answers it); arrays, which MongoDB would search for a null element, make a field 'mixed'.
  if (cond === null) {
    if (field === '_id') return false;
    plan.where.push(`${expr} IS NULL`);
    return true;
  }
  if (typeof cond === 'boolean' && !comparable(kind, cond)) return false;
  if (comparable(kind, cond)) {
    plan.where.push(`${expr} = ?`);
    plan.params.push(sqlValue(field, cond));
    return true;
  }
  if (
    !cond ||
    typeof cond !== 'object' ||
    Array.isArray(cond) ||
    cond instanceof Date ||
    cond instanceof RegExp
  ) {
    return false;
  }
  let all = true;
  for (const [op, operand] of Object.entries(cond as Record<string, unknown>)) {
    if (op in RANGE_OPS && comparable(kind, operand)) {
      // The _id column holds JSON text, which orders like the ids themselves only when no id
      // (stored or asked for) has a character JSON escapes or that sorts below its quote.
      if (
        field === '_id' &&
        op !== '$eq' &&
        !(idOrdered && typeof operand === 'string' && plainId(operand))
      ) {
        all = false;
        continue;
      }
      // SQLite orders every number below every string; MongoDB never matches a range across
      // types. A range whose operand is of another kind than the field holds stays with mingo.
      if (op !== '$eq' && field !== '_id' && kind !== 'empty' && kind !== typeof operand) {
        all = false;
        continue;
      }
      plan.where.push(`${expr} ${RANGE_OPS[op]} ?`);
      plan.params.push(sqlValue(field, operand));
    } else if (
      op === '$in' &&
      Array.isArray(operand) &&
      operand.length > 0 &&
      operand.every((v) => comparable(kind, v))
    ) {
      plan.where.push(`${expr} IN (${operand.map(() => '?').join(',')})`);
      plan.params.push(...operand.map((v) => sqlValue(field, v as Operand)));
    } else all = false;
  }
  return all;
}

/**
 * `{ f: x }` and `{ f: { $in: [...] } }` on an array field match a document holding x (one of
 * them) among its elements, as MongoDB reads them through a multikey index: the ids of the side
 * table's rows for those values. Anything else on the field (ranges, $all, $size, $elemMatch,
 * null) stays with mingo.
 */
function translateElements(field: string, array: MultikeyField, cond: unknown, plan: SqlPlan): boolean {
  const values =
    typeof cond === 'boolean'
      ? null
      : comparable(array.kind, cond)
        ? [cond]
        : cond &&
            typeof cond === 'object' &&
            !Array.isArray(cond) &&
            Object.keys(cond).length === 1 &&
            Array.isArray((cond as { $in?: unknown }).$in)
          ? (cond as { $in: unknown[] }).$in
          : null;
  if (!values?.length || !values.every((v) => typeof v !== 'boolean' && comparable(array.kind, v)))
    return false;
  plan.where.push(`id IN (SELECT id FROM "${array.table}" WHERE mk IN (${values.map(() => '?').join(',')}))`);
  plan.params.push(...(values as Scalar[]));
  return true;
}

/**
 * `indexed` maps the indexed fields that hold one kind of scalar (see tables.ts) to that kind;
 * only those are translated. Equality needs no kind check: the text '1' never equals the number
 * 1 in SQLite either.
 */
export function planQuery(
  query: Record<string, unknown>,
  indexed: ReadonlyMap<string, FieldKind>,
  arrays: ReadonlyMap<string, MultikeyField> = new Map(),
): SqlPlan {
  const plan: SqlPlan = { where: [], params: [], exact: true, orFields: [] };
  for (const [field, cond] of conjuncts(query)) {
    if (field === '$or' && Array.isArray(cond)) {
      if (!translateOr(cond as Record<string, unknown>[], indexed, arrays, plan)) plan.exact = false;
      continue;
    }
    const array = arrays.get(field);
    if (array) {
      if (!translateElements(field, array, cond, plan)) plan.exact = false;
      continue;
    }
    const kind = field === '_id' ? 'string' : indexed.get(field);
    if (field.startsWith('$') || kind === undefined) {
      plan.exact = false;
      continue;
    }
    if (!translateCondition(field, kind, cond, plan, indexed.has('_id'))) plan.exact = false;
  }
  return plan;
}

/**
 * `$or` as SQL when every branch has a condition an index can narrow by (as MongoDB plans an $or
 * branch by branch; one unindexed branch makes the whole $or a scan). The SQL is a superset when
 * a branch keeps a residue, so the plan is exact only when every branch is.
 */
function translateOr(
  branches: Record<string, unknown>[],
  indexed: ReadonlyMap<string, FieldKind>,
  arrays: ReadonlyMap<string, MultikeyField>,
  plan: SqlPlan,
): boolean {
  if (branches.length === 0) return false;
  const parts = branches.map((b) => planQuery(b, indexed, arrays));
  if (parts.some((p) => p.where.length === 0)) return false;
  plan.where.push(`(${parts.map((p) => `(${p.where.join(' AND ')})`).join(' OR ')})`);
  plan.orFields.push([...new Set(branches.flatMap((b) => conjuncts(b).map(([f]) => f)))]);
  for (const p of parts) plan.params.push(...p.params);
  return parts.every((p) => p.exact);
}

/** SQL ORDER BY for a sort spec, or null when a key is not indexed (mingo sorts then). */
export function planOrder(
  order: Record<string, number> | undefined,
  indexed: ReadonlyMap<string, FieldKind>,
): string | null {
  if (!order || Object.keys(order).length === 0) return 'rowid';
  const keys = Object.entries(order);
  if (!keys.every(([field]) => indexed.has(field))) return null;
  // Ties keep insertion order, as mingo's stable sort over rowid-ordered rows does, so a query
  // answers the same whether or not it was pushed down (SQLite sorts only within equal keys).
  return [...keys.map(([field, dir]) => `${fieldExpr(field)} ${dir < 0 ? 'DESC' : 'ASC'}`), 'rowid'].join(
    ', ',
  );
}
