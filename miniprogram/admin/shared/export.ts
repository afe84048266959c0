// Export a conversation's history and open the XLSX on the phone: the cloud function writes the
// file to cloud storage and returns a temporary link; the page downloads it and hands it to
// WeChat's document viewer (which offers forwarding/saving from its menu).
import type { ExportResult } from '../../../typings/api';
import { call } from '../../services/cloud';

function download(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    wx.downloadFile({
      url,
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

export async function exportAndOpen(
  conversationId: string,
  range: { from?: number; to?: number } = {},
): Promise<ExportResult> {
  const result = await call('admin', 'exportHistory', { conversationId, ...range });
  await open(await download(result.tempFileURL));
  return result;
}
