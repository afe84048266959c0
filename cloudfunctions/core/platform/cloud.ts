// The one place that touches wx-server-sdk's initialisation. Everything else asks for `db()`.
import cloud from 'wx-server-sdk';

// DYNAMIC_CURRENT_ENV is a symbol the SDK accepts although its typings only list strings.
cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });

export { cloud };

export type Db = ReturnType<typeof cloud.database>;

export const db = (): Db => cloud.database();

/** The caller's OPENID as WeChat stamped it; never taken from the payload. */
export function callerOpenid(): string {
  const ctx = cloud.getWXContext() as { OPENID?: unknown };
  return typeof ctx.OPENID === 'string' ? ctx.OPENID : '';
}
