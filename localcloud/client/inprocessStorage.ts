// wx.cloud.downloadFile for page tests: straight from the local cloud's storage, as the caller,
// through the bucket's security rule (storage-rules/storage.json) like CloudBase and the
// preview's storage routes (localcloud/preview/storageRoutes.ts).
import path from 'path';
import type { LocalCloud } from '../cloud';
import { StorageRules } from '../storageRules';
import type { CloudTransport } from './wxcloud';

export function inProcessDownload(cloud: LocalCloud): NonNullable<CloudTransport['downloadFile']> {
  const rules = StorageRules.fromFile();
  return async (openid, fileID) => {
    cloud.meter.add(openid, 'storage');
    const cloudPath = cloud.storage.cloudPathOf(fileID);
    if (cloudPath === null || !cloud.storage.exists(fileID)) throw new Error('file not exist');
    const resource = { path: cloudPath, openid: cloud.storage.ownerOf(cloudPath) ?? '' };
    if (!rules.canRead(openid, resource)) throw new Error('permission denied (STORAGE_EXCEED_AUTHORITY)');
    return { tempFilePath: `wxfile://tmp/${path.posix.basename(cloudPath)}` };
  };
}
