// A client read (a watch, a get(), a count()) checked against the collection's read rule the way
// CloudBase checks it: against the QUERY, not the documents it happens to find
// (docs.cloudbase.net/database/security-rules: "前端查询条件必须是安全规则的子集…当安全规则使用 doc.字段名
// 时,查询条件必须包含对应字段"). The where is split into branches (top-level `$or`), and the rule is
// evaluated once per branch and per combination of the values the branch pins (== or in) the
// rule's doc fields to. Limits (docs.cloudbase.net/rule/reference/function → get → 使用限制):
//   1. a doc field inside a get() path must be pinned with == or with an `in` of ONE value;
//   2. the gets of one request read at most 10 distinct documents;
//   (3 gets per expression and nesting depth 2 are checked on the rule's text: ./ruleParser.ts).
// A field the query only bounds (seq > S) satisfies a rule's comparison of it (doc.seq > J) when
// the whole range does (./ranges.ts); it never satisfies == or !=.
// Billing (same page, 性能说明): each get is one read per variable value, reads of the same
// document merged: `reads` lists the distinct documents read.
// Refusals carry COLLECTION_PERMISSION_DENIED, the realtime server's code for the security rules
// (the only rule code in @cloudbase/database's realtime typings); CloudBase does not document a
// separate code for the get() limits, so they are refused with the same code and say which limit.
import type { RuleAllowance } from './allowances';
import { inRange, intersectRanges, rangeOf, type Range } from './ranges';
import { ruleInfo, type RuleInfo } from './ruleParser';
import {
  explainRule,
  RuleLimitError,
  RuleSyntaxError,
  type CompiledRule,
  type Node,
  type RuleContext,
} from './rules';

type Doc = Record<string, unknown>;

/** CloudBase's cap on distinct documents the get()s of one request read. */
export const MAX_GET_DOCUMENTS = 10;
/**
 * Cap on rule evaluations for one query (branches × value combinations). Undocumented: CloudBase
 * evaluates "per variable value"; the local cloud refuses beyond this rather than loop forever.
 */
export const MAX_RULE_EVALUATIONS = 5000;

/** How a branch constrains one field: pinned to values (== / in), a range, or otherwise narrowed. */
type Pin = { op: 'eq' | 'in'; values: unknown[] } | { op: 'range'; range: Range } | { op: 'other' };
type Branch = Map<string, Pin>;

const isOperatorObject = (v: unknown): v is Doc =>
  !!v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).some((k) => k.startsWith('$'));

function pinOf(cond: unknown): Pin {
  if (!isOperatorObject(cond)) return { op: 'eq', values: [cond] };
  if ('$eq' in cond) return { op: 'eq', values: [cond.$eq] };
  if (Array.isArray(cond.$in)) return { op: 'in', values: cond.$in as unknown[] };
  const range = rangeOf(cond);
  return range ? { op: 'range', range } : { op: 'other' };
}

function intersect(a: Pin, b: Pin): Pin {
  if (a.op === 'other') return b;
  if (b.op === 'other') return a;
  if (a.op === 'range' && b.op === 'range') return { op: 'range', range: intersectRanges(a.range, b.range) };
  if (a.op === 'range' || b.op === 'range') {
    const [range, pin] = a.op === 'range' ? [a.range, b] : [(b as { range: Range }).range, a];
    const values = (pin as { values: unknown[] }).values.filter((v) => inRange(range, v));
    return { op: values.length === 1 ? 'eq' : 'in', values };
  }
  const key = (v: unknown) => JSON.stringify(v);
  const keep = new Set(b.values.map(key));
  const values = a.values.filter((v) => keep.has(key(v)));
  return { op: values.length === 1 ? 'eq' : 'in', values };
}

function merge(a: Branch, b: Branch): Branch {
  const out = new Map(a);
  for (const [f, p] of b) out.set(f, out.has(f) ? intersect(out.get(f) as Pin, p) : p);
  return out;
}

/** The where as a disjunction of branches, each a conjunction of field constraints. */
export function branchesOf(where: Doc): Branch[] {
  let out: Branch[] = [new Map()];
  const and = (alts: Branch[]) => {
    out = out.flatMap((b) => alts.map((a) => merge(b, a)));
  };
  for (const [field, cond] of Object.entries(where)) {
    if (field === '$or' && Array.isArray(cond)) and((cond as Doc[]).flatMap((c) => branchesOf(c)));
    else if (field === '$and' && Array.isArray(cond)) for (const c of cond as Doc[]) and(branchesOf(c));
    else if (!field.startsWith('$')) and([new Map([[field, pinOf(cond)]])]);
    // Other top-level operators ($nor, …) constrain nothing the rule can use.
  }
  return out;
}

