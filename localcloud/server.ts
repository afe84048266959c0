// The local cloud over HTTP: POST /api/functions/<name> stands in for wx.cloud.callFunction
// (caller in the X-WX-OPENID header), /files/* serves stored files for temp URLs, and other
// modules (preview, realtime) add their routes.
import fs from 'fs';
import http from 'http';
import type { AddressInfo } from 'net';
import type { LocalCloud } from './cloud';
import { FUNCTION_SPECS, type FunctionSpec } from '../cloudfunctions/core/platform/functions';
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
/**
 * CloudBase refuses a cloud function request body above 6 MB (EXCEED_MAX_PAYLOAD_SIZE,
 * docs.cloudbase.net/error-code/service/EXCEED_MAX_PAYLOAD_SIZE); the largest contract payload,
 * 10,000 roster rows, is about 1.5 MB.
 */
export const MAX_FUNCTION_BODY_BYTES = 6 * 1024 * 1024;
/** A body this far past its limit is not drained to the end: the connection is cut. */
const DRAIN_FACTOR = 4;

/** Thrown by readBody past its limit, once the body has been read to its end (or cut). */
export class BodyTooLargeError extends Error {
  constructor(readonly max: number) {
    super(`body larger than ${max} bytes`);
  }
}

/** The envelope of a request the endpoint refuses before any function runs. */
const refusal = (code: string, message: string, details?: object) => ({
  ok: false,
  error: { code, message, ...(details ? { details } : {}) },
});
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

/**
 * The whole body, or BodyTooLargeError past `max` bytes. An oversized body is still read (and
 * dropped) to its end, so the client, which is still sending, can read the refusal; one more than
 * DRAIN_FACTOR times the limit gets its connection cut.
 */
export function readBody(req: http.IncomingMessage, max = MAX_BODY_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= max) chunks.push(c);
      else if (size > max * DRAIN_FACTOR) {
        reject(new BodyTooLargeError(max));
        req.destroy();
      }
    });
    req.on('end', () => (size > max ? reject(new BodyTooLargeError(max)) : resolve(Buffer.concat(chunks))));
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
    // wx.cloud.callFunction only ever POSTs: any other method gets the envelope, not the preview's 404.
    for (const method of ['GET', 'HEAD', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'])
      this.route(method, '/api/functions/', (_req, res) => {
        res.setHeader('allow', 'POST');
        sendJson(res, 405, refusal('INVALID_ARGUMENT', '请使用 POST 调用云函数'));
      });
    this.route('GET', '/files/', (_req, res, url) => {
      const file = cloud.storage.fileForUrl(url.pathname.slice('/files/'.length), url.searchParams);
      if (!file) sendJson(res, 403, { error: 'link expired, unsigned or file not found' });
      else sendFile(res, file);
    });
    this.http = http.createServer((req, res) => void this.handle(req, res));
    // A request Node cannot parse (bad request line, header too large): still a JSON envelope.
    this.http.on('clientError', (err: NodeJS.ErrnoException, socket) => {
      if (!socket.writable) return socket.destroy();
      const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
      const body = JSON.stringify(refusal('INVALID_ARGUMENT', tooLarge ? '请求头过大' : '请求格式不正确'));
      socket.end(
        `HTTP/1.1 ${tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request'}\r\n` +
          `content-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\n` +
          `connection: close\r\n\r\n${body}`,
      );
    });
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
    let name: string;
    try {
      name = decodeURIComponent(url.pathname.slice('/api/functions/'.length));
    } catch {
      name = url.pathname.slice('/api/functions/'.length); // malformed %-escapes name no function
    }
    if (!this.cloud.isFunction(name)) {
      req.resume();
      sendJson(res, 404, refusal('NOT_FOUND', `云函数 ${name.slice(0, 64)} 不存在`));
      return;
    }
    // This endpoint stands in for a mini program's callFunction, which always carries an OPENID;
    // without the header a timer function (maintenance, notify) would take the call for its timer.
    if ((FUNCTION_SPECS[name] as FunctionSpec).trigger) {
      req.resume();
      sendJson(res, 403, refusal('FORBIDDEN', '该云函数仅由定时触发器调用'));
      return;
    }
    let data: unknown;
    try {
      const text = (await readBody(req, MAX_FUNCTION_BODY_BYTES)).toString('utf8');
      // A linear scan before JSON.parse: a body nested deeper than any payload is refused
      // without building it (the function's own check, domain/payload.ts, would refuse it too).
      if (jsonNestingExceeds(text, MAX_JSON_NESTING)) {
        sendJson(res, 400, refusal('INVALID_ARGUMENT', '请求内容过大或层级过深', { limit: 'depth' }));
        return;
      }
      data = text.trim() ? JSON.parse(text) : {};
    } catch (e) {
      if (e instanceof BodyTooLargeError)
        sendJson(
          res,
          413,
          refusal('INVALID_ARGUMENT', '请求内容过大或层级过深', { limit: 'bytes', max: e.max }),
        );
      else sendJson(res, 400, refusal('INVALID_ARGUMENT', '请求体不是合法的 JSON'));
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
