// How the local cloud kills a call, like CloudBase kills an instance: at its function's timeout
// (core/platform/functions.ts, the same number config.json carries), or — fault injection for
// tests — right after its k-th database request. A killed call is dead: every later database or
// storage request it makes fails, its logs are dropped, and its result never reaches the caller,
// who gets what wx.cloud.callFunction's fail gets. What it already wrote stays written.
import { callStorage, type CallContext } from './context';

/** What wx.cloud.callFunction rejects with when the platform killed the call. */
export class FunctionKilledError extends Error {
  constructor(
    readonly errCode: number,
    readonly errMsg: string,
  ) {
    super(`cloud.callFunction:fail Error: errCode: ${errCode}  | errMsg: ${errMsg}`);
  }
}

/** CloudBase's answer to a call past its timeout. */
export const timedOut = (seconds: number) => ({
  errCode: -504003,
  errMsg: `Invoking task timed out after ${seconds} seconds`,
});

/** An instance that died mid-call (fault injection stands in for a crash or a kill -9). */
export const crashed = (afterRequests: number) => ({
  errCode: -504002,
  errMsg: `functions execute fail: instance killed after database request ${afterRequests} (fault injection)`,
});

const listeners = new WeakMap<CallContext, (killed: NonNullable<CallContext['killed']>) => void>();

export function kill(call: CallContext, how: NonNullable<CallContext['killed']>): void {
  if (call.killed) return;
  call.killed = how;
  listeners.get(call)?.(how);
}

/** A promise that rejects with FunctionKilledError once `call` is killed. */
export function whenKilled(call: CallContext): Promise<never> {
  return new Promise<never>((_, reject) => {
    listeners.set(call, (how) => reject(new FunctionKilledError(how.errCode, how.errMsg)));
  });
}

function assertAlive(call: CallContext | undefined): void {
  if (call?.killed) throw new Error(`function instance is dead (${call.killed.errMsg})`);
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Optional latency per database/storage request, for benchmarks (TONGSHI_DB_LATENCY_MS). */
export const requestLatencyMs = (): number => Math.max(0, Number(process.env.TONGSHI_DB_LATENCY_MS) || 0);

/**
 * Runs one database request of the current call: refused when the call is dead, or when it is
 * past the injected crash point (requests sent together with the k-th never leave the instance);
 * the k-th request itself reaches the database, then the instance dies before it reads the answer.
 */
export async function databaseRequest<T>(send: () => Promise<T>): Promise<T> {
  const call = callStorage.getStore();
  assertAlive(call);
  const n = call ? ++call.requestsSent : 0;
  const limit = call?.killAfterRequests;
  if (call && limit !== undefined && n > limit) {
    kill(call, crashed(limit));
    assertAlive(call);
  }
  const latency = requestLatencyMs();
  if (latency) await pause(latency);
  assertAlive(call);
  const answer = await send();
  if (call && limit !== undefined && n === limit) kill(call, crashed(limit));
  assertAlive(call);
  return answer;
}

/** A storage request of the current call: refused once the call is dead. */
export async function storageRequest<T>(work: () => T | Promise<T>): Promise<T> {
  const call = callStorage.getStore();
  assertAlive(call);
  const latency = requestLatencyMs();
  if (latency) await pause(latency);
  assertAlive(call);
  const answer = await work();
  assertAlive(call);
  return answer;
}

const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug'] as const;
type ConsoleMethod = (typeof CONSOLE_METHODS)[number];
let originals: Partial<Record<ConsoleMethod, (...args: unknown[]) => void>> | null = null;

/** A dead instance's log lines never reach the function log: drop them. */
export function silenceDeadCalls(): void {
  if (originals) return;
  originals = {};
  for (const m of CONSOLE_METHODS) {
    const original = console[m].bind(console) as (...args: unknown[]) => void;
    originals[m] = console[m];
    console[m] = (...args: unknown[]) => {
      if (!callStorage.getStore()?.killed) original(...args);
    };
  }
}

export function restoreConsole(): void {
  if (!originals) return;
  for (const m of CONSOLE_METHODS) if (originals[m]) console[m] = originals[m];
  originals = null;
}
