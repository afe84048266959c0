// Turns a typed action table into a cloud function `main`: caller from OPENID only, payload
// validated against the action's schema, one envelope out, never a stack trace to the client.
import crypto from 'crypto';
import type { z } from 'zod';
import type { Envelope } from '../../typings/api';
import { AppError, isAppError } from './domain/errors';
import { dangerousKeys, invalid, parseParams } from './domain/validation';
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

/** Keys WeChat adds to every event; they never reach an action's schema. */
const PLATFORM_KEYS = new Set(['action', 'userInfo', 'tcbContext']);

function splitEvent(event: unknown): { name: unknown; params: Record<string, unknown> } {
  if (!event || typeof event !== 'object' || Array.isArray(event)) return { name: undefined, params: {} };
  const params: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(event)) if (!PLATFORM_KEYS.has(k)) params[k] = v;
  return { name: (event as Record<string, unknown>).action, params };
}

export function createMain(fn: string, table: ActionTable) {
  return async function main(event: unknown): Promise<Envelope<unknown>> {
    const requestId = crypto.randomBytes(8).toString('hex');
    try {
      const openid = callerOpenid();
      if (!openid) throw new AppError('UNAUTHENTICATED', '无法识别调用者身份');
      // Checked on the raw event: copying a JSON-parsed `__proto__` key would silently drop it.
      const bad = dangerousKeys(event);
      if (bad.length) throw invalid(bad);
      const { name, params } = splitEvent(event);
      if (typeof name !== 'string' || !Object.prototype.hasOwnProperty.call(table, name)) {
        throw invalid(
          [{ path: 'action', message: `未知操作，可用：${Object.keys(table).join(', ')}` }],
          '未知操作',
        );
      }
      const def = table[name];
      const parsed = parseParams(def.schema, params);
      const base: OpenidContext = { openid, requestId };
      if (def.access === 'openid')
        return { ok: true, data: (await def.run(base as EmployeeContext, parsed)) ?? null };
      const caller = await resolveCaller(openid);
      if (def.access === 'admin' && !caller.isAdmin)
        throw new AppError('FORBIDDEN', '仅管理员可以执行该操作');
      return { ok: true, data: (await def.run({ ...base, caller }, parsed)) ?? null };
    } catch (e) {
      if (isAppError(e)) {
        const error = {
          code: e.code,
          message: e.message,
          ...(e.details === undefined ? {} : { details: e.details }),
        };
        return { ok: false, error };
      }
      console.error(`[${fn}] request ${requestId} failed`, e);
      return {
        ok: false,
        error: {
          code: 'INTERNAL',
          message: `系统繁忙，请稍后再试（请求号 ${requestId}）`,
          details: { requestId },
        },
      };
    }
  };
}
