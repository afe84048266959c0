// CloudBase security rules for client reads: the rule files in database-rules/ are the source,
// parsed by ./ruleParser.ts (which also checks CloudBase's limits on a rule's text) and evaluated
// here. Two ways to evaluate, as on the service (docs.cloudbase.net/database/security-rules:
// "doc: 文档数据或查询条件"):
//   - against a query (`pinned`, ./queryRules.ts): `doc.x` is the value the query pins x to, and a
//     field the query does not pin is unknown — the query is not a subset of the rule;
//   - against a document (`doc`; storage rules use `resource`).
// Anything the interpreter cannot evaluate (a field of a missing document, `+` with an undefined
// operand) denies, as a rule error does on the real service. A doc field the query does not pin is
// unknown, in three-valued logic: `unknown || true` allows (the docs' own example,
// `doc.published == true || doc.author == auth.openid`, is satisfied by a query on either field
// alone), `unknown && false` is false, and anything else unknown denies.
// Browser-safe apart from RuleSet.fromDir.
import fs from 'fs';
import path from 'path';
import { decide, type Range } from './ranges';
import { docPath, parseRule, RuleSyntaxError, type Node, type RuleValue } from './ruleParser';

export { parseRule, RuleSyntaxError, type Node, type RuleValue };

export interface RuleContext {
  /** null for a request without a signed-in user. */
  auth: { openid: string } | null;
  /** Evaluation against a document: the document. */
  doc: Record<string, unknown>;
  /** Evaluation against a query: the value the query pins each doc field path to. */
  pinned?: Map<string, unknown>;
  /** Evaluation against a query: the ranges it bounds doc fields to (a comparison may be decided). */
  ranges?: Map<string, Range>;
  /** Storage rules: the file's metadata (owner openid, path without the bucket). */
  resource?: { openid: string; path: string };
  now: number;
  /** Reads `database.<collection>.<id>`; null when missing. May throw RuleLimitError. */
  get(collection: string, id: string): Record<string, unknown> | null;
}

class RuleError extends Error {}

/** The rule reads a doc field the query does not pin: the query is not a subset of the rule. */
export class UnknownField extends Error {
  constructor(readonly field: string) {
    super(`the query does not constrain doc.${field}, which the rule reads`);
  }
}

/** A CloudBase limit on evaluating a rule (documents read by get()); refuses the whole request. */
export class RuleLimitError extends Error {}

function readDocPath(ctx: RuleContext, p: string): RuleValue {
  const walk = (v: unknown, rest: string[]): RuleValue => {
    for (const k of rest) {
      if (v === null || v === undefined || typeof v !== 'object') return undefined;
      v = (v as Record<string, unknown>)[k];
    }
    return v as RuleValue;
  };
  const parts = p.split('.');
  if (!ctx.pinned) return walk(ctx.doc, parts);
  for (let n = parts.length; n > 0; n--) {
    const prefix = parts.slice(0, n).join('.');
    if (ctx.pinned.has(prefix)) return walk(ctx.pinned.get(prefix), parts.slice(n));
  }
  throw new UnknownField(p);
}

const same = (a: RuleValue, b: RuleValue): boolean => {
  // null and a missing field compare equal, as in the rule language.
  const x = a === undefined ? null : a;
  const y = b === undefined ? null : b;
  if (x === null || y === null || typeof x !== 'object' || typeof y !== 'object') return x === y;
  return JSON.stringify(x) === JSON.stringify(y);
};

function property(obj: RuleValue, key: RuleValue): RuleValue {
  if (obj === null || obj === undefined || typeof obj !== 'object')
    throw new RuleError(`[${String(key)}] of ${String(obj)}`);
  return (obj as Record<string, unknown>)[String(key)] as RuleValue;
}

function evaluate(n: Node, ctx: RuleContext): RuleValue {
  switch (n.k) {
    case 'lit':
      return n.v;
    case 'array':
      return n.items.map((i) => evaluate(i, ctx));
    case 'template':
      return n.parts
        .map((p) => {
          if (typeof p === 'string') return p;
          const v = evaluate(p, ctx);
          if (v === null || v === undefined || typeof v === 'object')
            throw new RuleError('template with a missing value');
          return String(v);
        })
        .join('');
    case 'id':
      if (n.name === 'auth') return ctx.auth as unknown as Record<string, unknown>;
      if (n.name === 'doc') {
        if (ctx.pinned) throw new UnknownField('*');
        return ctx.doc;
      }
      if (n.name === 'now') return ctx.now;
      if (n.name === 'resource' && ctx.resource) return { ...ctx.resource };
      throw new RuleError(`unknown variable ${n.name}`);
    case 'member': {
      const p = docPath(n);
      if (p !== null) return readDocPath(ctx, p);
      return property(evaluate(n.obj, ctx), n.name);
    }
    case 'index':
      return property(evaluate(n.obj, ctx), evaluate(n.key, ctx));
    case 'call': {
      const p = evaluate(n.arg, ctx);
      const m = typeof p === 'string' ? /^database\.([^.]+)\.(.+)$/.exec(p) : null;
      if (!m) throw new RuleError(`bad get() path ${String(p)}`);
      return ctx.get(m[1], m[2]);
    }
    case 'regex':
      throw new RuleError('a regex is only usable through .test()');
    case 'test': {
      const arg = evaluate(n.arg, ctx);
      if (typeof arg !== 'string') throw new RuleError('.test() of a non-string');
      return (n.re as { k: 'regex'; re: RegExp }).re.test(arg);
    }
    case 'unary': {
      const v = evaluate(n.e, ctx);
      if (n.op === '!') return !v;
      if (typeof v !== 'number') throw new RuleError('- of a non-number');
      return -v;
    }
    case 'bin':
      return binary(n.op, n.l, n.r, ctx);
  }
}

