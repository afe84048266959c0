// wx.cloud.uploadFile / getTempFileURL / deleteFile for the preview, over the local storage.
// Raw bytes in, CloudBase-shaped answers out (fileID, fileList[].tempFileURL / status). The caller
// is the X-WX-OPENID header, and every request passes the bucket's security rule
// (storage-rules/storage.json) as on CloudBase. Stricter than CloudBase: an upload under
// chat/<conversation>/<employee>/ or roster/<employee>/ must name the caller's own employee (the
// rule language cannot check that; the functions check it again when the file is used).
import type http from 'http';
import { LOCAL_BUCKET_PREFIX } from '../storage';
import { StorageRules } from '../storageRules';
import { readBody, sendJson, type LocalServer } from '../server';

const MAX_PATH = 512;
const DENIED = 'permission denied (STORAGE_EXCEED_AUTHORITY)';

const openidOf = (req: http.IncomingMessage): string => String(req.headers['x-wx-openid'] ?? '').trim();

/** The employee segment of an upload path, for the local-only check; null for other shapes. */
function uploaderSegment(cloudPath: string): string | null {
  const parts = cloudPath.split('/');
  if (parts[0] === 'chat' && parts.length === 4) return parts[2];
  if (parts[0] === 'roster' && parts.length === 3) return parts[1];
  return null;
}

export function registerStorageRoutes(server: LocalServer): void {
  const { storage, db, meter } = server.cloud;
  const rules = StorageRules.fromFile();
  const employeeOf = (openid: string): string | null => {
    const binding = db.tables.getById('bindings', openid) as { employeeId?: string } | undefined;
    return binding?.employeeId ?? null;
  };
  const resourceOf = (cloudPath: string, openid: string) => ({
    path: cloudPath,
    // A new file will belong to its uploader; an existing one keeps its owner.
    openid: storage.ownerOf(cloudPath) ?? openid,
  });

  server.route('POST', '/api/preview/storage/upload', async (req, res, url) => {
    const cloudPath = (url.searchParams.get('cloudPath') ?? '').trim();
    const openid = openidOf(req);
    meter.add(openid, 'storage');
    if (!cloudPath || cloudPath.length > MAX_PATH || cloudPath.endsWith('/')) {
      sendJson(res, 400, { errMsg: 'cloud.uploadFile:fail invalid cloudPath' });
      return;
    }
    let allowed: boolean;
    try {
      const segment = uploaderSegment(cloudPath);
      allowed =
        rules.canWrite(openid, resourceOf(cloudPath, openid)) &&
        (segment === null || segment === employeeOf(openid));
    } catch {
      allowed = false; // a path the storage refuses (`..`) is not a resource at all
    }
    if (!allowed) {
      req.resume();
      sendJson(res, 403, { errMsg: `cloud.uploadFile:fail ${DENIED}` });
      return;
    }
    const fileID = storage.upload(cloudPath, await readBody(req), openid);
    sendJson(res, 200, { fileID, statusCode: 200, errMsg: 'cloud.uploadFile:ok' });
  });

  const fileIds = async (req: http.IncomingMessage): Promise<string[]> => {
    let body: { fileList?: unknown[] };
    try {
      body = JSON.parse((await readBody(req)).toString('utf8') || '{}') as { fileList?: unknown[] };
    } catch {
      return [];
    }
    return (Array.isArray(body.fileList) ? body.fileList : []).map((f) =>
      typeof f === 'string' ? f : String((f as { fileID?: unknown })?.fileID ?? ''),
    );
  };
  /** The stored path of a file of this bucket that exists, else null. */
  const existing = (fileID: string): string | null => {
    const p = fileID.startsWith(LOCAL_BUCKET_PREFIX) ? fileID.slice(LOCAL_BUCKET_PREFIX.length) : null;
    try {
      return p !== null && storage.exists(fileID) ? p : null;
    } catch {
      return null;
    }
  };

  server.route('POST', '/api/preview/storage/temp-url', async (req, res) => {
    const openid = openidOf(req);
    meter.add(openid, 'storage');
    const fileList = (await fileIds(req)).map((fileID) => {
      const p = existing(fileID);
      if (p === null) return { fileID, tempFileURL: '', status: -1, errMsg: 'file not exist' };
      if (!rules.canRead(openid, resourceOf(p, openid)))
        return { fileID, tempFileURL: '', status: -1, errMsg: DENIED };
      return { fileID, tempFileURL: storage.tempUrl(fileID) ?? '', status: 0, errMsg: 'ok' };
    });
    sendJson(res, 200, { fileList, errMsg: 'cloud.getTempFileURL:ok' });
  });

  server.route('POST', '/api/preview/storage/delete', async (req, res) => {
    const openid = openidOf(req);
    meter.add(openid, 'storage');
    const fileList = (await fileIds(req)).map((fileID) => {
      const p = existing(fileID);
      if (p === null) return { fileID, status: -1, errMsg: 'file not exist' };
      if (!rules.canWrite(openid, resourceOf(p, openid))) return { fileID, status: -1, errMsg: DENIED };
      storage.remove(fileID);
      return { fileID, status: 0, errMsg: 'ok' };
    });
    sendJson(res, 200, { fileList, errMsg: 'cloud.deleteFile:ok' });
  });
}