/**
 * `limit`: the query breaks the rule language's limits or is not a subset of the rule, so CloudBase
 * refuses it whoever asks (a page bug); otherwise the rule denies this caller (not a member, …).
 */
export type QueryVerdict =
  { ok: true; reads: string[] } | { ok: false; message: string; limit: boolean; reads: string[] };

export interface QueryCheck {
  collection: string;
  rule: CompiledRule | RuleSyntaxError;
  where: Doc;
  auth: RuleContext['auth'];
  now: number;
  get: RuleContext['get'];
  allowances?: readonly RuleAllowance[];
}

const infos = new WeakMap<Node, RuleInfo>();
const infoOf = (rule: Node): RuleInfo => {
  let info = infos.get(rule);
  if (!info) infos.set(rule, (info = ruleInfo(rule)));
  return info;
};

/** The pinned key of a branch that a doc path reads through ('a.b' through 'a' or 'a.b'). */
function pinnedKey(branch: Branch, path: string): string | null {
  const parts = path.split('.');
  for (let n = parts.length; n > 0; n--) {
    const k = parts.slice(0, n).join('.');
    if (branch.get(k)?.op === 'eq' || branch.get(k)?.op === 'in') return k;
  }
  return null;
}

function* combinations(keys: string[], branch: Branch): Generator<Map<string, unknown>> {
  if (!keys.length) {
    yield new Map();
    return;
  }
  const [first, ...rest] = keys;
  const pin = branch.get(first) as { values: unknown[] };
  for (const tail of combinations(rest, branch))
    for (const v of pin.values) yield new Map([...tail, [first, v]]);
}

/** Checks a query against a collection's read rule; never throws. */
export function checkQuery(q: QueryCheck): QueryVerdict {
  const documents = new Map<string, Doc | null>();
  const reads = () => [...documents.keys()];
  const deny = (message: string, limit = true): QueryVerdict => ({
    ok: false,
    message,
    limit,
    reads: reads(),
  });
  const { rule } = q;
  if (rule instanceof RuleSyntaxError) return deny(`invalid security rule: ${rule.message}`);
  if (rule === false) return deny('the collection security rule denies every client read');
  if (rule === true) return { ok: true, reads: [] };
  const info = infoOf(rule);
  const allowed = (field: string) =>
    (q.allowances ?? []).some((a) => a.collection === q.collection && a.field === field);
  const branches = branchesOf(q.where);
  let evaluations = 0;
  // An allowance for every doc field of the get() paths lifts the documents cap too.
  const lifted = info.getDocFields.size > 0 && [...info.getDocFields].every(allowed);
  const get = (collection: string, id: string) => {
    const path = `database.${collection}.${id}`;
    if (documents.has(path)) return documents.get(path) as Doc | null;
    if (documents.size >= MAX_GET_DOCUMENTS && !lifted)
      throw new RuleLimitError(
        `get() would read more than ${MAX_GET_DOCUMENTS} documents for this query (CloudBase allows ${MAX_GET_DOCUMENTS})`,
      );
    const doc = q.get(collection, id);
    documents.set(path, doc);
    return doc;
  };
  try {
    for (const branch of branches) {
      for (const field of info.getDocFields) {
        const pin = branch.get(field);
        const single = (pin?.op === 'eq' || pin?.op === 'in') && pin.values.length === 1;
        if (!single && !(pin && pin.op === 'in' && allowed(field)))
          return deny(
            pin && pin.op === 'in'
              ? `doc.${field} is used in a get() path: the query may pin it with in of ONE value only (got ${pin.values.length})`
              : `doc.${field} is used in a get() path: the query must pin it with == or a one-value in`,
          );
      }
      if (info.dynamicDoc) return deny('the rule reads doc[…] with a computed key, which no query pins');
      const keys = [...new Set([...info.docFields].map((p) => pinnedKey(branch, p)))].filter(
        (k): k is string => k !== null,
      );
      const ranges = new Map<string, Range>();
      for (const [f, pin] of branch) if (pin.op === 'range') ranges.set(f, pin.range);
      for (const pinned of combinations(keys, branch)) {
        if (++evaluations > MAX_RULE_EVALUATIONS)
          return deny(`the query needs more than ${MAX_RULE_EVALUATIONS} rule evaluations`);
        const verdict = explainRule(rule, { auth: q.auth, doc: {}, pinned, ranges, now: q.now, get });
        if (!verdict.ok) return deny(verdict.why, verdict.unknown);
      }
    }
  } catch (e) {
    if (e instanceof RuleLimitError) return deny(e.message);
    throw e;
  }
  return { ok: true, reads: reads() };
}
