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
export type FieldKind = 'number' | 'string' | 'empty';

export interface SqlPlan {
  where: string[];
  params: Scalar[];
  /** true when the SQL condition is exactly the query (no residue left for mingo). */
  exact: boolean;
}

const RANGE_OPS: Record<string, string> = { $gt: '>', $gte: '>=', $lt: '<', $lte: '<=', $eq: '=' };

export const jsonPath = (field: string): string =>
  `$.${field
    .split('.')
    .map((p) => `"${p}"`)
    .join('.')}`;

export const fieldExpr = (field: string): string =>
  field === '_id' ? 'id' : `json_extract(body, '${jsonPath(field)}')`;

const isScalar = (v: unknown): v is Scalar =>
  typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));

const sqlValue = (field: string, v: Scalar): Scalar => (field === '_id' ? JSON.stringify(v) : v);

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

function translateCondition(field: string, kind: FieldKind, cond: unknown, plan: SqlPlan): boolean {
  const expr = fieldExpr(field);
  if (isScalar(cond)) {
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
    if (op in RANGE_OPS && isScalar(operand)) {
      // Range on _id is not translated: its column holds JSON text, not the value.
      if (field === '_id' && op !== '$eq') {
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
    } else if (op === '$in' && Array.isArray(operand) && operand.length > 0 && operand.every(isScalar)) {
      plan.where.push(`${expr} IN (${operand.map(() => '?').join(',')})`);
      plan.params.push(...operand.map((v) => sqlValue(field, v as Scalar)));
    } else all = false;
  }
  return all;
}

/**
 * `indexed` maps the indexed fields that hold one kind of scalar (see tables.ts) to that kind;
 * only those are translated. Equality needs no kind check: the text '1' never equals the number
 * 1 in SQLite either.
 */
export function planQuery(query: Record<string, unknown>, indexed: ReadonlyMap<string, FieldKind>): SqlPlan {
  const plan: SqlPlan = { where: [], params: [], exact: true };
  for (const [field, cond] of conjuncts(query)) {
    const kind = field === '_id' ? 'string' : indexed.get(field);
    if (field.startsWith('$') || kind === undefined) {
      plan.exact = false;
      continue;
    }
    if (!translateCondition(field, kind, cond, plan)) plan.exact = false;
  }
  return plan;
}

/** SQL ORDER BY for a sort spec, or null when a key is not indexed (mingo sorts then). */
export function planOrder(
  order: Record<string, number> | undefined,
  indexed: ReadonlyMap<string, FieldKind>,
): string | null {
  if (!order || Object.keys(order).length === 0) return 'rowid';
  const keys = Object.entries(order);
  if (!keys.every(([field]) => field !== '_id' && indexed.has(field))) return null;
  // Ties keep insertion order, as mingo's stable sort over rowid-ordered rows does, so a query
  // answers the same whether or not it was pushed down (SQLite sorts only within equal keys).
  return [...keys.map(([field, dir]) => `${fieldExpr(field)} ${dir < 0 ? 'DESC' : 'ASC'}`), 'rowid'].join(
    ', ',
  );
}
