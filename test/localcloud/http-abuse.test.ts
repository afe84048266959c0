// The HTTP endpoint under malformed requests: every answer is the contract's envelope with an
// error code and a Chinese message (never Node's bare 400, a 500 or a reset), the database is
// unchanged, and the server still answers afterwards.
import net from 'net';
import type { LocalCloud } from '../../localcloud/cloud';
import { LocalServer, MAX_FUNCTION_BODY_BYTES } from '../../localcloud/server';
import { bootstrapAdmin, openCloud } from '../functions/helpers';
import { snapshot } from '../functions/payload-sweep';

let cloud: LocalCloud;
let server: LocalServer;
let base: string;
let before: string;
beforeAll(async () => {
  cloud = openCloud();
  await bootstrapAdmin(cloud, 'o_admin');
  server = new LocalServer(cloud);
  base = await server.listen(0);
  before = snapshot(cloud);
});
afterAll(async () => {
  await server.close();
  cloud.close();
});
afterEach(() => expect(snapshot(cloud)).toBe(before));

const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, { method: 'POST', body, headers: { 'x-wx-openid': 'o_admin', ...headers } });

/** The status and the refusal, checked to be the envelope with a Chinese message. */
async function refusal(res: Response) {
  const body = (await res.json()) as { ok: boolean; error: { code: string; message: string } };
  expect(body).toMatchObject({ ok: false, error: { code: expect.any(String), message: expect.any(String) } });
  expect(body.error.message).toMatch(/\p{Script=Han}/u);
  expect(JSON.stringify(body)).not.toMatch(/\n\s+at |Error:|node_modules/);
  return { status: res.status, code: body.error.code };
}

/** Raw bytes on a socket (what fetch refuses to send); resolves with what came back. */
function raw(text: string): Promise<string> {
  const { port } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), '127.0.0.1', () => socket.write(text));
    let out = '';
    socket.on('data', (c) => (out += c.toString('utf8')));
    socket.on('end', () => resolve(out));
    socket.on('error', reject);
  });
}

it('a body that is not JSON: 400 INVALID_ARGUMENT', async () => {
  for (const body of ['{"action":', 'action=me', '\uFEFF{"action":"me"}', "{'action':'me'}"])
    expect(await refusal(await post('/api/functions/directory', body))).toEqual({
      status: 400,
      code: 'INVALID_ARGUMENT',
    });
});

it('JSON that is not an object names no action: 200 INVALID_ARGUMENT', async () => {
  for (const body of ['null', '[]', '"me"', '42', 'true', '[{"action":"me"}]'])
    expect(await refusal(await post('/api/functions/directory', body))).toEqual({
      status: 200,
      code: 'INVALID_ARGUMENT',
    });
});

it('the content type is not looked at: a JSON body is read whatever it says', async () => {
  const res = await post('/api/functions/directory', '{"action":"me"}', { 'content-type': 'text/plain' });
  expect(await res.json()).toMatchObject({ ok: true, data: { bound: true, isAdmin: true } });
});

it('no X-WX-OPENID (or a blank one): UNAUTHENTICATED', async () => {
  for (const headers of [{}, { 'x-wx-openid': '   ' }] as Record<string, string>[]) {
    const res = await fetch(`${base}/api/functions/groups`, {
      method: 'POST',
      body: '{"action":"list"}',
      headers,
    });
    expect(await refusal(res)).toEqual({ status: 200, code: 'UNAUTHENTICATED' });
  }
});

it(`a body over CloudBase's ${MAX_FUNCTION_BODY_BYTES / 1024 / 1024} MB: 413 INVALID_ARGUMENT (was a 500 or a reset)`, async () => {
  const body = JSON.stringify({ action: 'list', junk: 'x'.repeat(MAX_FUNCTION_BODY_BYTES) });
  expect(await refusal(await post('/api/functions/groups', body))).toEqual({
    status: 413,
    code: 'INVALID_ARGUMENT',
  });
});

it('another method than POST: 405 with the envelope (was a bare 404)', async () => {
  for (const method of ['GET', 'PUT', 'DELETE', 'PATCH']) {
    const res = await fetch(`${base}/api/functions/directory`, { method });
    expect(res.headers.get('allow')).toBe('POST');
    expect(await refusal(res)).toEqual({ status: 405, code: 'INVALID_ARGUMENT' });
  }
});

it('an unknown function, even a malformed escape in its name: 404 NOT_FOUND (was a 500)', async () => {
  for (const path of ['nope', '__proto__', 'constructor', '%E0%A4%A', '%', 'directory%00'])
    expect(await refusal(await post(`/api/functions/${path}`, '{"action":"me"}'))).toEqual({
      status: 404,
      code: 'NOT_FOUND',
    });
});

it('timer functions are not for clients: 403 FORBIDDEN, with or without an OPENID (a headerless call ran the repair)', async () => {
  for (const name of ['maintenance', 'notify'])
    for (const headers of [{ 'x-wx-openid': '' }, {}] as Record<string, string>[]) {
      const res = await post(`/api/functions/${name}`, '{"Type":"Timer","TriggerName":"x"}', headers);
      expect(await refusal(res)).toEqual({ status: 403, code: 'FORBIDDEN' });
    }
});

it('a request Node cannot parse still gets a JSON envelope', async () => {
  const answer = await raw('GARBAGE / HTTP/1.1\r\n\r\n');
  expect(answer).toMatch(/^HTTP\/1\.1 400/);
  expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toMatchObject({
    ok: false,
    error: { code: 'INVALID_ARGUMENT', message: '请求格式不正确' },
  });
  const huge = await raw(
    `POST /api/functions/directory HTTP/1.1\r\nx-wx-openid: ${'o'.repeat(40_000)}\r\n\r\n`,
  );
  expect(huge).toMatch(/^HTTP\/1\.1 431/);
  expect(JSON.parse(huge.slice(huge.indexOf('\r\n\r\n') + 4))).toMatchObject({
    ok: false,
    error: { code: 'INVALID_ARGUMENT', message: '请求头过大' },
  });
});

it('a body cut off half way, then the server still answers', async () => {
  const { port } = new URL(base);
  await new Promise<void>((resolve) => {
    const socket = net.connect(Number(port), '127.0.0.1', () => {
      socket.write(
        'POST /api/functions/groups HTTP/1.1\r\nhost: x\r\nx-wx-openid: o_admin\r\ncontent-length: 1000\r\n\r\n{"action":"li',
      );
      setTimeout(() => {
        socket.destroy();
        resolve();
      }, 50);
    });
  });
  const res = await post('/api/functions/directory', '{"action":"me"}');
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({ ok: true, data: { bound: true } });
});
