// Parser of CloudBase's security-rule expressions, and the limits CloudBase checks on a rule's
// text (docs.cloudbase.net/rule/introduce → 使用限制; docs.cloudbase.net/rule/reference/function →
// get → 使用限制):
//   - an expression is at most 1,024 characters;
//   - at most 3 get() in one expression, nested at most 2 deep (get(get(path)) but no deeper).
// The grammar is the documented one: string, number, boolean and null literals, array literals
// (numbers and strings), template strings (`database.B.${doc.shopId}`), the variables auth, doc,
// now (and resource for storage rules), member access `.x` and `[expr]`, get(path), unary `!` `-`,
// `+ -`, `< <= > >= in`, `== !=`, `&&`, `||` and parens. Storage rules also use regex literals
// with `.test(…)` (docs.cloudbase.net → 云存储安全规则 → 正则匹配); the grammar has no division,
// so a `/` always starts a regex literal.
// Browser-safe: no imports.

export type RuleValue = string | number | boolean | null | undefined | RuleValue[] | Record<string, unknown>;

export type Node =
  | { k: 'lit'; v: RuleValue }
  | { k: 'array'; items: Node[] }
  | { k: 'template'; parts: (string | Node)[] }
  | { k: 'id'; name: string }
  | { k: 'member'; obj: Node; name: string }
  | { k: 'index'; obj: Node; key: Node }
  | { k: 'call'; arg: Node }
  | { k: 'regex'; re: RegExp }
  | { k: 'test'; re: Node; arg: Node }
  | { k: 'unary'; op: '!' | '-'; e: Node }
  | { k: 'bin'; op: string; l: Node; r: Node };

/** CloudBase's limits on one rule expression. */
export const RULE_LIMITS = { maxLength: 1024, maxGets: 3, maxGetDepth: 2 } as const;

/** A rule CloudBase would not accept (the console refuses to save it). */
export class RuleSyntaxError extends Error {}

