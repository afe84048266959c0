// Value helpers with MongoDB's meaning: which values are documents, BSON equality and order,
// and how the server prints a value inside an error message.

export type Plain = Record<string, unknown>;

// Tag checks rather than instanceof: structuredClone makes dates in Node's own realm, which under
// jest is not the test's realm.
const tag = (v: unknown): string => Object.prototype.toString.call(v);
export const isDate = (v: unknown): v is Date => tag(v) === '[object Date]';
const isRegExp = (v: unknown): v is RegExp => tag(v) === '[object RegExp]';

/** An embedded document: a plain object, not an array, date, regex or BSON wrapper. */
export function isDocument(v: unknown): v is Plain {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  if (isDate(v) || isRegExp(v)) return false;
  return !(v as { _bsontype?: string })._bsontype;
}

/** MongoDB's type names, as its error messages spell them. */
export function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'missing';
  if (typeof v === 'number') return Number.isInteger(v) && Math.abs(v) < 2 ** 31 ? 'int' : 'double';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return 'array';
  if (isDate(v)) return 'date';
  if (isRegExp(v)) return 'regex';
  const bsonType = (v as { _bsontype?: string })._bsontype;
  if (bsonType) return bsonType.toLowerCase();
  return 'object';
}

// BSON comparison order (numbers < strings < objects < arrays < … < booleans < dates < regexes).
const TYPE_RANK: Record<string, number> = {
  missing: 0,
  null: 1,
  int: 2,
  double: 2,
  string: 3,
  object: 4,
  array: 5,
  binary: 6,
  objectid: 7,
  bool: 8,
  date: 9,
  timestamp: 10,
  regex: 11,
};

const rank = (v: unknown): number => TYPE_RANK[typeName(v)] ?? 6;

/** BSON ordering: <0, 0, >0. Documents compare field by field in order, like the server. */
export function compareValues(a: unknown, b: unknown): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (typeof a === 'number' && typeof b === 'number') return a === b ? 0 : a < b ? -1 : 1;
  if (typeof a === 'string' && typeof b === 'string') return a === b ? 0 : a < b ? -1 : 1;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  if (isDate(a) && isDate(b)) return a.getTime() - b.getTime();
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const c = compareValues(a[i], b[i]);
      if (c !== 0) return c;
    }
    return a.length - b.length;
  }
  if (isDocument(a) && isDocument(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    for (let i = 0; i < Math.min(ka.length, kb.length); i++) {
      const c = compareValues(a[ka[i]], b[kb[i]]);
      if (c !== 0) return c;
      if (ka[i] !== kb[i]) return ka[i] < kb[i] ? -1 : 1;
    }
    return ka.length - kb.length;
  }
  const sa = String(a);
  const sb = String(b);
  return sa === sb ? 0 : sa < sb ? -1 : 1;
}

/** BSON equality: field order matters in documents, 1 equals 1.0. */
export const sameValue = (a: unknown, b: unknown): boolean => compareValues(a, b) === 0;

/** A value as the server prints it inside messages: `{a: null}`, `"x"`, `[ 1, 2 ]`, `{ b: 1 }`. */
export function show(v: unknown): string {
  if (v === undefined) return 'missing';
  if (v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return v.length ? `[ ${v.map(show).join(', ')} ]` : '[]';
  if (isDate(v)) return `new Date(${v.getTime()})`;
  if (isDocument(v)) {
    const keys = Object.keys(v);
    return keys.length ? `{ ${keys.map((k) => `${k}: ${show(v[k])}`).join(', ')} }` : '{}';
  }
  return String(v);
}

/** `{field: value}` as the server prints the element a path stopped at. */
export const showElement = (field: string, v: unknown): string => `{${field}: ${show(v)}}`;
