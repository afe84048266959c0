// `wx.cloud` for pages running outside WeChat (page tests in jsdom, the browser preview),
// backed by the local cloud through a transport: in-process for tests, HTTP for the preview.
import type { Envelope, FunctionName } from '../../typings/api';
import { createClientDatabase, sseWatchTransport, type WatchTransport } from './watch';

export interface CloudTransport {
  callFunction(name: FunctionName, openid: string, data: unknown): Promise<Envelope<unknown>>;
  /** db.watch(): in-process (localcloud/realtime/inprocess.ts) or SSE (client/watch.ts). */
  watch?: WatchTransport;
  /** wx.cloud.downloadFile as the caller (client/inprocessStorage.ts; the preview has its own). */
  downloadFile?(openid: string, fileID: string): Promise<{ tempFilePath: string }>;
}

interface Callbacks<T> {
  success?: (res: T) => void;
  fail?: (err: { errMsg: string }) => void;
  complete?: (res: T | { errMsg: string }) => void;
}

/** Settles a wx-style call both ways: callbacks and the returned promise. */
async function settle<T>(options: Callbacks<T>, work: () => Promise<T>): Promise<T> {
  try {
    const res = await work();
    options.success?.(res);
    options.complete?.(res);
    return res;
  } catch (e) {
    const err = { errMsg: (e as Error).message ?? String(e) };
    options.fail?.(err);
    options.complete?.(err);
    throw err;
  }
}

export interface WxCloudOptions {
  transport: CloudTransport;
  /** The identity calls are made as (switchable: "act as" in the preview, tests). */
  openid: () => string;
}

export function createWxCloud({ transport, openid }: WxCloudOptions) {
  let calls = 0;
  return {
    DYNAMIC_CURRENT_ENV: 'local',
    init(): void {},
    get callCount(): number {
      return calls;
    },
    /** `wx.cloud.database()` as far as realtime needs it: collection().where().watch(). */
    database() {
      // In a browser without an explicit watch transport (the preview), use the local cloud's
      // same-origin SSE endpoint; page tests pass the in-process transport.
      const sse =
        typeof (globalThis as { EventSource?: unknown }).EventSource === 'function'
          ? sseWatchTransport('')
          : undefined;
      return createClientDatabase(transport.watch ?? sse, openid);
    },
    /** By file id, subject to the bucket's read rule; no downloadFile domain is involved. */
    downloadFile(
      options: { fileID: string } & Callbacks<{ tempFilePath: string; statusCode: number; errMsg: string }>,
    ) {
      return settle(options, async () => {
        if (!transport.downloadFile) throw new Error('cloud.downloadFile:fail not available here');
        try {
          const { tempFilePath } = await transport.downloadFile(openid(), options.fileID);
          return { tempFilePath, statusCode: 200, errMsg: 'cloud.downloadFile:ok' };
        } catch (e) {
          throw new Error(`cloud.downloadFile:fail ${(e as Error).message}`);
        }
      });
    },
    callFunction(
      options: { name: FunctionName; data?: unknown } & Callbacks<{
        result: unknown;
        errMsg: string;
        requestID: string;
      }>,
    ) {
      return settle(options, async () => {
        calls++;
        // Round-trip through JSON like the real transport, so pages never share objects with the server.
        const data = JSON.parse(JSON.stringify(options.data ?? {}));
        const result = await transport.callFunction(options.name, openid(), data);
        return {
          result: JSON.parse(JSON.stringify(result)),
          errMsg: 'cloud.callFunction:ok',
          requestID: `local-${calls}`,
        };
      });
    },
  };
}

export type WxCloud = ReturnType<typeof createWxCloud>;
