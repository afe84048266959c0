// The malformed payloads the payload sweep (payload-sweep.test.ts) sends, derived from each
// action's zod schema: for every field, values of the wrong type, database operators, nulls,
// blanks, over-long strings and arrays, bad numbers and broken unicode. Kept apart from the
// test so the generation reads on its own.
import { z } from 'zod';
import type { LocalCloud } from '../../localcloud/cloud';

/** What a field accepts, read off its schema through optional/default/nullable/refine wrappers. */
export interface FieldShape {
  name: string;
  optional: boolean;
  nullable: boolean;
  kinds: Set<'string' | 'enum' | 'number' | 'boolean' | 'array' | 'object'>;
}

/** The object schema under an action's refinements. */
export function objectOf(schema: z.ZodTypeAny): z.AnyZodObject {
  let s: z.ZodTypeAny = schema;
  while (s instanceof z.ZodEffects) s = s._def.schema;
  if (!(s instanceof z.ZodObject)) throw new Error(`not an object schema: ${s.constructor.name}`);
  return s;
}

function leaves(s: z.ZodTypeAny, field: FieldShape): void {
  if (s instanceof z.ZodOptional) {
    field.optional = true;
    leaves(s._def.innerType, field);
  } else if (s instanceof z.ZodDefault) {
    field.optional = true;
    leaves(s._def.innerType, field);
  } else if (s instanceof z.ZodNullable) {
    field.nullable = true;
    leaves(s._def.innerType, field);
  } else if (s instanceof z.ZodEffects) leaves(s._def.schema, field);
  else if (s instanceof z.ZodUnion) for (const o of s._def.options as z.ZodTypeAny[]) leaves(o, field);
  else if (s instanceof z.ZodString) field.kinds.add('string');
  else if (s instanceof z.ZodEnum || s instanceof z.ZodLiteral) field.kinds.add('enum');
  else if (s instanceof z.ZodNumber) field.kinds.add('number');
  else if (s instanceof z.ZodBoolean) field.kinds.add('boolean');
  else if (s instanceof z.ZodArray) field.kinds.add('array');
  else if (s instanceof z.ZodNull) field.nullable = true;
  else if (s instanceof z.ZodObject || s instanceof z.ZodDiscriminatedUnion || s instanceof z.ZodRecord)
    field.kinds.add('object');
  else throw new Error(`field ${field.name}: schema ${s.constructor.name} unknown to the sweep`);
}

export function fieldsOf(schema: z.ZodTypeAny): FieldShape[] {
  return Object.entries(objectOf(schema).shape as Record<string, z.ZodTypeAny>).map(([name, s]) => {
    const field: FieldShape = { name, optional: false, nullable: false, kinds: new Set() };
    leaves(s, field);
    // zod: an optional field also accepts undefined, never null unless declared.
    return field;
  });
}

export const KB10 = 'x'.repeat(10 * 1024);
export const MB1 = '长'.repeat(1024 * 1024);
const IDS_10001 = Array.from({ length: 10_001 }, (_, i) => `e${i}`);

/** Fields whose text is shown to people: one made of invisible characters only must be refused. */
const DISPLAYED = new Set(['name', 'announcement', 'text', 'fileName', 'reason', 'position']);

/** One malformed value for one field, and why it is malformed. */
export interface BadValue {
  label: string;
  value: unknown;
}

/**
 * Values the field must refuse. `huge` numbers are left out for `limit` (api.md: a larger limit is
 * clamped, not refused); blanks only for required strings (an optional '' may mean "none").
 */
