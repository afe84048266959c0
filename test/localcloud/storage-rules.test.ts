// The local cloud enforces storage-rules/storage.json on its client storage routes, the file the
// README has pasted into CloudBase: no client reads a file (a non-member's download is refused,
// a member's too — links come from messages.fileUrls), and a client writes only its own files at
// the upload shapes, under its own employee id (the local cloud's stricter check).
import { LocalCloud } from '../../localcloud/cloud';
import { LocalServer } from '../../localcloud/server';
import { registerStorageRoutes } from '../../localcloud/preview/storageRoutes';
import { StorageRules } from '../../localcloud/storageRules';
import { ok, uploadChatFile } from '../functions/helpers';
import { seedConversation, seedPeople, type Person } from '../functions/messages-fixture';

let cloud: LocalCloud;
let server: LocalServer;
let base: string;
let people: Person[];

beforeAll(async () => {
  cloud = new LocalCloud();
  server = new LocalServer(cloud);
  registerStorageRoutes(server);
  base = await server.listen(0);
  people = await seedPeople(cloud, 3);
  await seedConversation(cloud, { id: 'g1', memberIds: ['e1', 'e2'] });
});
afterAll(async () => {
  await server.close();
  cloud.close();
});

const upload = (openid: string, cloudPath: string, body = 'bytes') =>
  fetch(`${base}/api/preview/storage/upload?cloudPath=${encodeURIComponent(cloudPath)}`, {
    method: 'POST',
    body,
    headers: openid ? { 'x-wx-openid': openid } : {},
  });
const post = async (route: string, openid: string, fileList: string[]) =>
  (await (
    await fetch(`${base}/api/preview/storage/${route}`, {
      method: 'POST',
      body: JSON.stringify({ fileList }),
      headers: { 'x-wx-openid': openid, 'content-type': 'application/json' },
    })
  ).json()) as { fileList: { status: number; tempFileURL?: string; errMsg: string }[] };

describe('storage rule (storage-rules/storage.json)', () => {
  const rules = StorageRules.fromFile();
  const chat = 'chat/g1/e1/0123456789ab.png';

  it('reads are refused for everyone, the owner included', () => {
    expect(rules.canRead('o_e1', { openid: 'o_e1', path: chat })).toBe(false);
    expect(rules.canRead('', { openid: 'o_e1', path: chat })).toBe(false);
  });

  it.each([
    ['a history export, for any signed-in user (its id is random and it is deleted at once)', 'o_e2', true],
    ['a history export without a signed-in user', '', false],
  ])('read: %s', (_what, caller, allowed) => {
    expect(rules.canRead(caller, { openid: '', path: 'exports/g1/0123456789abcdef01234567.xlsx' })).toBe(
      allowed,
    );
  });

  it.each([
    ['an export with a short name', 'exports/g1/0123456789ab.xlsx'],
    ['an export of another type', 'exports/g1/0123456789abcdef01234567.csv'],
    ['a nested export path', 'exports/g1/x/0123456789abcdef01234567.xlsx'],
    ['a roster upload', 'roster/e1/0123456789ab.xlsx'],
  ])('read refused: %s', (_what, path) => {
    expect(rules.canRead('o_e1', { openid: 'o_e1', path })).toBe(false);
  });

  it.each([
    ['a chat upload', 'o_e1', 'o_e1', chat, true],
    ['a roster upload', 'o_e1', 'o_e1', 'roster/e1/0123456789ab.xlsx', true],
    ['no signed-in user', '', '', chat, false],
    ["another user's file", 'o_e2', 'o_e1', chat, false],
    ['a file the functions wrote', 'o_e1', '', chat, false],
    ['an export path', 'o_e1', 'o_e1', 'exports/g1/0123456789ab.xlsx', false],
    ['a user-written name in the path', 'o_e1', 'o_e1', 'chat/g1/e1/工资表.pdf', false],
    ['a traversal', 'o_e1', 'o_e1', 'chat/g1/e1/../../x/0123456789ab.png', false],
    ['a roster file of another type', 'o_e1', 'o_e1', 'roster/e1/0123456789ab.exe', false],
    ['the bucket root', 'o_e1', 'o_e1', 'cloudbase.sqlite', false],
  ])('write: %s → %s', (_what, caller, owner, path, allowed) => {
    expect(rules.canWrite(caller, { openid: owner, path })).toBe(allowed);
  });
});

