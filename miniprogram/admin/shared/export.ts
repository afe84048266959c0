// Export a conversation's history (or the roster) and open the XLSX on the phone: the cloud function writes the
// file to cloud storage; the page downloads it by file id with wx.cloud.downloadFile (no
// downloadFile domain to whitelist, unlike wx.downloadFile on the temporary https link, which
// fails in trial and release builds), asks the function to delete it from storage — the phone
// has its copy — and hands it to WeChat's document viewer (forwarding/saving from its menu).
import type { ExportResult } from '../../../typings/api';
import { call } from '../../services/cloud';

function download(fileID: string): Promise<string> {
  return new Promise((resolve, reject) => {
    wx.cloud.downloadFile({
      fileID,
      success: (res) =>
        res.statusCode === 200 ? resolve(res.tempFilePath) : reject(new Error('下载失败，请重试')),
      fail: () => reject(new Error('下载失败，请重试')),
    });
  });
}

function open(filePath: string): Promise<void> {
  return new Promise((resolve, reject) => {
    wx.openDocument({
      filePath,
      fileType: 'xlsx',
      showMenu: true,
      success: () => resolve(),
      fail: () => reject(new Error('无法打开文件')),
    });
  });
}

/** Downloads an export the function just wrote, removes it from storage, and opens it. */
export async function openExport(result: ExportResult): Promise<ExportResult> {
  const filePath = await download(result.fileId);
  // Best effort: a failed delete must not keep the admin from the file they asked for.
  await call('admin', 'deleteExport', { fileId: result.fileId }).catch(() => undefined);
  await open(filePath);
  return result;
}

export async function exportAndOpen(
  conversationId: string,
  range: { from?: number; to?: number } = {},
): Promise<ExportResult> {
  return openExport(await call('admin', 'exportHistory', { conversationId, ...range }));
}
