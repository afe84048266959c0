// Cloud storage from the functions (server side: storage security rules do not bind it).
// Files are handed to clients only as short-lived temp URLs after the caller's right to the
// file was checked; the rule in storage-rules/storage.json refuses every client read.
import { cloud } from './cloud';

/** CloudBase's getTempFileURL and deleteFile take at most 50 file ids per call. */
export const STORAGE_BATCH = 50;
/** How long a handed-out link works: long enough to view or download, short enough to not be a share link. */
export const TEMP_URL_SECONDS = 30 * 60;

/** This function's environment id, the `<env>` of `cloud://<env>.<bucket>/<path>`. */
export function currentEnv(): string {
  const ctx = cloud.getWXContext() as { ENV?: unknown };
  return typeof ctx.ENV === 'string' ? ctx.ENV : '';
}

export interface TempUrl {
  url: string;
  expiresAt: number;
}

/** fileId → temp URL for the files that exist (missing ones are left out). */
export async function tempUrls(
  fileIds: readonly string[],
  now: number,
  seconds = TEMP_URL_SECONDS,
): Promise<Map<string, TempUrl>> {
  const out = new Map<string, TempUrl>();
  const unique = [...new Set(fileIds)];
  for (let i = 0; i < unique.length; i += STORAGE_BATCH) {
    const fileList = unique.slice(i, i + STORAGE_BATCH).map((fileID) => ({ fileID, maxAge: seconds }));
    const res = (await cloud.getTempFileURL({ fileList })) as {
      fileList: { fileID: string; tempFileURL: string; status: number }[];
    };
    for (const f of res.fileList)
      if (f.status === 0 && f.tempFileURL)
        out.set(f.fileID, { url: f.tempFileURL, expiresAt: now + seconds * 1000 });
  }
  return out;
}

/**
 * Writes a file the server made (a history or roster export) and hands back its id with a temp
 * URL, so the phone can download it right away.
 */
export async function storeFile(
  cloudPath: string,
  content: Buffer,
  now: number,
): Promise<{ fileId: string; tempFileURL: string }> {
  const uploaded = (await cloud.uploadFile({ cloudPath, fileContent: content })) as { fileID: string };
  const fileId = uploaded.fileID;
  return { fileId, tempFileURL: (await tempUrls([fileId], now)).get(fileId)?.url ?? '' };
}

/** Deletes files, 50 per call; returns how many were deleted. */
export async function deleteStoredFiles(fileIds: readonly string[]): Promise<number> {
  const unique = [...new Set(fileIds)];
  let deleted = 0;
  for (let i = 0; i < unique.length; i += STORAGE_BATCH) {
    const res = (await cloud.deleteFile({ fileList: unique.slice(i, i + STORAGE_BATCH) })) as {
      fileList: { status: number }[];
    };
    deleted += res.fileList.filter((f) => f.status === 0).length;
  }
  return deleted;
}