describe('the local storage routes enforce it', () => {
  it("accepts an upload at the caller's own path and records the caller as owner", async () => {
    const res = await upload('o_e1', 'chat/g1/e1/aaaaaaaa0001.png');
    expect(res.status).toBe(200);
    expect(cloud.storage.ownerOf('chat/g1/e1/aaaaaaaa0001.png')).toBe('o_e1');
  });

  it.each([
    ["another employee's folder", 'o_e1', 'chat/g1/e2/aaaaaaaa0002.png'],
    ["another employee's roster folder", 'o_e1', 'roster/e2/aaaaaaaa0002.csv'],
    ['an export path', 'o_e1', 'exports/g1/aaaaaaaa0002.xlsx'],
    ['a free-form path', 'o_e1', 'chat/g1/aaaaaaaa0002-工资表.pdf'],
    ['a traversal', 'o_e1', '../../cloudbase.sqlite'],
    ['no caller', '', 'chat/g1/e1/aaaaaaaa0002.png'],
    ['an unbound caller', 'o_stranger', 'chat/g1/e1/aaaaaaaa0002.png'],
  ])('refuses an upload to %s and stores nothing', async (_what, openid, cloudPath) => {
    const res = await upload(openid, cloudPath);
    expect(res.status).toBe(403);
    expect(cloud.storage.exists(`cloud://local.tongshi-local/${cloudPath}`)).toBe(false);
  });

  it("refuses to overwrite or delete another user's file", async () => {
    const fileId = uploadChatFile(cloud, people[1], 'g1', 'b.png');
    const cloudPath = fileId.slice('cloud://local.tongshi-local/'.length);
    cloud.storage.upload(cloudPath, Buffer.from('original'), 'o_e2');
    expect((await upload('o_e1', cloudPath, 'overwritten')).status).toBe(403);
    expect((await post('delete', 'o_e1', [fileId])).fileList[0].status).toBe(-1);
    expect(cloud.storage.read(fileId)?.toString()).toBe('original');
  });

  it("refuses a non-member's download, through storage and through the function", async () => {
    const fileId = uploadChatFile(cloud, people[0], 'g1', 'c.png');
    const { message } = await ok<{ message: { id: string } }>(cloud, 'messages', 'o_e1', {
      action: 'send',
      conversationId: 'g1',
      clientMsgId: 'c1',
      type: 'image',
      fileId,
      fileSize: 5,
    });
    const direct = await post('temp-url', 'o_e3', [fileId]);
    expect(direct.fileList[0]).toMatchObject({ status: -1, tempFileURL: '' });
    const viaFunction = await cloud.invoke('messages', 'o_e3', {
      action: 'fileUrls',
      conversationId: 'g1',
      messageIds: [message.id],
    });
    expect(viaFunction).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // Guessing the file URL without a signed link gets nothing either.
    const path = fileId.slice('cloud://local.tongshi-local/'.length);
    expect((await fetch(`${base}/files/${path}`)).status).toBe(403);
  });

  it("a member's link works until it expires", async () => {
    const fileId = uploadChatFile(cloud, people[1], 'g1', 'd.png');
    const { message } = await ok<{ message: { id: string } }>(cloud, 'messages', 'o_e2', {
      action: 'send',
      conversationId: 'g1',
      clientMsgId: 'd1',
      type: 'image',
      fileId,
      fileSize: 5,
    });
    const { items } = await ok<{ items: { tempFileURL: string; expiresAt: number }[] }>(
      cloud,
      'messages',
      'o_e1',
      { action: 'fileUrls', conversationId: 'g1', messageIds: [message.id] },
    );
    const res = await fetch(items[0].tempFileURL);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('content of d.png');
    const start = Date.now();
    cloud.setClock(() => start + 31 * 60 * 1000);
    try {
      expect((await fetch(items[0].tempFileURL)).status).toBe(403);
    } finally {
      cloud.setClock(() => Date.now());
    }
  });
});

describe('history exports through the preview routes (what wx.cloud.downloadFile uses there)', () => {
  it('a signed-in caller gets a link to an export, which downloads; nobody may delete it', async () => {
    const fileId = cloud.storage.upload('exports/g1/0123456789abcdef01234567.xlsx', Buffer.from('xlsx'));
    const [link] = (await post('temp-url', 'o_e1', [fileId])).fileList;
    expect(link.status).toBe(0);
    expect(Buffer.from(await (await fetch(String(link.tempFileURL))).arrayBuffer()).toString()).toBe('xlsx');
    expect((await post('temp-url', '', [fileId])).fileList[0].status).toBe(-1);
    // Clients never delete it themselves: admin.deleteExport does, server-side.
    expect((await post('delete', 'o_e1', [fileId])).fileList[0].status).toBe(-1);
    expect(cloud.storage.exists(fileId)).toBe(true);
  });
});
