// wx.cloud.uploadFile / getTempFileURL / deleteFile for the preview, over the local storage.
// Raw bytes in, CloudBase-shaped answers out (fileID, fileList[].tempFileURL / status).
import { readBody, sendJson, type LocalServer } from '../server';

const MAX_PATH = 512;

export function registerStorageRoutes(server: LocalServer): void {
  const { storage } = server.cloud;

  server.route('POST', '/api/preview/storage/upload', async (req, res, url) => {
    const cloudPath = (url.searchParams.get('cloudPath') ?? '').trim();
    if (!cloudPath || cloudPath.length > MAX_PATH || cloudPath.endsWith('/')) {
      sendJson(res, 400, { errMsg: 'cloud.uploadFile:fail invalid cloudPath' });
      return;
    }
    let fileID: string;
    try {
      fileID = storage.upload(cloudPath, await readBody(req));
    } catch (e) {
      sendJson(res, 400, { errMsg: `cloud.uploadFile:fail ${(e as Error).message}` });
      return;
    }
    sendJson(res, 200, { fileID, statusCode: 200, errMsg: 'cloud.uploadFile:ok' });
  });

  const fileIds = async (req: Parameters<Parameters<LocalServer['route']>[2]>[0]): Promise<string[]> => {
    const body = JSON.parse((await readBody(req)).toString('utf8') || '{}') as { fileList?: unknown[] };
    return (body.fileList ?? []).map((f) =>
      typeof f === 'string' ? f : String((f as { fileID?: unknown })?.fileID ?? ''),
    );
  };

  server.route('POST', '/api/preview/storage/temp-url', async (req, res) => {
    const fileList = (await fileIds(req)).map((fileID) => {
      const tempFileURL = storage.exists(fileID) ? storage.tempUrl(fileID) : null;
      return tempFileURL
        ? { fileID, tempFileURL, status: 0, errMsg: 'ok' }
        : { fileID, tempFileURL: '', status: -1, errMsg: 'file not exist' };
    });
    sendJson(res, 200, { fileList, errMsg: 'cloud.getTempFileURL:ok' });
  });

  server.route('POST', '/api/preview/storage/delete', async (req, res) => {
    const fileList = (await fileIds(req)).map((fileID) =>
      storage.remove(fileID)
        ? { fileID, status: 0, errMsg: 'ok' }
        : { fileID, status: -1, errMsg: 'file not exist' },
    );
    sendJson(res, 200, { fileList, errMsg: 'cloud.deleteFile:ok' });
  });
}
