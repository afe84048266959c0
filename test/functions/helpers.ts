// Function tests: the real cloud functions, in-process, over a fresh in-memory local cloud.
import type { Envelope, Message } from '../../typings/api';
import type { DeployedFunction } from '../../cloudfunctions/core/platform/functions';
import { LocalCloud } from '../../localcloud/cloud';
import { chatFilePath } from '../../cloudfunctions/core/domain/files';
import { db } from '../../cloudfunctions/core/platform/cloud';
import { reindexEmployees } from '../../cloudfunctions/core/store/directoryIndex';

export const SETUP_TOKEN = 'local-setup';

export function openCloud(): LocalCloud {
  process.env.TONGSHI_SETUP_TOKEN = SETUP_TOKEN;
  return new LocalCloud();
}

/** Data of a successful call; fails the test with the error otherwise. */
export async function ok<T = unknown>(
  cloud: LocalCloud,
  fn: DeployedFunction,
  openid: string,
  data: object,
): Promise<T> {
  const res = (await cloud.invoke(fn, openid, data)) as Envelope<T>;
  if (!res.ok)
    throw new Error(`${fn}.${(data as { action?: string }).action} failed: ${JSON.stringify(res.error)}`);
  return res.data;
}

/** The error code of a call that must fail. */
export async function errorOf(cloud: LocalCloud, fn: DeployedFunction, openid: string, data: object) {
  const res = await cloud.invoke(fn, openid, data);
  if (res.ok) throw new Error(`${fn}.${(data as { action?: string }).action} unexpectedly succeeded`);
  return res.error;
}

export async function bootstrapAdmin(cloud: LocalCloud, openid = 'o_admin') {
  return ok<{ employee: { id: string } }>(cloud, 'admin', openid, {
    action: 'bootstrap',
    name: '王建国',
    mobile: '13800000000',
    setupToken: SETUP_TOKEN,
  });
}

/** A bound employee as the tests address them. */
export interface Person {
  id: string;
  openid: string;
  name: string;
}

/** Writes documents straight into the store as the seed user, 500 per add request. */
export async function seedDocs(cloud: LocalCloud, collection: string, docs: object[]): Promise<void> {
  await cloud.runAs('seed', async () => {
    for (let i = 0; i < docs.length; i += 500)
      await db()
        .collection(collection)
        .add({ data: docs.slice(i, i + 500) as unknown as Record<string, unknown> });
  });
  if (collection === 'employees' || collection === 'departments') await indexDirectory(cloud);
}

/**
 * Rebuilds the address-book index and department counts from the stored employees, as the
 * functions keep them (store/directoryIndex.ts): for fixtures that write employees directly.
 */
export async function indexDirectory(cloud: LocalCloud): Promise<void> {
  const ids = cloud.db.tables.scan('employees', {}).docs.map((d) => String(d._id));
  await cloud.runAs('seed', () => reindexEmployees(ids));
}

/** Stored documents whose fields equal `query`, read through the engine (scan narrows by index; the filter makes it exact). */
export function storedDocs<T = Record<string, unknown>>(
  cloud: LocalCloud,
  collection: string,
  query: Record<string, unknown>,
): T[] {
  return cloud.db.tables
    .scan(collection, query)
    .docs.filter((d) =>
      Object.entries(query).every(([k, v]) => (d as Record<string, unknown>)[k] === v),
    ) as unknown as T[];
}

// One counter for every clientMsgId and upload path a test file makes: a repeated clientMsgId
// would be answered as a retry of the earlier message.
let counter = 0;

/** messages.send of a text (extra fields such as mentions ride along); the stored message. */
export async function sendText(
  cloud: LocalCloud,
  who: Person,
  conversationId: string,
  text: string,
  extra: Record<string, unknown> = {},
): Promise<Message> {
  const { message } = await ok<{ message: Message }>(cloud, 'messages', who.openid, {
    action: 'send',
    conversationId,
    clientMsgId: `c${++counter}`,
    type: 'text',
    text,
    ...extra,
  });
  return message;
}

/** Stores a file where the page uploads it: chat/<conversation>/<uploader>/<random>.<ext>. */
export function uploadChatFile(
  cloud: LocalCloud,
  who: Person,
  conversationId: string,
  fileName: string,
): string {
  return cloud.storage.upload(
    chatFilePath(conversationId, who.id, fileName),
    Buffer.from(`content of ${fileName}`),
  );
}

/** Uploads a file to cloud storage the way the page does (wx.cloud.uploadFile) and sends it. */
export async function sendFile(
  cloud: LocalCloud,
  who: Person,
  conversationId: string,
  type: 'image' | 'file',
  fileName: string,
): Promise<Message> {
  const fileId = uploadChatFile(cloud, who, conversationId, fileName);
  const { message } = await ok<{ message: Message }>(cloud, 'messages', who.openid, {
    action: 'send',
    conversationId,
    clientMsgId: `c${++counter}`,
    type,
    fileId,
    fileName,
    fileSize: 20,
  });
  return message;
}
