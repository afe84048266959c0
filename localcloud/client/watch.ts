// The client half of db.watch() and of client-side reads for pages outside WeChat: a tiny
// `wx.cloud.database()` with the query builder pages use (where / orderBy / limit / skip, watch,
// get, count, doc(id).get, command.in/eq/…), over a WatchTransport — in-process for page tests
// (localcloud/realtime/inprocess.ts), Server-Sent Events and a JSON route for the browser preview
// (sseWatchTransport below, served by localcloud/realtime/sse.ts). Both are refused by the
// security rules exactly as on CloudBase (localcloud/realtime/queryRules.ts).
// Browser-safe: type imports, and ../realtime/errors (no imports of its own).
import type { ClientRead, ClientReadResult } from '../realtime/clientReads';
import type { Snapshot, WatchError, WatchHandle, WatchListener, WatchQuery } from '../realtime/hub';
import { connectionClosed, initWatchFail, toClientError } from '../realtime/errors';

export type { Snapshot, WatchError, WatchHandle, WatchListener, WatchQuery };

export interface WatchTransport {
  watch(openid: string, query: WatchQuery, listener: WatchListener): WatchHandle;
  /** A client-side get()/count(); absent where the host has none. */
  read?(openid: string, read: ClientRead): Promise<ClientReadResult>;
}

/** What a refused get()/count() rejects with: wx-server-sdk's toSDKError shape. */
function readError(
  api: string,
  e: { errCode: number; errMsg: string },
): Error & { errCode: number; errMsg: string } {
  const message = `${api}:fail ${e.errCode} database permission denied. ${e.errMsg}`;
  return Object.assign(new Error(message), { errCode: e.errCode, errMsg: message });
}

type Filter = Record<string, unknown>;

/** The operators realtime queries use, producing the MongoDB form the server matches with. */
export const command = {
  eq: (v: unknown) => ({ $eq: v }),
  neq: (v: unknown) => ({ $ne: v }),
  gt: (v: unknown) => ({ $gt: v }),
  gte: (v: unknown) => ({ $gte: v }),
  lt: (v: unknown) => ({ $lt: v }),
  lte: (v: unknown) => ({ $lte: v }),
  in: (v: unknown[]) => ({ $in: v }),
  nin: (v: unknown[]) => ({ $nin: v }),
  /** `where(_.or([{ _id: a }, { _id: b }]))`: one rule evaluation per branch on the server. */
  or: (conditions: Filter[]) => ({ $or: conditions }),
  and: (conditions: Filter[]) => ({ $and: conditions }),
};

export interface WatchOptions {
  onChange(snapshot: Snapshot): void;
  onError(error: WatchError): void;
}

class ClientQuery {
  constructor(
    private readonly transport: WatchTransport,
    private readonly openid: () => string,
    private readonly q: WatchQuery & { skip?: number },
  ) {}

  where(filter: Filter): ClientQuery {
    return new ClientQuery(this.transport, this.openid, {
      ...this.q,
      where: { ...(this.q.where ?? {}), ...JSON.parse(JSON.stringify(filter)) },
    });
  }

  orderBy(field: string, dir: 'asc' | 'desc'): ClientQuery {
    return new ClientQuery(this.transport, this.openid, {
      ...this.q,
      orderBy: [...(this.q.orderBy ?? []), [field, dir]],
    });
  }

  limit(n: number): ClientQuery {
    return new ClientQuery(this.transport, this.openid, { ...this.q, limit: n });
  }

  skip(n: number): ClientQuery {
    return new ClientQuery(this.transport, this.openid, { ...this.q, skip: n });
  }

  private async read(kind: 'get' | 'count', api: string): Promise<ClientReadResult & { ok: true }> {
    if (!this.transport.read) throw new Error(`${api}:fail client reads are not available here`);
    const res = await this.transport.read(this.openid(), { ...this.q, kind });
    if (!res.ok) throw readError(api, res);
    return JSON.parse(JSON.stringify(res)) as ClientReadResult & { ok: true };
  }

  /** At most 20 records, like the mini program's get(). */
  async get(): Promise<{ data: Record<string, unknown>[]; errMsg: string }> {
    const res = (await this.read('get', 'collection.get')) as { data: Record<string, unknown>[] };
    return { data: res.data, errMsg: 'collection.get:ok' };
  }

  async count(): Promise<{ total: number; errMsg: string }> {
    const res = (await this.read('count', 'collection.count')) as { total: number };
    return { total: res.total, errMsg: 'collection.count:ok' };
  }

  /** Like WeChat: returns a watcher with close(); snapshots and errors arrive asynchronously. */
  watch(options: WatchOptions): { close(): Promise<void> } {
    const handle = this.transport.watch(this.openid(), this.q, {
      // Snapshots are copied so a page never shares objects with the server.
      onChange: (s) => options.onChange(JSON.parse(JSON.stringify(s)) as Snapshot),
      // Errors arrive as the real client's CloudSDKError: an Error with errCode and errMsg.
      onError: (e) => options.onError(toClientError(e)),
    });
    return {
      close: async () => handle.close(),
    };
  }
}

export function createClientDatabase(transport: WatchTransport | undefined, openid: () => string) {
  const missing: WatchTransport = {
    watch(_openid, _q, listener) {
      queueMicrotask(() => listener.onError(initWatchFail('SYS_ERR', 'realtime is not available here')));
      return { close() {} };
    },
  };
  return {
    command,
    collection(name: string) {
      const query = new ClientQuery(transport ?? missing, openid, { collection: name });
      return Object.assign(query, {
        /** db.collection(c).doc(id).get() / .watch(): one document, or the rule's refusal. */
        doc: (id: string) => ({
          get: async () => {
            const res = await query.where({ _id: id }).get();
            if (!res.data.length) throw new Error(`document.get:fail document with _id ${id} does not exist`);
            return { data: res.data[0], errMsg: 'document.get:ok' };
          },
          watch: (options: WatchOptions) => query.where({ _id: id }).watch(options),
        }),
      });
    },
  };
}

/** Browser preview: one EventSource per watch on GET /api/watch (see localcloud/realtime/sse.ts). */
export function sseWatchTransport(baseUrl = ''): WatchTransport {
  return {
    watch(openid, query, listener) {
      const params = new URLSearchParams({ openid, query: JSON.stringify(query) });
      const ES = (globalThis as unknown as { EventSource: new (url: string) => EventSourceLike }).EventSource;
      const source = new ES(`${baseUrl}/api/watch?${params.toString()}`);
      let closed = false;
      source.addEventListener('change', (e) => listener.onChange(JSON.parse(e.data) as Snapshot));
      source.addEventListener('watcherror', (e) => {
        closed = true;
        source.close();
        listener.onError(JSON.parse(e.data) as WatchError);
      });
      source.onerror = () => {
        // The page's reconnect logic (miniprogram/services/realtime.ts) opens a fresh watch.
        if (closed) return;
        closed = true;
        source.close();
        listener.onError(connectionClosed('event stream lost'));
      };
      return {
        close() {
          closed = true;
          source.close();
        },
      };
    },
    async read(openid, read) {
      const res = await fetch(`${baseUrl}/api/db/read`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-wx-openid': openid },
        body: JSON.stringify(read),
      });
      return (await res.json()) as ClientReadResult;
    },
  };
}

interface EventSourceLike {
  addEventListener(type: string, cb: (e: { data: string }) => void): void;
  onerror: ((e: unknown) => void) | null;
  close(): void;
}
