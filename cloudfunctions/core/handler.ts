// Turns a typed action table into a cloud function `main`: caller from OPENID only, payload
// validated against the action's schema, one envelope out, never a stack trace to the client.
import crypto from 'crypto';
import type { z } from 'zod';
import type { Envelope } from '../../typings/api';
import type { ActionName, FunctionName, ParamsOf, ResultOf } from '../../typings/contract';
import { isAppError, errors } from './domain/errors';
import { payloadProblem } from './domain/payload';
import { invalid, parseParams, unsafeParts } from './domain/validation';
import { callerOpenid } from './platform/cloud';
import { resolveCaller, type Caller } from './services/identity';

/** Who may call an action: anyone with an OPENID, a bound active employee, or a company admin. */
export type Access = 'openid' | 'employee' | 'admin';

export interface OpenidContext {
  openid: string;
  requestId: string;
}
export interface EmployeeContext extends OpenidContext {
  caller: Caller;
}

type ContextFor<A extends Access> = A extends 'openid' ? OpenidContext : EmployeeContext;

export interface ActionDef<A extends Access, S extends z.ZodTypeAny, R> {
  access: A;
  schema: S;
  run(ctx: ContextFor<A>, params: z.infer<S>): Promise<R>;
}

/** Identity helper that keeps each action's params and context typed. */
export const action = <A extends Access, S extends z.ZodTypeAny, R>(
  def: ActionDef<A, S, R>,
): ActionDef<A, S, R> => def;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a table mixes actions of different types
export type ActionTable = Record<string, ActionDef<Access, any, unknown>>;

/** What `run` may resolve to for a contract result: "—" actions may simply return nothing. */
type ServerResult<R> = [R] extends [null] ? R | void : R;

/** Every action of the contract's function F, each resolving to its contract result. */
type ContractTable<F extends FunctionName> = {
  [A in ActionName<F>]: ActionDef<Access, z.ZodTypeAny, ServerResult<ResultOf<F, A>>>;
};

type SameKeys<X, Y> = [keyof X] extends [keyof Y] ? ([keyof Y] extends [keyof X] ? true : false) : false;

/**
 * Each action's schema must accept the contract's params (every field the client may send is a
 * field the schema reads, under the same name); actions the contract does not list are refused.
 * A mismatch turns that entry's expected type into a message naming the problem.
 */
type ParamsChecked<F extends FunctionName, T> = {
  [A in keyof T]: A extends ActionName<F>
    ? T[A] extends { schema: infer S extends z.ZodTypeAny }
      ? [ParamsOf<F, A>] extends [z.input<S>]
        ? SameKeys<ParamsOf<F, A>, z.input<S>> extends true
          ? T[A]
          : { error: 'schema fields differ from typings/contract.ts'; contract: ParamsOf<F, A> }
        : { error: 'schema does not accept the params of typings/contract.ts'; contract: ParamsOf<F, A> }
      : never
    : { error: 'action missing from typings/contract.ts' };
};

/** Keys WeChat adds to every event; they never reach an action's schema. */
const PLATFORM_KEYS = new Set(['action', 'userInfo', 'tcbContext']);

function splitEvent(event: unknown): { name: unknown; params: Record<string, unknown> } {
  if (!event || typeof event !== 'object' || Array.isArray(event)) return { name: undefined, params: {} };
  const params: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(event)) if (!PLATFORM_KEYS.has(k)) params[k] = v;
  return { name: (event as Record<string, unknown>).action, params };
}

/** `main` of cloud function `fn`; its table must match typings/contract.ts action for action. */
export function createMain<F extends FunctionName, T extends ContractTable<F>>(
  fn: F,
  table: T & ParamsChecked<F, T>,
) {
  return mainOf(fn, table as unknown as ActionTable);
}

function mainOf(fn: string, table: ActionTable) {
  return async function main(event: unknown): Promise<Envelope<unknown>> {
    const requestId = crypto.randomBytes(8).toString('hex');
    try {
      // Bounded and iterative, before anything else costs: see domain/payload.ts.
      const tooLarge = payloadProblem(event);
      if (tooLarge) throw errors.payloadTooLarge(tooLarge);
      const openid = callerOpenid();
      if (!openid) throw errors.noCaller();
      // Checked on the raw event: copying a JSON-parsed `__proto__` key would silently drop it.
      const bad = unsafeParts(event);
      if (bad.length) throw invalid(bad);
      const { name, params } = splitEvent(event);
      if (typeof name !== 'string' || !Object.prototype.hasOwnProperty.call(table, name)) {
        throw errors.unknownAction({
          fields: [{ path: 'action', message: `未知操作，可用：${Object.keys(table).join(', ')}` }],
        });
      }
      const def = table[name];
      const parsed = parseParams(def.schema, params);
      const base: OpenidContext = { openid, requestId };
      if (def.access === 'openid')
        return { ok: true, data: (await def.run(base as EmployeeContext, parsed)) ?? null };
      const caller = await resolveCaller(openid);
      if (def.access === 'admin' && !caller.isAdmin) throw errors.adminOnly();
      return { ok: true, data: (await def.run({ ...base, caller }, parsed)) ?? null };
    } catch (e) {
      if (!isAppError(e)) console.error(`[${fn}] request ${requestId} failed`, e);
      const known = isAppError(e) ? e : errors.internal({ requestId });
      const error = {
        code: known.code,
        message: known.message,
        ...(known.details === undefined ? {} : { details: known.details }),
      };
      return { ok: false, error };
    }
  };
}