/**
 * `&&` and `||` in three-valued logic over unknown doc fields: a side that is decided decides
 * when it can (true for `||`, false for `&&`); otherwise an unknown side keeps the result unknown,
 * so `!` of it stays unknown and denies.
 */
function logical(op: '&&' | '||', sides: Node[], ctx: RuleContext): boolean {
  const decisive = op === '||';
  let unknown: UnknownField | null = null;
  for (const side of sides) {
    try {
      if (!!evaluate(side, ctx) === decisive) return decisive;
    } catch (e) {
      if (!(e instanceof UnknownField)) throw e;
      unknown = e;
    }
  }
  if (unknown) throw unknown;
  return !decisive;
}

/** `doc.x < v` (either way round) for a field the query bounds: decided over the whole range. */
function rangeComparison(op: string, ln: Node, rn: Node, ctx: RuleContext): boolean | undefined {
  if (!ctx.ranges || !['<', '<=', '>', '>='].includes(op)) return undefined;
  for (const [field, other, onRight] of [
    [ln, rn, false],
    [rn, ln, true],
  ] as const) {
    const p = docPath(field);
    const range = p === null || ctx.pinned?.has(p) ? undefined : ctx.ranges.get(p);
    if (!range) continue;
    const verdict = decide(range, op, evaluate(other, ctx), onRight);
    if (verdict === null) throw new UnknownField(p as string);
    return verdict;
  }
  return undefined;
}

function binary(op: string, ln: Node, rn: Node, ctx: RuleContext): RuleValue {
  if (op === '&&' || op === '||') return logical(op, [ln, rn], ctx);
  const ranged = rangeComparison(op, ln, rn, ctx);
  if (ranged !== undefined) return ranged;
  const l = evaluate(ln, ctx);
  const r = evaluate(rn, ctx);
  switch (op) {
    case '==':
      return same(l, r);
    case '!=':
      return !same(l, r);
    case 'in':
      if (!Array.isArray(r)) throw new RuleError('in needs an array on its right');
      return r.some((x) => same(l, x));
    case '+':
      if (l === undefined || r === undefined || l === null || r === null)
        throw new RuleError('+ with a missing value');
      return typeof l === 'number' && typeof r === 'number' ? l + r : String(l) + String(r);
    default: {
      const comparable = (v: RuleValue) => typeof v === 'number' || typeof v === 'string';
      if (!comparable(l) || !comparable(r) || typeof l !== typeof r)
        throw new RuleError(`${op} of ${typeof l} and ${typeof r}`);
      const [a, b] = [l as number, r as number];
      if (op === '-') return a - b;
      if (op === '<') return a < b;
      if (op === '<=') return a <= b;
      if (op === '>') return a > b;
      if (op === '>=') return a >= b;
      throw new RuleError(`unknown operator ${op}`);
    }
  }
}

/**
 * A compiled rule's verdict; any evaluation error denies, as a rule error does on the service.
 * RuleLimitError is not an error of the rule but of the request: it propagates.
 */
export function evaluateRule(rule: Node, ctx: RuleContext): boolean {
  try {
    return !!evaluate(rule, ctx);
  } catch (e) {
    if (e instanceof RuleLimitError) throw e;
    return false;
  }
}

/** Like evaluateRule, but says why a query-level evaluation denied (for the error message). */
export function explainRule(
  rule: Node,
  ctx: RuleContext,
): { ok: true } | { ok: false; why: string; unknown: boolean } {
  try {
    return evaluate(rule, ctx)
      ? { ok: true }
      : { ok: false, why: 'the rule evaluates to false', unknown: false };
  } catch (e) {
    if (e instanceof RuleLimitError) throw e;
    return { ok: false, why: (e as Error).message, unknown: e instanceof UnknownField };
  }
}

export interface CollectionRule {
  read: boolean | string;
  write: boolean | string;
}

export type CompiledRule = Node | boolean;

export class RuleSet {
  private readonly compiled = new Map<string, CompiledRule | RuleSyntaxError>();

  constructor(readonly rules: Record<string, CollectionRule>) {
    for (const [c, r] of Object.entries(rules)) {
      try {
        this.compiled.set(c, typeof r.read === 'boolean' ? r.read : parseRule(r.read));
      } catch (e) {
        this.compiled.set(c, e instanceof RuleSyntaxError ? e : new RuleSyntaxError(String(e)));
      }
    }
  }

  /**
   * Reads the rule files; a collection without a file is unreadable (CloudBase's safe default).
   * A rule CloudBase's console would refuse (syntax, length, get() count or depth) fails here.
   */
  static fromDir(dir = path.resolve(__dirname, '../../database-rules')): RuleSet {
    const rules: Record<string, CollectionRule> = {};
    for (const f of fs.readdirSync(dir)) {
      if (f.endsWith('.json'))
        rules[f.slice(0, -5)] = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as CollectionRule;
    }
    const set = new RuleSet(rules);
    const invalid = [...set.compiled].filter(([, r]) => r instanceof RuleSyntaxError);
    if (invalid.length)
      throw new RuleSyntaxError(
        invalid.map(([c, e]) => `database-rules/${c}.json: ${(e as Error).message}`).join('; '),
      );
    return set;
  }

  /** The compiled read rule: false when there is none, the syntax error when it is invalid. */
  readRule(collection: string): CompiledRule | RuleSyntaxError {
    return this.compiled.get(collection) ?? false;
  }

  /** Evaluates the read rule against one document. */
  canRead(collection: string, ctx: RuleContext): boolean {
    const rule = this.readRule(collection);
    if (rule instanceof RuleSyntaxError || rule === false) return false;
    if (rule === true) return true;
    return evaluateRule(rule, ctx);
  }
}
