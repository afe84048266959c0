// Update operators with MongoDB's rules, not mingo's kinder ones: CloudBase runs MongoDB, so a
// dotted $set through null, two operators on overlapping paths, $inc on a string or $push on a
// non-array fail there, and must fail here too, with MongoDB's error codes (see
// test/localcloud/mongo-semantics.test.ts for each rule and where it is documented).
import mingo from 'mingo';
import { MongoError } from './mongoError';
import { compareValues, isDocument, sameValue, show, showElement, typeName, type Plain } from './values';

const BadValue = (m: string) => new MongoError(2, 'BadValue', m);
const FailedToParse = (m: string) => new MongoError(9, 'FailedToParse', m);
const TypeMismatch = (m: string) => new MongoError(14, 'TypeMismatch', m);
const PathNotViable = (m: string) => new MongoError(28, 'PathNotViable', m);
const ConflictingUpdateOperators = (m: string) => new MongoError(40, 'ConflictingUpdateOperators', m);
const EmptyFieldName = (m: string) => new MongoError(56, 'EmptyFieldName', m);
const ImmutableField = (m: string) => new MongoError(66, 'ImmutableField', m);

const OPERATORS = [
  '$set',
  '$unset',
  '$inc',
  '$mul',
  '$min',
  '$max',
  '$rename',
  '$push',
  '$addToSet',
  '$pop',
  '$pull',
  '$pullAll',
  '$bit',
] as const;
type Operator = (typeof OPERATORS)[number];

const isIndex = (part: string): boolean => /^(0|[1-9][0-9]*)$/.test(part);

/** Where a path ends: the container holding the last field, and that field's name. */
interface Slot {
  parent: Plain | unknown[];
  key: string;
}

const getIn = (slot: Slot): unknown =>
  Array.isArray(slot.parent) ? slot.parent[Number(slot.key)] : slot.parent[slot.key];

const has = (slot: Slot): boolean =>
  Array.isArray(slot.parent)
    ? Number(slot.key) < slot.parent.length
    : Object.prototype.hasOwnProperty.call(slot.parent, slot.key);

function setIn(slot: Slot, value: unknown): void {
  if (Array.isArray(slot.parent)) {
    const i = Number(slot.key);
    // $set past the end pads with nulls, as MongoDB does.
    while (slot.parent.length < i) slot.parent.push(null);
    slot.parent[i] = value;
  } else slot.parent[slot.key] = value;
}

/**
 * Walks `path` in `doc`. With `create`, missing documents on the way are made (MongoDB builds the
 * embedded documents a dotted path needs); a field that holds null, a scalar, or an array reached
 * by a non-numeric name cannot hold a field, which is code 28. Without `create`, such a path
 * answers null (nothing to do).
 */
function resolve(doc: Plain, path: string, create: boolean): Slot | null {
  const parts = path.split('.');
  let container: Plain | unknown[] = doc;
  let containerName = '';
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (Array.isArray(container) && !isIndex(part)) {
      if (!create) return null;
      throw PathNotViable(
        `Cannot create field '${part}' in element ${showElement(containerName, container)}`,
      );
    }
    const slot: Slot = { parent: container, key: part };
    if (i === parts.length - 1) return slot;
    let next = has(slot) ? getIn(slot) : undefined;
    if (next === undefined) {
      if (!create) return null;
      next = {};
      setIn(slot, next);
    } else if (!isDocument(next) && !Array.isArray(next)) {
      if (!create) return null;
      throw PathNotViable(`Cannot create field '${parts[i + 1]}' in element ${showElement(part, next)}`);
    }
    container = next as Plain | unknown[];
    containerName = part;
  }
  return null;
}

/** Code 40: no two paths of one update may be equal or one a prefix of the other. */
function checkConflicts(paths: string[]): void {
  const seen: string[] = [];
  for (const path of paths) {
    for (const other of seen) {
      const [short, long] = path.length <= other.length ? [path, other] : [other, path];
      if (long === short || long.startsWith(`${short}.`)) {
        throw ConflictingUpdateOperators(`Updating the path '${path}' would create a conflict at '${short}'`);
      }
    }
    seen.push(path);
  }
}

function checkPath(path: string): void {
  if (path === '' || path.split('.').some((p) => p === '')) {
    throw EmptyFieldName(`An empty update path is not valid.`);
  }
  if (path.split('.').some((p) => p === '$' || p.startsWith('$['))) {
    // The positional operators need the matched query; the app never uses them.
    throw BadValue(`local cloud: positional update paths are not supported ('${path}')`);
  }
}

const idOf = (doc: Plain): string => `{_id: ${show(doc._id)}}`;

function arithmetic(op: '$inc' | '$mul', doc: Plain, path: string, arg: unknown): void {
  const verb = op === '$inc' ? 'increment' : 'multiply';
  if (typeof arg !== 'number') {
    throw TypeMismatch(`Cannot ${verb} with non-numeric argument: ${showElement(path, arg)}`);
  }
  const slot = resolve(doc, path, true) as Slot;
  if (!has(slot)) {
    setIn(slot, op === '$inc' ? arg : 0);
    return;
  }
  const current = getIn(slot);
  if (typeof current !== 'number') {
    throw TypeMismatch(
      `Cannot apply ${op} to a value of non-numeric type. ${idOf(doc)} has the field '${slot.key}' of non-numeric type ${typeName(current)}`,
    );
  }
  setIn(slot, op === '$inc' ? current + arg : current * arg);
}

