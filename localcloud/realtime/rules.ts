// CloudBase security rules for client reads, evaluated the way the service does for db.watch():
// the rule files in database-rules/ are the source, parsed by a small interpreter for the subset
// of the rule language we use: string/null/boolean literals, `auth.openid`, `doc.<field>`, `now`,
// `get('database.<collection>.<id>')`, member access, `+`, `==`, `!=`, `&&`, `||`, `!`, parens,
// and for storage rules `resource.<field>` and regex literals with `.test(…)` (docs.cloudbase.net
// → 云存储安全规则 → 正则匹配; a regex result must be compared with `== true` there).
// Anything the interpreter cannot evaluate (a field of a missing document, `+` with an undefined
// operand) denies, as a rule error does on the real service.
import fs from 'fs';
import path from 'path';

export type RuleValue = string | number | boolean | null | undefined | Record<string, unknown>;

export interface RuleContext {
  /** null for a request without a signed-in user. */
  auth: { openid: string } | null;
  doc: Record<string, unknown>;
  /** Storage rules: the file's metadata (owner openid, path without the bucket). */
  resource?: { openid: string; path: string };
  now: number;
  /** Reads `database.<collection>.<id>`; null when missing. */
  get(collection: string, id: string): Record<string, unknown> | null;
}

type Node =
  | { k: 'lit'; v: RuleValue }
  | { k: 'id'; name: string }
  | { k: 'member'; obj: Node; name: string }
  | { k: 'call'; arg: Node }
  | { k: 'regex'; re: RegExp }
  | { k: 'test'; re: Node; arg: Node }
  | { k: 'not'; e: Node }
  | { k: 'bin'; op: string; l: Node; r: Node };

class RuleError extends Error {}

