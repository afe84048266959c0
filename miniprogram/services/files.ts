// Cloud storage from the mini program: uploads into the folders the functions expect, and
// downloads for opening files. Pages go through here instead of wx.cloud directly.

/** Uploads a picked file and returns its fileID. `folder` is the storage prefix (chat/<id>, roster). */
export async function uploadFile(folder: string, name: string, filePath: string): Promise<string> {
  const up = await wx.cloud.uploadFile({ cloudPath: `${folder}/${name}`, filePath });
  return up.fileID;
}

/** Downloads a stored file to a temporary path (for wx.openDocument). */
export async function downloadFile(fileID: string): Promise<string> {
  const res = await wx.cloud.downloadFile({ fileID });
  return res.tempFilePath;
}