/** The `$each` list of $push/$addToSet, or the single value. */
function eachOf(op: string, arg: unknown): { items: unknown[]; mods: Plain } {
  if (isDocument(arg) && Object.prototype.hasOwnProperty.call(arg, '$each')) {
    if (!Array.isArray(arg.$each)) {
      throw BadValue(
        `The argument to $each in ${op} must be an array but it was of type: ${typeName(arg.$each)}`,
      );
    }
    return { items: structuredClone(arg.$each), mods: arg };
  }
  return { items: [structuredClone(arg)], mods: {} };
}

function push(doc: Plain, path: string, arg: unknown): void {
  const { items, mods } = eachOf('$push', arg);
  const slot = resolve(doc, path, true) as Slot;
  const current = has(slot) ? getIn(slot) : [];
  if (!Array.isArray(current)) {
    throw BadValue(
      `The field '${path}' must be an array but is of type ${typeName(current)} in document ${idOf(doc)}`,
    );
  }
  const list = [...current];
  let at = list.length;
  if (mods.$position !== undefined) {
    if (typeof mods.$position !== 'number' || !Number.isInteger(mods.$position)) {
      throw BadValue(
        `The value for $position must be an integer value, not of type: ${typeName(mods.$position)}`,
      );
    }
    at =
      mods.$position < 0 ? Math.max(0, list.length + mods.$position) : Math.min(mods.$position, list.length);
  }
  list.splice(at, 0, ...items);
  if (mods.$sort !== undefined) {
    const spec = mods.$sort;
    const sorted = isDocument(spec)
      ? (mingo
          .find(list as Plain[], {})
          .sort(spec as Record<string, 1 | -1>)
          .all() as unknown[])
      : [...list].sort((a, b) => (spec === -1 ? -1 : 1) * compareValues(a, b));
    list.splice(0, list.length, ...sorted);
  }
  if (mods.$slice !== undefined) {
    const n = mods.$slice;
    if (typeof n !== 'number' || !Number.isInteger(n)) {
      throw BadValue(`The value for $slice must be an integer value but was given type: ${typeName(n)}`);
    }
    const kept = n >= 0 ? list.slice(0, n) : list.slice(Math.max(0, list.length + n));
    list.splice(0, list.length, ...kept);
  }
  setIn(slot, list);
}

function addToSet(doc: Plain, path: string, arg: unknown): void {
  const { items } = eachOf('$addToSet', arg);
  const slot = resolve(doc, path, true) as Slot;
  const current = has(slot) ? getIn(slot) : [];
  if (!Array.isArray(current)) {
    throw BadValue(
      `Cannot apply $addToSet to non-array field. Field named '${slot.key}' has non-array type ${typeName(current)}`,
    );
  }
  const list = [...current];
  for (const item of items) if (!list.some((v) => sameValue(v, item))) list.push(item);
  setIn(slot, list);
}

function pop(doc: Plain, path: string, arg: unknown): void {
  if (arg !== 1 && arg !== -1) throw FailedToParse(`$pop expects 1 or -1, found: ${show(arg)}`);
  const slot = resolve(doc, path, false);
  if (!slot || !has(slot)) return;
  const current = getIn(slot);
  if (!Array.isArray(current)) {
    throw TypeMismatch(`Path '${path}' contains an element of non-array type '${typeName(current)}'`);
  }
  setIn(slot, arg === 1 ? current.slice(0, -1) : current.slice(1));
}

/** $pull's test for one element: a condition object is a query, anything else equality. */
function pullMatcher(cond: unknown): (v: unknown) => boolean {
  if (isDocument(cond)) {
    const keys = Object.keys(cond);
    if (keys.length > 0 && keys.every((k) => k.startsWith('$'))) {
      const q = new mingo.Query({ v: cond });
      return (v) => q.test({ v });
    }
    const q = new mingo.Query(cond);
    return (v) => isDocument(v) && q.test(v);
  }
  return (v) => sameValue(v, cond);
}

function pull(op: '$pull' | '$pullAll', doc: Plain, path: string, arg: unknown): void {
  if (op === '$pullAll' && !Array.isArray(arg)) {
    throw BadValue(`$pullAll requires an array argument but was given a ${typeName(arg)}`);
  }
  const slot = resolve(doc, path, false);
  if (!slot || !has(slot)) return;
  const current = getIn(slot);
  if (!Array.isArray(current)) throw BadValue(`Cannot apply ${op} to a non-array value`);
  const matches =
    op === '$pullAll' ? (v: unknown) => (arg as unknown[]).some((a) => sameValue(a, v)) : pullMatcher(arg);
  setIn(
    slot,
    current.filter((v) => !matches(v)),
  );
}