const TOKEN =
  /\s*(?:('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")|(`(?:[^`\\]|\\.)*`)|(==|!=|<=|>=|&&|\|\||[()[\],+\-.!<>])|([A-Za-z_$][\w$]*)|(\d+(?:\.\d+)?)|(\/(?:[^/\\\n]|\\.)+\/[gimsu]*))/y;

function tokenize(src: string): string[] {
  const out: string[] = [];
  let pos = 0;
  while (pos < src.length) {
    if (/^\s*$/.test(src.slice(pos))) break;
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(src);
    if (!m) throw new RuleSyntaxError(`cannot parse rule at ${pos}: ${src.slice(pos, pos + 20)}`);
    out.push(m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5] ?? m[6]);
    pos = TOKEN.lastIndex;
  }
  return out;
}

/** `a ${expr} b` → ['a ', Node, ' b'] (the `${…}` may not itself contain braces). */
function templateParts(body: string): (string | Node)[] {
  const parts: (string | Node)[] = [];
  const re = /\$\{([^{}]*)\}/g;
  let last = 0;
  for (let m = re.exec(body); m; m = re.exec(body)) {
    if (m.index > last) parts.push(body.slice(last, m.index));
    parts.push(parseExpression(m[1]));
    last = m.index + m[0].length;
  }
  if (last < body.length) parts.push(body.slice(last));
  return parts;
}

function parseExpression(src: string): Node {
  const t = tokenize(src);
  let i = 0;
  const peek = () => t[i];
  const eat = (tok?: string) => {
    const x = t[i++];
    if (tok !== undefined && x !== tok) throw new RuleSyntaxError(`expected ${tok}, got ${x}`);
    return x;
  };
  const primary = (): Node => {
    const x = eat();
    if (x === undefined) throw new RuleSyntaxError('unexpected end of rule');
    if (x === '(') {
      const e = or();
      eat(')');
      return e;
    }
    if (x === '[') {
      const items: Node[] = [];
      while (peek() !== ']') {
        items.push(or());
        if (peek() === ',') eat(',');
        else break;
      }
      eat(']');
      return { k: 'array', items };
    }
    if (x === '!' || x === '-') return { k: 'unary', op: x, e: unary() };
    if (x === '+') return unary();
    if (x.startsWith("'") || x.startsWith('"'))
      return { k: 'lit', v: x.slice(1, -1).replace(/\\(.)/g, '$1') };
    if (x.startsWith('`')) return { k: 'template', parts: templateParts(x.slice(1, -1)) };
    if (/^\d/.test(x)) return { k: 'lit', v: Number(x) };
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
    if (!/^[A-Za-z_$]/.test(x)) throw new RuleSyntaxError(`unexpected ${x}`);
    return { k: 'id', name: x };
  };
  const postfix = (): Node => {
    let n = primary();
    for (;;) {
      if (peek() === '.') {
        eat('.');
        const name = eat();
        if (name === 'test' && n.k === 'regex' && peek() === '(') {
          eat('(');
          const arg = or();
          eat(')');
          n = { k: 'test', re: n, arg };
        } else n = { k: 'member', obj: n, name };
      } else if (peek() === '[') {
        eat('[');
        const key = or();
        eat(']');
        n = { k: 'index', obj: n, key };
      } else return n;
    }
  };
  const unary = (): Node => postfix();
  const binary = (next: () => Node, ops: string[]) => (): Node => {
    let l = next();
    while (ops.includes(peek())) {
      const op = eat();
      l = { k: 'bin', op, l, r: next() };
    }
    return l;
  };
  const add = binary(unary, ['+', '-']);
  const rel = binary(add, ['<', '<=', '>', '>=', 'in']);
  const eq = binary(rel, ['==', '!=']);
  const and = binary(eq, ['&&']);
  const or = binary(and, ['||']);
  const root = or();
  if (i !== t.length) throw new RuleSyntaxError(`unexpected ${t[i]}`);
  return root;
}

function children(n: Node): Node[] {
  switch (n.k) {
    case 'array':
      return n.items;
    case 'template':
      return n.parts.filter((p): p is Node => typeof p !== 'string');
    case 'member':
      return [n.obj];
    case 'index':
      return [n.obj, n.key];
    case 'call':
      return [n.arg];
    case 'test':
      return [n.re, n.arg];
    case 'unary':
      return [n.e];
    case 'bin':
      return [n.l, n.r];
    default:
      return [];
  }
}

/** The `doc.<path>` a node reads statically (`doc.a.b` → 'a.b'); null when it is not one. */
export function docPath(n: Node): string | null {
  if (n.k !== 'member') return null;
  if (n.obj.k === 'id' && n.obj.name === 'doc') return n.name;
  const inner = docPath(n.obj);
  return inner === null ? null : `${inner}.${n.name}`;
}

/** Every doc field path read under `n` (outermost paths only: `doc.a.b` gives 'a.b', not 'a'). */
export function docPaths(n: Node, out = new Set<string>()): Set<string> {
  const p = docPath(n);
  if (p !== null) out.add(p);
  else for (const c of children(n)) docPaths(c, out);
  return out;
}

function walk(n: Node, visit: (n: Node, getDepth: number) => void, depth = 0): void {
  const d = n.k === 'call' ? depth + 1 : depth;
  visit(n, d);
  for (const c of children(n)) walk(c, visit, d);
}

/** What the limits need to know about a parsed rule. */
export interface RuleInfo {
  gets: number;
  getDepth: number;
  /** doc fields a get() path is built from (each must be pinned to ONE value by the query). */
  getDocFields: Set<string>;
  /** doc fields the rule reads anywhere. */
  docFields: Set<string>;
  /** The rule reads doc with a computed key (doc[x]): no query can pin it. */
  dynamicDoc: boolean;
}

export function ruleInfo(root: Node): RuleInfo {
  const info: RuleInfo = {
    gets: 0,
    getDepth: 0,
    getDocFields: new Set(),
    docFields: docPaths(root),
    dynamicDoc: false,
  };
  walk(root, (n, depth) => {
    if (n.k === 'call') {
      info.gets++;
      info.getDepth = Math.max(info.getDepth, depth);
      docPaths(n.arg, info.getDocFields);
    }
    if (n.k === 'index' && n.obj.k === 'id' && n.obj.name === 'doc') info.dynamicDoc = true;
  });
  return info;
}

/**
 * Parses a rule and checks CloudBase's limits on its text; throws RuleSyntaxError for a rule the
 * console would refuse.
 */
export function parseRule(src: string): Node {
  if (src.length > RULE_LIMITS.maxLength)
    throw new RuleSyntaxError(
      `rule is ${src.length} characters; CloudBase allows ${RULE_LIMITS.maxLength} per expression`,
    );
  const root = parseExpression(src);
  const info = ruleInfo(root);
  if (info.gets > RULE_LIMITS.maxGets)
    throw new RuleSyntaxError(`rule uses ${info.gets} get(); CloudBase allows ${RULE_LIMITS.maxGets}`);
  if (info.getDepth > RULE_LIMITS.maxGetDepth)
    throw new RuleSyntaxError(
      `get() nested ${info.getDepth} deep; CloudBase allows ${RULE_LIMITS.maxGetDepth} (get(get(path)))`,
    );
  return root;
}
