// The local cloud over HTTP: POST /api/functions/<name> stands in for wx.cloud.callFunction
// (caller in the X-WX-OPENID header), /files/* serves stored files for temp URLs, and other
// modules (preview, realtime) add their routes.
import fs from 'fs';
import http from 'http';
import type { AddressInfo } from 'net';
import type { LocalCloud } from './cloud';
import { FunctionKilledError } from './life';

export type RouteHandler = (
  req: http.IncomingMessage,
  res: http.ServerResponse,
  url: URL,
) => Promise<void> | void;

interface Route {
  method: string;
  prefix: string;
  handler: RouteHandler;
}

const MAX_BODY_BYTES = 20 * 1024 * 1024;
/** Far above any payload the contract has (the deepest nests 3 levels). */
const MAX_JSON_NESTING = 32;

/** Whether `[`/`{` nest deeper than `max` outside strings: one pass, no allocation. */
export function jsonNestingExceeds(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      if (++depth > max) return true;
    } else if (c === 93 || c === 125) depth--;
  }
  return false;
}

export function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.csv': 'text/csv; charset=utf-8',
};

export function sendFile(res: http.ServerResponse, file: string): void {
  const ext = file.slice(file.lastIndexOf('.')).toLowerCase();
  res.writeHead(200, { 'content-type': MIME[ext] ?? 'application/octet-stream' });
  fs.createReadStream(file).pipe(res);
}

export class LocalServer {
  readonly http: http.Server;
  private readonly routes: Route[] = [];

  constructor(readonly cloud: LocalCloud) {
    this.route('POST', '/api/functions/', (req, res, url) => this.callFunction(req, res, url));
    this.route('GET', '/files/', (_req, res, url) => {
      const file = cloud.storage.fileForUrl(url.pathname.slice('/files/'.length), url.searchParams);
      if (!file) sendJson(res, 403, { error: 'link expired, unsigned or file not found' });
      else sendFile(res, file);
    });
    this.http = http.createServer((req, res) => void this.handle(req, res));
  }

  /** Longest matching prefix wins, so later modules can take over sub-paths. */
  route(method: string, prefix: string, handler: RouteHandler): void {
    this.routes.push({ method, prefix, handler });
    this.routes.sort((a, b) => b.prefix.length - a.prefix.length);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://local');
    const route = this.routes.find((r) => r.method === req.method && url.pathname.startsWith(r.prefix));
    try {
      if (!route) sendJson(res, 404, { error: `no route for ${req.method} ${url.pathname}` });
      else await route.handler(req, res, url);
    } catch (e) {
      console.error('[localcloud] request failed', e);
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
    }
  }

  private async callFunction(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    const name = decodeURIComponent(url.pathname.slice('/api/functions/'.length));
    if (!this.cloud.isFunction(name)) {
      sendJson(res, 404, { ok: false, error: { code: 'NOT_FOUND', message: `云函数 ${name} 不存在` } });
      return;
    }
    let data: unknown;
    try {
      const text = (await readBody(req)).toString('utf8');
      // A linear scan before JSON.parse: a body nested deeper than any payload is refused
      // without building it (the function's own check, domain/payload.ts, would refuse it too).
      if (jsonNestingExceeds(text, MAX_JSON_NESTING)) {
        sendJson(res, 400, {
          ok: false,
          error: { code: 'INVALID_ARGUMENT', message: '请求内容过大或层级过深', details: { limit: 'depth' } },
        });
        return;
      }
      data = text.trim() ? JSON.parse(text) : {};
    } catch {
      sendJson(res, 400, {
        ok: false,
        error: { code: 'INVALID_ARGUMENT', message: '请求体不是合法的 JSON' },
      });
      return;
    }
    const openid = String(req.headers['x-wx-openid'] ?? '').trim();
    try {
      const { result, ops, bill } = await this.cloud.call(name, openid, data);
      res.setHeader('x-db-requests', String(ops.requests));
      res.setHeader('x-billed', JSON.stringify(bill));
      sendJson(res, 200, result);
    } catch (e) {
      // Killed at its timeout: no envelope, the platform's error instead (callFunction's fail).
      if (!(e instanceof FunctionKilledError)) throw e;
      sendJson(res, 504, { errCode: e.errCode, errMsg: e.errMsg });
    }
  }

  listen(port: number, host = '127.0.0.1'): Promise<string> {
    return new Promise((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(port, host, () => {
        const { port: actual } = this.http.address() as AddressInfo;
        const base = `http://${host}:${actual}`;
        this.cloud.storage.baseUrl = base;
        resolve(base);
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.http.closeAllConnections();
      this.http.close(() => resolve());
    });
  }
}