function minMax(op: '$min' | '$max', doc: Plain, path: string, arg: unknown): void {
  const slot = resolve(doc, path, true) as Slot;
  if (!has(slot)) {
    setIn(slot, structuredClone(arg));
    return;
  }
  const c = compareValues(arg, getIn(slot));
  if ((op === '$min' && c < 0) || (op === '$max' && c > 0)) setIn(slot, structuredClone(arg));
}

function unset(doc: Plain, path: string): void {
  const slot = resolve(doc, path, false);
  if (!slot || !has(slot)) return;
  // An array element cannot be removed by name: MongoDB sets it to null.
  if (Array.isArray(slot.parent)) slot.parent[Number(slot.key)] = null;
  else delete slot.parent[slot.key];
}

function rename(doc: Plain, from: string, to: unknown): void {
  if (typeof to !== 'string')
    throw BadValue(`The 'to' field for $rename must be a string: ${from}: ${show(to)}`);
  if (from === to)
    throw BadValue(`The source and target field for $rename must differ: ${from}: ${show(to)}`);
  const source = resolve(doc, from, false);
  if (source && Array.isArray(source.parent)) {
    throw BadValue(
      `The source field cannot be an array element, '${from}' in doc with _id: ${show(doc._id)}`,
    );
  }
  if (!source || !has(source)) return;
  const value = getIn(source);
  const target = resolve(doc, to, true) as Slot;
  if (Array.isArray(target.parent)) {
    throw BadValue(
      `The destination field cannot be an array element, '${to}' in doc with _id: ${show(doc._id)}`,
    );
  }
  delete (source.parent as Plain)[source.key];
  setIn(target, value);
}

function bit(doc: Plain, path: string, arg: unknown): void {
  if (!isDocument(arg)) throw BadValue(`The $bit modifier is not compatible with a ${typeName(arg)}`);
  const slot = resolve(doc, path, true) as Slot;
  let value = has(slot) ? getIn(slot) : 0;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw BadValue(
      `Cannot apply $bit to a value of non-integral type.${idOf(doc)} has the field ${slot.key} of non-integer type ${typeName(value)}`,
    );
  }
  for (const [how, operand] of Object.entries(arg)) {
    if (typeof operand !== 'number' || !Number.isInteger(operand)) {
      throw BadValue(
        `The $bit modifier field must be an Integer(32/64 bit); a '${typeName(operand)}' is not supported here: ${how}: ${show(operand)}`,
      );
    }
    if (how === 'and') value = (value as number) & operand;
    else if (how === 'or') value = (value as number) | operand;
    else if (how === 'xor') value = (value as number) ^ operand;
    else
      throw BadValue(
        `The $bit modifier only supports 'and', 'or', and 'xor', not '${how}' which is an unknown operator: {${how}: ${show(operand)}}`,
      );
  }
  setIn(slot, value);
}

function applyOne(op: Operator, doc: Plain, path: string, arg: unknown): void {
  switch (op) {
    case '$set': {
      setIn(resolve(doc, path, true) as Slot, structuredClone(arg));
      return;
    }
    case '$unset':
      return unset(doc, path);
    case '$inc':
    case '$mul':
      return arithmetic(op, doc, path, arg);
    case '$min':
    case '$max':
      return minMax(op, doc, path, arg);
    case '$rename':
      return rename(doc, path, arg);
    case '$push':
      return push(doc, path, arg);
    case '$addToSet':
      return addToSet(doc, path, arg);
    case '$pop':
      return pop(doc, path, arg);
    case '$pull':
    case '$pullAll':
      return pull(op, doc, path, arg);
    case '$bit':
      return bit(doc, path, arg);
  }
}

/**
 * Applies an operator-style update to `doc` in place; answers whether the document changed.
 * Throws MongoError for what MongoDB refuses; `doc` may then be half-changed, so callers pass a copy.
 */
export function applyUpdate(doc: Plain, update: Plain): boolean {
  const before = structuredClone(doc);
  const steps: [Operator, string, unknown][] = [];
  const paths: string[] = [];
  for (const [op, fields] of Object.entries(update)) {
    if (!(OPERATORS as readonly string[]).includes(op)) {
      throw FailedToParse(
        `Unknown modifier: ${op}. Expected a valid update modifier or pipeline-style update specified as an array`,
      );
    }
    if (!isDocument(fields)) {
      throw FailedToParse(
        `Modifiers operate on fields but we found type ${typeName(fields)} instead. For example: {$mod: {<field>: ...}} not {${op}: ${show(fields)}}`,
      );
    }
    for (const [path, arg] of Object.entries(fields)) {
      checkPath(path);
      paths.push(path);
      if (op === '$rename' && typeof arg === 'string') {
        checkPath(arg);
        paths.push(arg);
      }
      steps.push([op as Operator, path, arg]);
    }
  }
  checkConflicts(paths);
  for (const [op, path, arg] of steps) applyOne(op, doc, path, arg);
  // Checked after applying, as MongoDB does: setting _id to the value it already has is allowed.
  if (!sameValue(doc._id, before._id) || !Object.prototype.hasOwnProperty.call(doc, '_id')) {
    throw ImmutableField(`Performing an update on the path '_id' would modify the immutable field '_id'`);
  }
  return !sameValue(doc, before);
}
