// Which stored file belongs to whom. A chat file lives at
//   chat/<conversationId>/<uploader employeeId>/<random>.<ext>
// in this environment's bucket, so the path alone tells the server the conversation and the
// uploader without a lookup: `messages.send` accepts a file only when both are the caller's
// (a file of another group, another environment, an external URL or a path with `..` is
// refused), and a purge deletes only files under the purged conversation. The uploader segment
// is the employee id, not the openid: file ids are shown to every member, openids are not.
// The storage security rule (storage-rules/storage.json) refuses client uploads of any other
// shape; see storage-rules/README.md.
import crypto from 'crypto';
import type { FieldProblem } from './message';

/** Ids in paths: what newId() and the direct-chat ids produce, and nothing that could traverse. */
const SEGMENT = '[A-Za-z0-9_-]{1,64}';
const EXT = '[A-Za-z0-9]{1,10}';
const CHAT_PATH = new RegExp(`^chat/(${SEGMENT})/(${SEGMENT})/([A-Za-z0-9_-]{8,64})(?:\\.${EXT})?$`);
const ROSTER_PATH = new RegExp(`^roster/(${SEGMENT})/([A-Za-z0-9_-]{8,64})\\.(?:csv|xlsx)$`);
const FILE_ID = /^cloud:\/\/([A-Za-z0-9-]{1,64})\.([A-Za-z0-9-]{1,128})\/(.{1,400})$/;

export interface StoredFile {
  env: string;
  path: string;
}

/** `cloud://<env>.<bucket>/<path>` → env and path; null for anything else (https://, junk). */
export function parseFileId(fileId: string): StoredFile | null {
  const m = FILE_ID.exec(fileId);
  return m ? { env: m[1], path: m[3] } : null;
}

/** A file id of this environment; null when it names another environment or is not a file id. */
export function pathInEnv(fileId: string, env: string): string | null {
  const f = parseFileId(fileId);
  return f && f.env === env ? f.path : null;
}

/** The extension a stored name keeps (lower case, letters and digits only), or ''. */
export function extensionOf(fileName: string): string {
  const m = /\.([A-Za-z0-9]{1,10})$/.exec(fileName.trim());
  return m ? m[1].toLowerCase() : '';
}

const randomName = (fileName: string): string => {
  const ext = extensionOf(fileName);
  return crypto.randomBytes(12).toString('hex') + (ext ? `.${ext}` : '');
};

/** Where a client uploads a chat file (the mini program builds the same path in services/files). */
export const chatFilePath = (conversationId: string, uploaderId: string, fileName: string): string =>
  `chat/${conversationId}/${uploaderId}/${randomName(fileName)}`;

const EXPORT_PATH = new RegExp(`^exports/(${SEGMENT})/[0-9a-f]{24}\\.xlsx$`);

/** Where the server writes a history export: random, so it cannot be guessed from the group id. */
export const exportFilePath = (conversationId: string): string =>
  `exports/${conversationId}/${crypto.randomBytes(12).toString('hex')}.xlsx`;

export interface ChatFileOwner {
  conversationId: string;
  uploaderId: string;
}

export function chatFileOwner(fileId: string, env: string): ChatFileOwner | null {
  const path = pathInEnv(fileId, env);
  const m = path === null ? null : CHAT_PATH.exec(path);
  return m ? { conversationId: m[1], uploaderId: m[2] } : null;
}

/** A send may carry only a file the caller uploaded for this conversation in this environment. */
export function chatFileProblems(fileId: string, env: string, expected: ChatFileOwner): FieldProblem[] {
  const owner = chatFileOwner(fileId, env);
  if (!owner) return [{ path: 'fileId', message: '文件无效，请重新上传' }];
  if (owner.conversationId !== expected.conversationId || owner.uploaderId !== expected.uploaderId)
    return [{ path: 'fileId', message: '只能发送自己在本会话上传的文件' }];
  return [];
}

/** The roster file an admin uploaded (roster/<employeeId>/<random>.csv|xlsx) in this environment. */
export function rosterFileUploader(fileId: string, env: string): string | null {
  const path = pathInEnv(fileId, env);
  const m = path === null ? null : ROSTER_PATH.exec(path);
  return m ? m[1] : null;
}

/**
 * Files a purge of `conversationId` may delete: this environment's files under its own chat or
 * export folder. Anything else a message or audit entry points at (a forged reference to another
 * group's file, written before sends were checked) is left alone.
 */
export function belongsToConversation(fileId: string, env: string, conversationId: string): boolean {
  const path = pathInEnv(fileId, env);
  if (path === null || path.includes('..') || path.includes('//') || path.includes('\\')) return false;
  return path.startsWith(`chat/${conversationId}/`) || path.startsWith(`exports/${conversationId}/`);
}

/** A history export of this environment (exports/<conversationId>/<random>.xlsx), else false. */
export function isExportFile(fileId: string, env: string): boolean {
  const path = pathInEnv(fileId, env);
  return path !== null && EXPORT_PATH.test(path);
}
