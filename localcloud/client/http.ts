// The HTTP transport of `createWxCloud`: what the browser preview (and any other client outside
// the local cloud's process) uses to reach it. Cloud functions go through the same endpoint
// black-box tests use (POST /api/functions/<name>, caller in X-WX-OPENID); storage uses the
// preview's small routes (localcloud/preview/storageRoutes.ts); db.watch() uses Server-Sent Events.
import type { Envelope, FunctionName } from '../../typings/api';
import type { CloudTransport } from './wxcloud';
import { sseWatchTransport } from './watch';

export interface HttpTransportOptions {
  /** Base URL of the local cloud, '' for same-origin requests from the preview. */
  baseUrl?: string;
  fetch?: typeof fetch;
}

export interface StorageTransport {
  uploadFile(
    openid: string,
    cloudPath: string,
    body: Blob | ArrayBuffer | Uint8Array,
  ): Promise<{ fileID: string }>;
  getTempFileURL(
    openid: string,
    fileIds: string[],
  ): Promise<{ fileID: string; tempFileURL: string; status: number; errMsg: string }[]>;
  deleteFile(
    openid: string,
    fileIds: string[],
  ): Promise<{ fileID: string; status: number; errMsg: string }[]>;
}

export type HttpTransport = CloudTransport & StorageTransport;

async function json<T>(res: Response, what: string): Promise<T> {
  if (!res.ok) throw new Error(`${what}:fail HTTP ${res.status}`);
  return (await res.json()) as T;
}

export function createHttpTransport({
  baseUrl = '',
  fetch: doFetch = fetch,
}: HttpTransportOptions = {}): HttpTransport {
  const post = (path: string, openid: string, body: BodyInit, type = 'application/json') =>
    doFetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': type, 'x-wx-openid': openid },
      body,
    });
  return {
    watch: sseWatchTransport(baseUrl),
    async callFunction(name: FunctionName, openid: string, data: unknown): Promise<Envelope<unknown>> {
      const res = await post(
        `/api/functions/${encodeURIComponent(name)}`,
        openid,
        JSON.stringify(data ?? {}),
      );
      // The endpoint answers errors with the envelope too (404 unknown function, 400 bad JSON),
      // except a call the platform killed (504): wx.cloud.callFunction fails with its errCode.
      const body = (await res.json()) as Envelope<unknown> | { errCode: number; errMsg: string };
      if (!('ok' in body))
        throw new Error(`cloud.callFunction:fail Error: errCode: ${body.errCode}  | errMsg: ${body.errMsg}`);
      return body;
    },
    async uploadFile(openid, cloudPath, body) {
      const res = await post(
        `/api/preview/storage/upload?cloudPath=${encodeURIComponent(cloudPath)}`,
        openid,
        body as BodyInit,
        'application/octet-stream',
      );
      return json<{ fileID: string }>(res, 'cloud.uploadFile');
    },
    async getTempFileURL(openid, fileIds) {
      const res = await post('/api/preview/storage/temp-url', openid, JSON.stringify({ fileList: fileIds }));
      return (
        await json<{ fileList: { fileID: string; tempFileURL: string; status: number; errMsg: string }[] }>(
          res,
          'cloud.getTempFileURL',
        )
      ).fileList;
    },
    async deleteFile(openid, fileIds) {
      const res = await post('/api/preview/storage/delete', openid, JSON.stringify({ fileList: fileIds }));
      return (
        await json<{ fileList: { fileID: string; status: number; errMsg: string }[] }>(
          res,
          'cloud.deleteFile',
        )
      ).fileList;
    },
  };
}
