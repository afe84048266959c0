// Typed client of the cloud contract (../../typings/contract.ts): `call('groups', 'list', params)`
// resolves to that action's result type, or throws a CloudError carrying the contract's code and
// Chinese message. UNAUTHENTICATED (never bound, or offboarded meanwhile) is handled here, once
// for every page: the session is forgotten and the app relaunches into the bind page.
import type { ApiError, Envelope, ErrorCode } from '../../typings/api';
import type { ActionName, FunctionName, NoParams, ParamsOf, ResultOf } from '../../typings/contract';

export const BIND_PAGE = '/pages/bind/index';

export class CloudError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;
  constructor(error: ApiError) {
    super(error.message);
    this.code = error.code;
    this.details = error.details;
  }
}

/** Params may be left out when the action takes none or only optional ones. */
type ParamsArg<F extends FunctionName, A extends ActionName<F>> =
  NoParams extends ParamsOf<F, A> ? [params?: ParamsOf<F, A>] : [params: ParamsOf<F, A>];

const forgetters: (() => void)[] = [];

/** Registers what to clear when the cloud says the caller is no longer a bound employee. */
export function onSessionLost(forget: () => void): void {
  forgetters.push(forget);
}

/** Forget who I am and go bind (unless already on the bind page, which shows the error itself). */
export function leaveToBind(): void {
  for (const forget of forgetters) forget();
  const pages = typeof getCurrentPages === 'function' ? getCurrentPages() : [];
  const top = pages[pages.length - 1];
  if (top && `/${top.route}` === BIND_PAGE) return;
  wx.reLaunch({ url: BIND_PAGE });
}

export async function call<F extends FunctionName, A extends ActionName<F>>(
  name: F,
  action: A,
  ...[params]: ParamsArg<F, A>
): Promise<ResultOf<F, A>> {
  let envelope: Envelope<ResultOf<F, A>>;
  try {
    const res = await wx.cloud.callFunction({ name, data: { action, ...(params as object | undefined) } });
    envelope = res.result as Envelope<ResultOf<F, A>>;
  } catch {
    throw new CloudError({ code: 'INTERNAL', message: '网络不给力，请稍后重试' });
  }
  if (!envelope || typeof envelope !== 'object')
    throw new CloudError({ code: 'INTERNAL', message: '服务返回异常' });
  if (!envelope.ok) {
    if (envelope.error.code === 'UNAUTHENTICATED') leaveToBind();
    throw new CloudError(envelope.error);
  }
  return envelope.data;
}

/** Message to show for any thrown value. */
export const errorMessage = (e: unknown): string =>
  e instanceof Error && e.message ? e.message : '操作失败，请重试';

/**
 * An id for one user action (a tap of 创建, a confirmed add): sent with the call and again with
 * any retry of it, so a call that timed out after doing its work is finished, not repeated.
 */
export const newRequestId = (): string =>
  `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
