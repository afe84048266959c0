// Typed results for the SDK's query builder, whose typings mix in callback-style `void`.
import type { CollectionName } from './collections';
import { db } from '../platform/cloud';

interface Gettable {
  get(): unknown;
}
interface Countable {
  count(): unknown;
}

export const collection = (name: CollectionName) => db().collection(name);
export const command = () => db().command;

/**
 * An object-valued field for update data, written whole. wx-server-sdk sends a plain nested
 * object as dotted $set paths ("lastMessage.id", …): a merge, which keeps keys the new value
 * lacks and which MongoDB refuses outright when the stored field is null (code 28, "Cannot
 * create field 'id' in element {lastMessage: null}"). `_.set` replaces the value instead.
 */
export const whole = (value: object): unknown => command().set(value);

/**
 * `$max` of a string field. wx-server-sdk's typings accept only a number, but the documented
 * operator takes any value (Command.max(value: any)) and MongoDB compares strings by code point.
 */
export const maxString = (value: string): unknown => command().max(value as unknown as number);

export async function rows<T>(query: Gettable): Promise<T[]> {
  return ((await query.get()) as { data: T[] }).data;
}

export async function first<T>(query: Gettable): Promise<T | null> {
  return (await rows<T>(query))[0] ?? null;
}

export async function total(query: Countable): Promise<number> {
  return ((await query.count()) as { total: number }).total;
}

/** A document by id, or null (a `where` read: `doc().get()` throws on a missing id). */
export async function byId<T>(name: CollectionName, id: string): Promise<T | null> {
  return first<T>(collection(name).where({ _id: id }).limit(1));
}

/** Splits a list into parts of at most `size` (id lists past the server cap, write batches). */
export const chunks = <T>(list: readonly T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
};

/** Documents one server-side read returns at most. */
export const SERVER_CAP = 1000;

/**
 * Documents by id, any number of ids: one request per `per` distinct ids (at most the server's
 * cap), in parallel; `fields` projects (postings can be long). Ids not stored are absent.
 */
export async function byIds<T>(
  name: CollectionName,
  ids: readonly string[],
  o: { fields?: Record<string, true>; per?: number } = {},
): Promise<T[]> {
  const _ = command();
  const parts = await Promise.all(
    chunks([...new Set(ids)], Math.min(o.per ?? SERVER_CAP, SERVER_CAP)).map((part) => {
      const query = collection(name).where({ _id: _.in(part) });
      return rows<T>((o.fields ? query.field(o.fields) : query).limit(part.length));
    }),
  );
  return parts.flat();
}

/**
 * The newest `limit` documents by `field` over a conversation list of any length (search): one
 * request per 500 conversations (or `perRequest`), each sorted and cut on the server, merged here. `where` gets
 * the conversationId condition for its part (one id, or `in` the part).
 */
export async function newestAcross<T>(
  name: CollectionName,
  conversationIds: readonly string[],
  where: (conversationId: unknown) => Record<string, unknown>,
  field: string,
  limit: number,
  perRequest = 500,
): Promise<T[]> {
  const _ = command();
  const parts = await Promise.all(
    chunks(conversationIds, perRequest).map((ids) =>
      rows<T>(
        collection(name)
          .where(where(ids.length === 1 ? ids[0] : _.in(ids)))
          .orderBy(field, 'desc')
          .limit(limit),
      ),
    ),
  );
  const at = (d: T) => (d as Record<string, number | string>)[field];
  return parts
    .flat()
    .sort((a, b) => (at(a) < at(b) ? 1 : at(a) > at(b) ? -1 : 0))
    .slice(0, limit);
}

/** The oldest `limit` documents whose `field` is below `before` (the repair runs' indexed scans). */
export function oldestBefore<T>(
  name: CollectionName,
  field: string,
  before: number,
  limit: number,
): Promise<T[]> {
  return rows<T>(
    collection(name)
      .where({ [field]: command().lt(before) })
      .orderBy(field, 'asc')
      .limit(limit),
  );
}
