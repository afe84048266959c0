// Per-call state of the local cloud: the caller's WeChat context and the database operations
// the call made. AsyncLocalStorage keeps concurrent calls apart (process.env would race).
import { AsyncLocalStorage } from 'async_hooks';

export interface OpCounts {
  reads: number;
  writes: number;
  transactions: number;
  /** All database requests, the unit CloudBase bills. */
  requests: number;
}

export interface CallContext {
  wx: { OPENID: string; APPID: string; UNIONID?: string; ENV: string; SOURCE: string; CLIENTIP?: string };
  ops: OpCounts;
}

export const callStorage = new AsyncLocalStorage<CallContext>();

export const emptyOps = (): OpCounts => ({ reads: 0, writes: 0, transactions: 0, requests: 0 });

export function newCallContext(openid: string): CallContext {
  return {
    wx: {
      OPENID: openid,
      APPID: 'wx-local-tongshi',
      ENV: 'local',
      SOURCE: 'wx_client',
      CLIENTIP: '127.0.0.1',
    },
    ops: emptyOps(),
  };
}
