// Typed client of the cloud contract (../../typings/api.ts). Every call returns the action's
// data or throws a CloudError carrying the contract's code and Chinese message.
import type { ApiError, Envelope, ErrorCode, FunctionName } from '../../typings/api';

export class CloudError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;
  constructor(error: ApiError) {
    super(error.message);
    this.code = error.code;
    this.details = error.details;
  }
}

export async function call<T>(
  name: FunctionName,
  action: string,
  params: Record<string, unknown> = {},
): Promise<T> {
  let envelope: Envelope<T>;
  try {
    const res = await wx.cloud.callFunction({ name, data: { action, ...params } });
    envelope = res.result as Envelope<T>;
  } catch {
    throw new CloudError({ code: 'INTERNAL', message: '网络不给力，请稍后重试' });
  }
  if (!envelope || typeof envelope !== 'object')
    throw new CloudError({ code: 'INTERNAL', message: '服务返回异常' });
  if (!envelope.ok) throw new CloudError(envelope.error);
  return envelope.data;
}

/** Message to show for any thrown value. */
export const errorMessage = (e: unknown): string =>
  e instanceof Error && e.message ? e.message : '操作失败，请重试';
