// Values on the wire are EJSON strings (relaxed: false); documents at rest are relaxed EJSON text,
// so dates and regexes survive a restart and plain numbers/strings stay readable by SQLite's
// json_extract (which is what the expression indexes are built on).
import path from 'path';

// Resolve the very `bson` copy the SDK uses, so EJSON types match what it sends.
const sdkPath = require.resolve('wx-server-sdk');
const nodeSdkPath = require.resolve('@cloudbase/node-sdk', { paths: [path.dirname(sdkPath)] });
export const cloudbaseDatabasePath = require.resolve('@cloudbase/database', {
  paths: [path.dirname(nodeSdkPath)],
});

const bson = require(require.resolve('bson', { paths: [path.dirname(cloudbaseDatabasePath)] }));
const EJSON = bson.EJSON as {
  parse(text: string, options?: { relaxed?: boolean }): unknown;
  stringify(value: unknown, options?: { relaxed?: boolean }): string;
};
export const calculateObjectSize = bson.calculateObjectSize as (doc: unknown) => number;

export type Doc = Record<string, unknown> & { _id?: unknown };

interface BsonLike {
  _bsontype?: string;
  pattern?: string;
  options?: string;
  toNumber?: () => number;
}

/** Turns parsed EJSON into the plain JS values mingo works on; resolves db.serverDate(). */
export function toPlain(value: unknown, now: number): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date || value instanceof RegExp) return value;
  const b = value as BsonLike;
  if (b._bsontype === 'BSONRegExp')
    return new RegExp(b.pattern ?? '', (b.options ?? '').replace(/[^imsu]/g, ''));
  if (b._bsontype === 'Long' || b._bsontype === 'Int32' || b._bsontype === 'Double')
    return Number(b.toNumber ? b.toNumber() : value);
  if (b._bsontype) return value;
  if (Array.isArray(value)) return value.map((v) => toPlain(v, now));
  const record = value as Record<string, unknown>;
  const serverDate = record.$tcb_server_date as { offset?: number } | undefined;
  if (serverDate && Object.keys(record).length === 1) return new Date(now + (serverDate.offset ?? 0));
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(record)) out[key] = toPlain(record[key], now);
  return out;
}

/** Decodes one wire parameter (an EJSON string) into plain values. */
export function decodeWire(text: string | undefined, now: number): Doc {
  if (text === undefined || text === '') return {};
  return decodeValue(text, now) as Doc;
}

/** Decodes any EJSON value (aggregate stages may be bare numbers, like `$limit: 10`). */
export function decodeValue(text: string, now: number): unknown {
  return toPlain(EJSON.parse(text, { relaxed: false }), now);
}

/** Encodes a result document the way the service does (canonical EJSON). */
export function encodeWire(doc: unknown): string {
  return EJSON.stringify(doc, { relaxed: false });
}

/** True when JSON.stringify writes exactly what relaxed EJSON would (no dates, regexes, -0, NaN…). */
function isPlainJson(value: unknown): boolean {
  if (value === null) return true;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0);
    case 'object': {
      if (Array.isArray(value)) return value.every(isPlainJson);
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return false;
      for (const key in value as Record<string, unknown>) {
        const v = (value as Record<string, unknown>)[key];
        if (v === undefined || key.startsWith('$') || !isPlainJson(v)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

// Most documents are plain JSON; EJSON's per-key work is only paid by those that are not.
export function encodeStored(doc: Doc): string {
  return isPlainJson(doc) ? JSON.stringify(doc) : EJSON.stringify(doc, { relaxed: true });
}

export function decodeStored(text: string): Doc {
  // Relaxed EJSON marks every special value with a "$…" key; text without one is plain JSON.
  if (!text.includes('"$')) return JSON.parse(text) as Doc;
  return toPlain(EJSON.parse(text, { relaxed: true }), 0) as Doc;
}

/** The primary-key column holds the JSON text of `_id`, so `1` and `"1"` stay distinct. */
export function idKey(id: unknown): string {
  return JSON.stringify(id);
}