function tokenize(src: string): string[] {
  const out: string[] = [];
  // The grammar has no division, so a `/` always starts a regex literal.
  const re =
    /\s*(?:('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")|(==|!=|&&|\|\||[()+.!])|([A-Za-z_$][\w$]*)|(\d+)|(\/(?:[^/\\\n]|\\.)+\/[gimsu]*))/y;
  let pos = 0;
  while (pos < src.length) {
    if (/^\s*$/.test(src.slice(pos))) break;
    re.lastIndex = pos;
    const m = re.exec(src);
    if (!m) throw new RuleError(`cannot parse rule at ${pos}: ${src.slice(pos, pos + 20)}`);
    out.push(m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5]);
    pos = re.lastIndex;
  }
  return out;
}

export function parseRule(src: string): Node {
  const t = tokenize(src);
  let i = 0;
  const peek = () => t[i];
  const eat = (tok?: string) => {
    const x = t[i++];
    if (tok !== undefined && x !== tok) throw new RuleError(`expected ${tok}, got ${x}`);
    return x;
  };
  const primary = (): Node => {
    const x = eat();
    if (x === undefined) throw new RuleError('unexpected end of rule');
    if (x === '(') {
      const e = or();
      eat(')');
      return e;
    }
    if (x === '!') return { k: 'not', e: postfix() };
    if (x.startsWith("'") || x.startsWith('"'))
      return { k: 'lit', v: x.slice(1, -1).replace(/\\(.)/g, '$1') };
    if (/^\d+$/.test(x)) return { k: 'lit', v: Number(x) };
    if (x.startsWith('/')) {
      const end = x.lastIndexOf('/');
      return { k: 'regex', re: new RegExp(x.slice(1, end), x.slice(end + 1)) };
    }
    if (x === 'null') return { k: 'lit', v: null };
    if (x === 'true' || x === 'false') return { k: 'lit', v: x === 'true' };
    if (x === 'get') {
      eat('(');
      const arg = or();
      eat(')');
      return { k: 'call', arg };
    }
    return { k: 'id', name: x };
  };
  const postfix = (): Node => {
    let n = primary();
    while (peek() === '.') {
      eat('.');
      const name = eat();
      if (name === 'test' && n.k === 'regex' && peek() === '(') {
        eat('(');
        const arg = or();
        eat(')');
        n = { k: 'test', re: n, arg };
      } else n = { k: 'member', obj: n, name };
    }
    return n;
  };
  const binary = (next: () => Node, ops: string[]) => (): Node => {
    let l = next();
    while (ops.includes(peek())) {
      const op = eat();
      l = { k: 'bin', op, l, r: next() };
    }
    return l;
  };
  const add = binary(postfix, ['+']);
  const cmp = binary(add, ['==', '!=']);
  const and = binary(cmp, ['&&']);
  const or = binary(and, ['||']);
  const root = or();
  if (i !== t.length) throw new RuleError(`unexpected ${t[i]}`);
  return root;
}

function evaluate(n: Node, ctx: RuleContext, gets: { n: number }): RuleValue {
  switch (n.k) {
    case 'lit':
      return n.v;
    case 'id':
      if (n.name === 'auth') return ctx.auth as unknown as Record<string, unknown>;
      if (n.name === 'doc') return ctx.doc;
      if (n.name === 'now') return ctx.now;
      if (n.name === 'resource' && ctx.resource) return { ...ctx.resource };
      throw new RuleError(`unknown variable ${n.name}`);
    case 'member': {
      const obj = evaluate(n.obj, ctx, gets);
      if (obj === null || obj === undefined || typeof obj !== 'object')
        throw new RuleError(`.${n.name} of ${String(obj)}`);
      return obj[n.name] as RuleValue;
    }
    case 'call': {
      if (++gets.n > 3) throw new RuleError('more than 3 get() in one rule');
      const p = evaluate(n.arg, ctx, gets);
      const m = typeof p === 'string' ? /^database\.([^.]+)\.(.+)$/.exec(p) : null;
      if (!m) throw new RuleError(`bad get() path ${String(p)}`);
      return ctx.get(m[1], m[2]);
    }
    case 'regex':
      throw new RuleError('a regex is only usable through .test()');
    case 'test': {
      const arg = evaluate(n.arg, ctx, gets);
      if (typeof arg !== 'string') throw new RuleError('.test() of a non-string');
      return (n.re as { k: 'regex'; re: RegExp }).re.test(arg);
    }
    case 'not':
      return !evaluate(n.e, ctx, gets);
    case 'bin': {
      if (n.op === '&&') return !!evaluate(n.l, ctx, gets) && !!evaluate(n.r, ctx, gets);
      if (n.op === '||') return !!evaluate(n.l, ctx, gets) || !!evaluate(n.r, ctx, gets);
      const l = evaluate(n.l, ctx, gets);
      const r = evaluate(n.r, ctx, gets);
      if (n.op === '+') {
        if (l === undefined || r === undefined || l === null || r === null)
          throw new RuleError('+ with a missing value');
        return (l as string) + (r as string);
      }
      // null and a missing field compare equal, as in the rule language.
      const norm = (v: RuleValue) => (v === undefined ? null : v);
      return n.op === '==' ? norm(l) === norm(r) : norm(l) !== norm(r);
    }
  }
}

/** A compiled rule's verdict; any evaluation error denies, as a rule error does on the service. */
export function evaluateRule(rule: Node, ctx: RuleContext): boolean {
  try {
    return !!evaluate(rule, ctx, { n: 0 });
  } catch {
    return false;
  }
}

export interface CollectionRule {
  read: boolean | string;
  write: boolean | string;
}

export class RuleSet {
  private readonly compiled = new Map<string, Node | boolean>();

  constructor(readonly rules: Record<string, CollectionRule>) {
    for (const [c, r] of Object.entries(rules))
      this.compiled.set(c, typeof r.read === 'boolean' ? r.read : parseRule(r.read));
  }

  /** Reads the rule files; a collection without a file is unreadable (CloudBase's safe default). */
  static fromDir(dir = path.resolve(__dirname, '../../database-rules')): RuleSet {
    const rules: Record<string, CollectionRule> = {};
    for (const f of fs.readdirSync(dir)) {
      if (f.endsWith('.json'))
        rules[f.slice(0, -5)] = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as CollectionRule;
    }
    return new RuleSet(rules);
  }

  canRead(collection: string, ctx: RuleContext): boolean {
    const rule = this.compiled.get(collection);
    if (rule === undefined || rule === false) return false;
    if (rule === true) return true;
    return evaluateRule(rule, ctx);
  }
}
