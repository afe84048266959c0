// Plugs the local cloud into the real wx-server-sdk: its query builder keeps building requests,
// and they arrive here instead of at CloudBase. Identity, storage and open APIs are replaced on
// the SDK object itself (all writable), so function code runs unchanged.
import cloud from 'wx-server-sdk';
import { cloudbaseDatabasePath } from './engine/codec';
import type { LocalDatabase } from './engine/database';
import { callStorage } from './context';
import { databaseRequest, restoreConsole, silenceDeadCalls, storageRequest } from './life';
import { DEFAULT_TEMP_URL_SECONDS, type LocalStorage } from './storage';
import type { OpenApiEmulator } from './openapi';
import type { BillItem } from './meter';

const { Db } = require(cloudbaseDatabasePath) as { Db: object };

interface Target {
  db: LocalDatabase;
  storage: LocalStorage;
  openapi: OpenApiEmulator;
  /** Bills the current call (../meter.ts). */
  bill(item: BillItem): void;
}

let target: Target | null = null;

class LocalRequester {
  send(action: string, params: Record<string, unknown>): Promise<unknown> {
    const db = target?.db;
    if (!db) throw new Error('local cloud is not running');
    return databaseRequest(() => db.send(action, params));
  }
}

const sdk = cloud as unknown as Record<string, unknown>;

export function installLocalCloud(next: Target): void {
  target = next;
  // newDb() reassigns Db.reqClass on every cloud.database(): an accessor with an inert setter wins.
  Object.defineProperty(Db, 'reqClass', {
    configurable: true,
    get: () => LocalRequester,
    set: () => undefined,
  });
  sdk.getWXContext = () => {
    const store = callStorage.getStore();
    return store ? { ...store.wx } : { ENV: 'local', SOURCE: 'wx_client' };
  };
  sdk.openapi = next.openapi.api();
  silenceDeadCalls();
  /** A storage request of the current call, billed to its caller. */
  const storage = <T>(work: () => T | Promise<T>): Promise<T> => {
    next.bill('storage');
    return storageRequest(work);
  };
  sdk.uploadFile = async ({ cloudPath, fileContent }: { cloudPath: string; fileContent: Buffer }) => ({
    fileID: await storage(() => next.storage.upload(cloudPath, Buffer.from(fileContent))),
    statusCode: 200,
    errMsg: 'uploadFile:ok',
  });
  sdk.downloadFile = async ({ fileID }: { fileID: string }) => {
    const content = await storage(() => next.storage.read(fileID));
    if (!content)
      throw Object.assign(new Error(`downloadFile:fail -503003 file not found ${fileID}`), {
        errCode: -503003,
      });
    return { fileContent: content, statusCode: 200, errMsg: 'downloadFile:ok' };
  };
  sdk.getTempFileURL = async ({
    fileList,
  }: {
    fileList: (string | { fileID: string; maxAge?: number })[];
  }) => ({
    errMsg: 'getTempFileURL:ok',
    fileList: (await storage(() => fileList)).map((f) => {
      const fileID = typeof f === 'string' ? f : f.fileID;
      const maxAge =
        typeof f === 'string' ? DEFAULT_TEMP_URL_SECONDS : (f.maxAge ?? DEFAULT_TEMP_URL_SECONDS);
      const ok = next.storage.exists(fileID);
      return {
        fileID,
        tempFileURL: ok ? next.storage.tempUrl(fileID, maxAge) : '',
        maxAge,
        status: ok ? 0 : -503003,
        errMsg: ok ? 'ok' : 'file not found',
      };
    }),
  });
  sdk.deleteFile = async ({ fileList }: { fileList: string[] }) => ({
    errMsg: 'deleteFile:ok',
    fileList: (await storage(() => fileList)).map((fileID) => {
      const ok = next.storage.remove(fileID);
      return { fileID, status: ok ? 0 : -503003, errMsg: ok ? 'ok' : 'file not found' };
    }),
  });
}

export function uninstallLocalCloud(): void {
  target = null;
  restoreConsole();
}
