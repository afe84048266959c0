// Ranges a query puts on a field ($gt/$gte/$lt/$lte), and whether a rule's comparison of that
// field holds for every value in the range, for none, or is undecided. CloudBase requires the
// query to be a subset of the rule (docs.cloudbase.net/database/security-rules: 前端查询条件必须是
// 安全规则的子集); for a rule `doc.seq > v`, the query `seq > S` is a subset when S ≥ v. A range
// never decides `==` or `!=` (the rule then needs the field pinned).
// Browser-safe: no imports.

export type Scalar = number | string;
export interface Bound {
  v: Scalar;
  /** The bound itself is excluded ($gt / $lt). */
  open: boolean;
}
export interface Range {
  lo?: Bound;
  hi?: Bound;
}

const RANGE_OPS = ['$gt', '$gte', '$lt', '$lte'];
const isScalar = (v: unknown): v is Scalar => typeof v === 'number' || typeof v === 'string';

/** The range of an operator object made only of $gt/$gte/$lt/$lte on scalars; null otherwise. */
export function rangeOf(cond: Record<string, unknown>): Range | null {
  const keys = Object.keys(cond);
  if (!keys.length || !keys.every((k) => RANGE_OPS.includes(k))) return null;
  let r: Range = {};
  for (const k of keys) {
    const v = cond[k];
    if (!isScalar(v)) return null;
    const open = k === '$gt' || k === '$lt';
    r = intersectRanges(r, k.startsWith('$g') ? { lo: { v, open } } : { hi: { v, open } });
  }
  return r;
}

const tighter = (a: Bound | undefined, b: Bound | undefined, lower: boolean): Bound | undefined => {
  if (!a) return b;
  if (!b) return a;
  if (a.v === b.v) return { v: a.v, open: a.open || b.open };
  return a.v > b.v === lower ? a : b;
};

export function intersectRanges(a: Range, b: Range): Range {
  return { lo: tighter(a.lo, b.lo, true), hi: tighter(a.hi, b.hi, false) };
}

/** Whether a value lies in the range. */
export function inRange(r: Range, v: unknown): boolean {
  if (!isScalar(v)) return false;
  if (r.lo && (typeof v !== typeof r.lo.v || v < r.lo.v || (v === r.lo.v && r.lo.open))) return false;
  if (r.hi && (typeof v !== typeof r.hi.v || v > r.hi.v || (v === r.hi.v && r.hi.open))) return false;
  return true;
}

const FLIP: Record<string, string> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

/**
 * `x op v` for every x in the range: true (always), false (never) or null (undecided). With
 * `fieldOnRight`, the comparison is `v op x`.
 */
export function decide(r: Range, op: string, v: unknown, fieldOnRight = false): boolean | null {
  const o = fieldOnRight ? FLIP[op] : op;
  if (!o || !isScalar(v)) return null;
  const same = (b?: Bound) => !!b && typeof b.v === typeof v;
  const { lo, hi } = r;
  // Bounds of another type than v decide nothing.
  const L = same(lo) ? lo : undefined;
  const H = same(hi) ? hi : undefined;
  switch (o) {
    case '>':
      if (L && (L.v > v || (L.v === v && L.open))) return true;
      if (H && H.v <= v) return false;
      return null;
    case '>=':
      if (L && L.v >= v) return true;
      if (H && (H.v < v || (H.v === v && H.open))) return false;
      return null;
    case '<':
      if (H && (H.v < v || (H.v === v && H.open))) return true;
      if (L && L.v >= v) return false;
      return null;
    case '<=':
      if (H && H.v <= v) return true;
      if (L && (L.v > v || (L.v === v && L.open))) return false;
      return null;
    default:
      return null;
  }
}