export function badValues(f: FieldShape): BadValue[] {
  const out: BadValue[] = [];
  const has = (k: FieldShape['kinds'] extends Set<infer K> ? K : never) => f.kinds.has(k);
  const textual = has('string') || has('enum');
  if (!textual) out.push({ label: 'a string', value: 'x' });
  if (!has('number')) out.push({ label: 'a number', value: 42 });
  if (!has('boolean')) out.push({ label: 'a boolean', value: true }, { label: 'false', value: false });
  if (!has('array')) out.push({ label: 'an array', value: ['x'] });
  if (!has('object')) out.push({ label: 'an object', value: { a: 1 } });
  if (!f.nullable) out.push({ label: 'null', value: null });
  out.push(
    { label: '{$ne: null}', value: { $ne: null } },
    { label: '{$gt: ""}', value: { $gt: '' } },
    { label: '{$regex}', value: { $regex: '.*' } },
  );
  if (textual) {
    out.push(
      { label: '10 kB', value: KB10 },
      { label: '1 MB', value: MB1 },
      { label: 'a lone surrogate', value: '\uD800名' },
      { label: 'a lone low surrogate', value: '名\uDC00' },
      { label: 'a NUL', value: 'g1\u0000' },
      { label: 'only a NUL', value: '\u0000' },
      { label: 'an escape sequence', value: '\u001B[2J名' },
    );
    if (!f.optional) out.push({ label: "''", value: '' }, { label: 'whitespace', value: ' \t\u3000 ' });
    if (DISPLAYED.has(f.name))
      out.push(
        { label: 'zero-width only', value: '\u200B\u200D\uFEFF\u2060' },
        { label: 'bidi controls only', value: '\u202E\u2066\u200F' },
      );
  }
  if (has('object') && !has('array'))
    out.push({ label: 'an object of another shape', value: { mode: 'bogus' } });
  if (f.name === 'fileName') out.push({ label: 'an RLO extension spoof', value: '报销单\u202Excod.exe' });
  if (has('enum') && !has('string')) out.push({ label: 'not one of the values', value: 'bogus' });
  if (has('number'))
    out.push(
      { label: '-1', value: -1 },
      { label: '1.5', value: 1.5 },
      { label: 'NaN', value: NaN },
      { label: 'Infinity', value: Infinity },
      { label: '-Infinity', value: -Infinity },
      { label: 'a numeric string', value: '5' },
    );
  if (has('number') && f.name !== 'limit') out.push({ label: '1e21', value: 1e21 });
  if (has('array'))
    out.push(
      { label: '10,001 ids', value: IDS_10001 },
      { label: '[42]', value: [42] },
      { label: '[null]', value: [null] },
      { label: '[{$ne: null}]', value: [{ $ne: null }] },
      { label: '[10 kB]', value: [KB10] },
    );
  return out;
}

/** A JSON-parsed object keeps `__proto__` as an own key, as a payload from the wire does. */
export const wire = (json: string): Record<string, unknown> => JSON.parse(json) as Record<string, unknown>;

/** Keys that must never reach a schema: prototype pollution, top level and nested. */
export const POLLUTION: BadValue[] = [
  { label: '__proto__ at the top', value: wire('{"__proto__": {"isAdmin": true, "polluted": 1}}') },
  { label: 'constructor.prototype', value: wire('{"constructor": {"prototype": {"polluted": 1}}}') },
  { label: 'prototype', value: wire('{"prototype": {"polluted": 1}}') },
  { label: 'nested __proto__', value: { extra: wire('{"a": {"__proto__": {"polluted": 1}}}') } },
  { label: 'an operator key at the top', value: { $where: 'true' } },
];

const b64 = (json: string) => Buffer.from(json).toString('base64url');

/** Cursors that decode to something no page handed out: refused, never read as a position. */
export const FORGED_CURSORS: BadValue[] = [
  { label: 'not base64', value: '!!not a cursor!!' },
  { label: 'JSON that is not ours', value: b64('{"__proto__":{"polluted":1}}') },
  { label: 'an empty array', value: b64('[]') },
  { label: 'an operator inside', value: b64('[{"$ne":null},"x"]') },
  { label: 'a huge position', value: b64('[1e21,"x"]') },
  { label: 'a negative position', value: b64('[-1,"x"]') },
  { label: 'an object position', value: b64('{"at":1,"id":"x"}') },
];

/** `action` values that name no action (own or inherited from Object.prototype). */
export const UNKNOWN_ACTIONS: unknown[] = [
  'nope',
  '',
  ' me',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'valueOf',
  42,
  null,
  true,
  ['list'],
  { $ne: null },
  undefined,
];

/** Every stored document of every collection, and every stored file. */
export function snapshot(cloud: LocalCloud): string {
  const tables = cloud.db.tables;
  const parts = tables
    .names()
    .sort()
    .map((c) => `${c}:${JSON.stringify(tables.scan(c, {}).docs)}`);
  return `${parts.join('\n')}\nfiles:${cloud.storage.list().sort().join(',')}`;
}
