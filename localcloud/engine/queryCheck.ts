// The argument checks MongoDB makes on query operators and mingo does not (it answers `{ $and: [] }`
// with every document, `$size: 'x'` with none). Code 2 BadValue with the server's wording.
import { MongoError } from './mongoError';
import { isDocument } from './values';

const BadValue = (m: string) => new MongoError(2, 'BadValue', m);

const LOGICAL = new Set(['$and', '$or', '$nor']);
const NEEDS_ARRAY: Record<string, string> = {
  $in: '$in needs an array',
  $nin: '$nin needs an array',
  $all: '$all needs an array',
};

function checkCondition(cond: unknown): void {
  if (!isDocument(cond)) return;
  const keys = Object.keys(cond);
  if (!keys.some((k) => k.startsWith('$'))) return;
  for (const op of keys) {
    const arg = cond[op];
    if (op in NEEDS_ARRAY && !Array.isArray(arg)) throw BadValue(NEEDS_ARRAY[op]);
    if (op === '$size' && typeof arg !== 'number') throw BadValue('$size needs a number');
    if (op === '$elemMatch') {
      if (!isDocument(arg)) throw BadValue('$elemMatch needs an Object');
      checkQuery(arg);
    }
    if (op === '$mod') {
      if (!Array.isArray(arg)) throw BadValue('malformed mod, needs to be an array');
      if (arg.length < 2) throw BadValue('malformed mod, not enough elements');
      if (arg.length > 2) throw BadValue('malformed mod, too many elements');
      if (arg[0] === 0) throw BadValue('divisor cannot be 0');
    }
    if (op === '$not') {
      const regex = Object.prototype.toString.call(arg) === '[object RegExp]';
      if (!regex && !isDocument(arg)) throw BadValue('$not needs a regex or a document');
      if (isDocument(arg)) {
        if (Object.keys(arg).length === 0) throw BadValue('$not cannot be empty');
        checkCondition(arg);
      }
    }
  }
}

/** Throws MongoError (code 2) where MongoDB would refuse the query's shape. */
export function checkQuery(query: unknown): void {
  if (!isDocument(query)) return;
  for (const [key, value] of Object.entries(query)) {
    if (LOGICAL.has(key)) {
      if (!Array.isArray(value) || value.length === 0)
        throw BadValue('$and/$or/$nor must be a nonempty array');
      for (const part of value) {
        if (!isDocument(part)) throw BadValue('$or/$and/$nor entries need to be full objects');
        checkQuery(part);
      }
    } else if (!key.startsWith('$')) checkCondition(value);
  }
}
