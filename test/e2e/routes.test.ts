// The preview's HTTP side without a browser: the HTTP transport of createWxCloud (functions and
// storage) and the preview-only routes (act-as search, default identity, emulated phone codes),
// against a real LocalServer with the preview registered.
import { LocalCloud } from '../../localcloud/cloud';
import { LocalServer } from '../../localcloud/server';
import { registerPreview } from '../../localcloud/preview/routes';
import { createHttpTransport } from '../../localcloud/client/http';
import { createWxCloud } from '../../localcloud/client/wxcloud';

jest.setTimeout(60_000);

let cloud: LocalCloud;
let server: LocalServer;
let base: string;

beforeAll(async () => {
  cloud = new LocalCloud();
  server = new LocalServer(cloud);
  await registerPreview(server);
  base = await server.listen(0);
});

afterAll(async () => {
  await server.close();
  cloud.close();
});

const get = async <T>(path: string): Promise<T> =>
  (await fetch(`${base}${path}`, { headers: { connection: 'close' } })).json() as Promise<T>;

test('callFunction over HTTP reaches the cloud function as the acting OPENID', async () => {
  const wxCloud = createWxCloud({
    transport: createHttpTransport({ baseUrl: base }),
    openid: () => 'o_routes_admin',
  });
  const before = await wxCloud.callFunction({ name: 'directory', data: { action: 'me' } });
  expect(before.result).toMatchObject({ ok: true, data: { bound: false } });
  const boot = await wxCloud.callFunction({
    name: 'admin',
    data: { action: 'bootstrap', name: '周总', mobile: '13800000009', setupToken: 'local-setup' },
  });
  expect(boot.result).toMatchObject({ ok: true });
  const after = await wxCloud.callFunction({ name: 'directory', data: { action: 'me' } });
  expect(after.result).toMatchObject({
    ok: true,
    data: { bound: true, isAdmin: true, employee: { name: '周总' } },
  });
});

test("uploadFile stores the bytes at the caller's own path; clients cannot read files back; the owner may delete", async () => {
  const transport = createHttpTransport({ baseUrl: base });
  const me = await transport.callFunction('directory', 'o_routes_admin', { action: 'me' });
  const employeeId = (me as { data: { employee: { id: string } } }).data.employee.id;
  const bytes = Buffer.from('姓名,手机号\n李四,13900000009\n', 'utf8');
  const { fileID } = await transport.uploadFile(
    'o_routes_admin',
    `roster/${employeeId}/a1b2c3d4e5.csv`,
    bytes,
  );
  expect(fileID).toMatch(/^cloud:\/\/.+roster\/.+\/a1b2c3d4e5\.csv$/);
  expect(cloud.storage.read(fileID)?.equals(bytes)).toBe(true);

  // storage-rules/storage.json: read is false for every client, the uploader included.
  const [file] = await transport.getTempFileURL('o_routes_admin', [fileID]);
  expect(file).toMatchObject({ status: -1, tempFileURL: '' });
  const [missing] = await transport.getTempFileURL('o_routes_admin', [
    'cloud://local.tongshi-local/nope.png',
  ]);
  expect(missing).toMatchObject({ status: -1, tempFileURL: '' });

  const [foreign] = await transport.deleteFile('o_someone_else', [fileID]);
  expect(foreign.status).toBe(-1);
  expect(cloud.storage.exists(fileID)).toBe(true);
  const [removed] = await transport.deleteFile('o_routes_admin', [fileID]);
  expect(removed.status).toBe(0);
  expect(cloud.storage.exists(fileID)).toBe(false);
});

test('an upload without a cloud path, or outside the allowed shapes, is refused and stores nothing', async () => {
  const res = await fetch(`${base}/api/preview/storage/upload?cloudPath=`, { method: 'POST', body: 'x' });
  expect(res.status).toBe(400);
  const escape = await fetch(
    `${base}/api/preview/storage/upload?cloudPath=${encodeURIComponent('../../etc/x')}`,
    { method: 'POST', body: 'x', headers: { 'x-wx-openid': 'o_routes_admin' } },
  );
  expect(escape.status).toBe(403);
});

test('the act-as panel finds employees by name; the default identity is the first admin', async () => {
  const imported = await cloud.invoke<{ invites: { employeeId: string; name: string }[] }>(
    'admin',
    'o_routes_admin',
    {
      action: 'importRoster',
      rows: [{ 姓名: '孙丽', 手机号: '13900000011', 部门: '门店/一店', 职位: '导购' }],
    },
  );
  expect(imported.ok).toBe(true);
  const { items } = await get<{
    items: { name: string; openid: string; bound: boolean; department: string }[];
  }>(`/api/preview/employees?q=${encodeURIComponent('孙')}`);
  const sun = items.find((p) => p.name === '孙丽');
  expect(sun).toMatchObject({ bound: false, department: '一店' });
  // Unbound people act with the preview's own OPENID, which names their roster entry.
  expect(sun?.openid).toMatch(/^o_as_/);
  expect(await get('/api/preview/info')).toEqual({ defaultOpenid: 'o_routes_admin' });
});

test("the phone button's code binds the acting employee by their roster mobile, once", async () => {
  const { items } = await get<{ items: { name: string; openid: string }[] }>(
    `/api/preview/employees?q=${encodeURIComponent('孙丽')}`,
  );
  const openid = items[0].openid;
  const res = await fetch(`${base}/api/preview/phone-code`, {
    method: 'POST',
    headers: { 'x-wx-openid': openid },
  });
  const { code } = (await res.json()) as { code: string };
  expect(code).toMatch(/^preview-/);
  const bound = await cloud.invoke<{ employee: { name: string } }>('directory', openid, {
    action: 'bindByPhone',
    phoneCode: code,
  });
  expect(bound).toMatchObject({ ok: true, data: { employee: { name: '孙丽' } } });
  // WeChat's codes are single-use; so are the emulation's.
  const again = await cloud.invoke('directory', 'o_routes_other', { action: 'bindByPhone', phoneCode: code });
  expect(again.ok).toBe(false);
  // An identity with no roster entry gets no code.
  const none = await fetch(`${base}/api/preview/phone-code`, {
    method: 'POST',
    headers: { 'x-wx-openid': 'o_nobody' },
  });
  expect(none.status).toBe(404);
});

test('the preview pages and assets are served', async () => {
  const host = await fetch(`${base}/`);
  expect(host.status).toBe(200);
  expect(await host.text()).toContain('/preview/assets/host.js');
  const frame = await fetch(`${base}/frame?as=o_x`);
  expect(await frame.text()).toContain('/preview/assets/frame.js');
  const app = await fetch(`${base}/preview/assets/app.js`);
  expect(app.status).toBe(200);
  const etag = app.headers.get('etag') ?? '';
  await app.arrayBuffer();
  const cached = await fetch(`${base}/preview/assets/app.js`, { headers: { 'if-none-match': etag } });
  expect(cached.status).toBe(304);
  expect((await fetch(`${base}/nope`)).status).toBe(404);
});
