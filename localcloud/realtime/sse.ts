// GET /api/watch?openid=…&query={collection,where,orderBy,limit} — db.watch() for the browser
// preview over Server-Sent Events (EventSource cannot send headers, so the identity may also come
// as ?openid=; X-WX-OPENID wins when present). Events: `change` (a snapshot) and `watcherror`
// (then the stream ends; the page reconnects).
// POST /api/db/read {collection, where, orderBy, limit, skip, kind: 'get'|'count'} — a client-side
// read as X-WX-OPENID (./clientReads.ts), answered with ClientReadResult.
import type { LocalServer } from '../server';
import { readBody, sendJson } from '../server';
import { clientRead, type ClientRead } from './clientReads';
import { realtimeHub, type WatchQuery } from './hub';

const HEARTBEAT_MS = 15_000;

export function registerRealtimeRoutes(server: LocalServer): void {
  server.route('POST', '/api/db/read', async (req, res) => {
    const openid = String(req.headers['x-wx-openid'] ?? '').trim();
    let read: ClientRead;
    try {
      read = JSON.parse((await readBody(req)).toString('utf8')) as ClientRead;
      if (!read || typeof read.collection !== 'string' || !['get', 'count'].includes(read.kind))
        throw new Error('shape');
    } catch {
      sendJson(res, 400, {
        error: 'body must be JSON {collection, kind: get|count, where?, orderBy?, limit?, skip?}',
      });
      return;
    }
    sendJson(res, 200, clientRead(realtimeHub(server.cloud), openid, read));
  });
  server.route('GET', '/api/watch', (req, res, url) => {
    const openid = String(req.headers['x-wx-openid'] ?? url.searchParams.get('openid') ?? '').trim();
    let query: WatchQuery;
    try {
      query = JSON.parse(url.searchParams.get('query') ?? '') as WatchQuery;
      if (!query || typeof query.collection !== 'string') throw new Error('collection');
    } catch {
      sendJson(res, 400, { error: 'query must be JSON {collection, where?, orderBy?, limit?}' });
      return;
    }
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    res.write(': watching\n\n');
    const heartbeat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
    const handle = realtimeHub(server.cloud).watch(openid, query, {
      onChange: (s) => res.write(`event: change\ndata: ${JSON.stringify(s)}\n\n`),
      onError: (e) => {
        res.write(`event: watcherror\ndata: ${JSON.stringify(e)}\n\n`);
        res.end();
      },
    });
    req.on('close', () => {
      clearInterval(heartbeat);
      handle.close();
    });
  });
}
