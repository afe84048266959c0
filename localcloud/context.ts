// Per-call state of the local cloud: the caller's WeChat context, the database operations the
// call made, and whether the call is still alive. AsyncLocalStorage keeps concurrent calls apart
// (process.env would race).
import { AsyncLocalStorage } from 'async_hooks';
import { emptyBill, type Bill } from './meter';

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
  /** What CloudBase bills for this call (./meter.ts): the action's own report. */
  bill: Bill;
  /** Set once the platform has killed the call (timeout or injected crash): see life.ts. */
  killed: { errCode: number; errMsg: string } | null;
  /** Fault injection: the call dies right after this many database requests. */
  killAfterRequests?: number;
  /** Database requests this call has sent (the crash point counts these). */
  requestsSent: number;
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
    bill: emptyBill(),
    killed: null,
    requestsSent: 0,
  };
}
