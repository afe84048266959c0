// The abuse findings of issue 14, each with its exact error code and no state change: a send
// throttle, payload depth/size refused before anything costs, invisible-only text, strict
// cursors, FORBIDDEN first for non-managers, content checks on every user-written text, and the
// usage scope as "taking part".
import type { LocalCloud } from '../../localcloud/cloud';
import { LocalServer } from '../../localcloud/server';
import { SEND_BURST, SEND_REFILL_MS } from '../../cloudfunctions/core/domain/rateLimit';
import { MAX_PAYLOAD_DEPTH } from '../../cloudfunctions/core/domain/payload';
import { bootstrapAdmin, errorOf, ok, openCloud, uploadChatFile } from './helpers';
import { seedConversation, seedPeople, type Person } from './messages-fixture';

let cloud: LocalCloud;
let people: Person[];
let now: number;
beforeEach(async () => {
  cloud = openCloud();
  now = 1_800_000_000_000;
  cloud.setClock(() => now);
  people = await seedPeople(cloud, 5, now);
  // g1: e1 owner, e2 admin, e3 member
  await seedConversation(cloud, { id: 'g1', memberIds: ['e1', 'e2', 'e3'], adminIds: ['e2'] }, now);
});
afterEach(() => {
  cloud.setClock(() => Date.now());
  cloud.close();
});

const count = (collection: string) => cloud.db.tables.count(collection);
const conv = () => cloud.db.tables.getById('conversations', 'g1') as Record<string, unknown>;
const sendText = (who: Person, text: string, clientMsgId = `c${Math.random()}`) =>
  cloud.invoke('messages', who.openid, {
    action: 'send',
    conversationId: 'g1',
    clientMsgId,
    type: 'text',
    text,
  });

describe('send throttle', () => {
  it(`lets ${SEND_BURST} through, then answers RATE_LIMITED with the wait, and refills`, async () => {
    for (let i = 0; i < SEND_BURST; i++) expect((await sendText(people[2], `第${i}条`)).ok).toBe(true);
    const refused = await sendText(people[2], '太快了');
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'RATE_LIMITED', details: { retryAfterMs: SEND_REFILL_MS } },
    });
    expect(count('messages')).toBe(SEND_BURST);
    expect(conv().lastSeq).toBe(SEND_BURST);
    // Another user is not affected; the same user may send again once a token is back.
    expect((await sendText(people[1], '我不受影响')).ok).toBe(true);
    now += SEND_REFILL_MS;
    expect((await sendText(people[2], '又可以了')).ok).toBe(true);
    expect((await sendText(people[2], '再快也不行')).ok).toBe(false);
  });

  it('a refused sender costs no content check; a retry of a sent message is never refused', async () => {
    for (let i = 0; i < SEND_BURST; i++) await sendText(people[2], `第${i}条`, `m${i}`);
    const checks = cloud.openapi.calls.msgSecCheck;
    expect((await sendText(people[2], '被拦下')).ok).toBe(false);
    expect(cloud.openapi.calls.msgSecCheck).toBe(checks);
    expect((await sendText(people[2], '第0条', 'm0')).ok).toBe(true);
  });

  it('90 texts fired at once (the probe sent 500): only the burst is stored', async () => {
    const results = await Promise.all(
      Array.from({ length: SEND_BURST + 30 }, (_, i) => sendText(people[0], `刷屏${i}`)),
    );
    const codes = results.map((r) => (r.ok ? 'ok' : r.error.code));
    expect(codes.filter((c) => c === 'ok')).toHaveLength(SEND_BURST);
    expect(codes.filter((c) => c !== 'ok').every((c) => c === 'RATE_LIMITED')).toBe(true);
    expect(count('messages')).toBe(SEND_BURST);
  });
});

describe('payload shape before identity', () => {
  const nested = (depth: number): unknown => {
    let v: unknown = 'x';
    for (let i = 0; i < depth; i++) v = [v];
    return v;
  };

  it('a body nested 6,000 levels answers INVALID_ARGUMENT without a database request', async () => {
    const { result, ops } = await cloud.call('messages', people[0].openid, {
      action: 'send',
      conversationId: 'g1',
      clientMsgId: 'deep',
      type: 'text',
      text: nested(6000),
    });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', details: { limit: 'depth' } },
    });
    expect(ops.requests).toBe(0);
    // Even without a caller: the shape is judged first.
    const anonymous = await cloud.call('groups', '', { action: 'list', junk: nested(MAX_PAYLOAD_DEPTH + 1) });
    expect(anonymous.result).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });

  it('the HTTP endpoint refuses a deeply nested body before parsing it', async () => {
    const server = new LocalServer(cloud);
    const base = await server.listen(0);
    try {
      const body = `{"action":"list","x":${'['.repeat(6000)}${']'.repeat(6000)}}`;
      const res = await fetch(`${base}/api/functions/groups`, {
        method: 'POST',
        body,
        headers: { 'x-wx-openid': people[0].openid },
      });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
      // Brackets inside strings are text, not nesting.
      const text = await fetch(`${base}/api/functions/groups`, {
        method: 'POST',
        body: JSON.stringify({ action: 'list', keyword: '['.repeat(100) }),
        headers: { 'x-wx-openid': people[0].openid },
      });
      expect(text.status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('too many values answers INVALID_ARGUMENT', async () => {
    const { result, ops } = await cloud.call('groups', people[0].openid, {
      action: 'list',
      junk: Array.from({ length: 200_001 }, () => 1),
    });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', details: { limit: 'nodes' } },
    });
    expect(ops.requests).toBe(0);
  });

  it('importRoster-sized payloads still pass the shape check', async () => {
    await bootstrapAdmin(cloud);
    const rows = Array.from({ length: 2000 }, (_, i) => ({
      姓名: `员工${i}`,
      手机号: `137${String(i).padStart(8, '0')}`,
    }));
    const report = await ok<{ created: number }>(cloud, 'admin', 'o_admin', { action: 'importRoster', rows });
    expect(report.created).toBe(2000);
  });
});

describe('text that shows nothing is refused', () => {
  const ZW = '\u200B\u200C\u200D\u2060\uFEFF';

  it('a message of zero-width characters only', async () => {
    const res = await sendText(people[0], ZW);
    expect(res).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', details: { fields: [{ path: 'text' }] } },
    });
    expect(count('messages')).toBe(0);
  });

  it('a group name (create and update) and an announcement', async () => {
    const create = await errorOf(cloud, 'groups', people[0].openid, {
      action: 'create',
      name: ZW,
      employeeIds: ['e2'],
    });
    expect(create.code).toBe('INVALID_ARGUMENT');
    expect(count('conversations')).toBe(1);
    for (const patch of [{ name: ZW }, { name: ' \u3000 ' }, { announcement: ZW }]) {
      const error = await errorOf(cloud, 'groups', people[0].openid, {
        action: 'update',
        conversationId: 'g1',
        ...patch,
      });
      expect(error.code).toBe('INVALID_ARGUMENT');
    }
    expect(conv()).toMatchObject({ name: '测试群', announcement: '', lastSeq: 0 });
  });
});

describe('strict cursors', () => {
  it.each(['1e3', '0x1', ' 7', '1.5', '-1', '07x'])('groups.members refuses %j', async (cursor) => {
    const error = await errorOf(cloud, 'groups', people[0].openid, {
      action: 'members',
      conversationId: 'g1',
      cursor,
    });
    expect(error.code).toBe('INVALID_ARGUMENT');
  });

  it('a tampered audit or directory cursor is refused', async () => {
    await bootstrapAdmin(cloud);
    const good = Buffer.from(JSON.stringify([1000, 'x'])).toString('base64url');
    for (const cursor of [
      `${good}!!`,
      Buffer.from(JSON.stringify([1e3, 'x'])).toString('base64') + '=',
      Buffer.from('[-5,"x"]').toString('base64url'),
    ]) {
      expect((await errorOf(cloud, 'admin', 'o_admin', { action: 'auditLog', cursor })).code).toBe(
        'INVALID_ARGUMENT',
      );
    }
    const name = Buffer.from(JSON.stringify(['zw', 'e1'])).toString('base64url');
    expect(
      (await errorOf(cloud, 'directory', people[0].openid, { action: 'members', cursor: `${name}*` })).code,
    ).toBe('INVALID_ARGUMENT');
  });
});

describe('FORBIDDEN first for non-managers', () => {
  it.each([
    ['transferOwner to themself', { action: 'transferOwner', employeeId: 'e3' }],
    ['setAdmins naming themself', { action: 'setAdmins', employeeIds: ['e3'] }],
    [
      'setAdmins with too many',
      { action: 'setAdmins', employeeIds: Array.from({ length: 11 }, (_, i) => `x${i}`) },
    ],
    ['removeMembers of themself', { action: 'removeMembers', employeeIds: ['e3'] }],
    ['update', { action: 'update', announcement: '我来发公告' }],
    ['dissolve', { action: 'dissolve' }],
  ])('a plain member: %s', async (_what, data) => {
    const before = JSON.stringify(conv());
    const error = await errorOf(cloud, 'groups', people[2].openid, { conversationId: 'g1', ...data });
    expect(error.code).toBe('FORBIDDEN');
    expect(JSON.stringify(conv())).toBe(before);
  });

  it('an admin (not owner) naming themself in transferOwner', async () => {
    const error = await errorOf(cloud, 'groups', people[1].openid, {
      action: 'transferOwner',
      conversationId: 'g1',
      employeeId: 'e2',
    });
    expect(error.code).toBe('FORBIDDEN');
  });

  it('the owner naming themself still gets the friendly INVALID_ARGUMENT', async () => {
    const error = await errorOf(cloud, 'groups', people[0].openid, {
      action: 'transferOwner',
      conversationId: 'g1',
      employeeId: 'e1',
    });
    expect(error.code).toBe('INVALID_ARGUMENT');
  });
});

describe('every user-written text passes the content check', () => {
  const WORD = '违禁测试词';

  it('announcement, group name (update and create) and file name are refused with CONTENT_REJECTED', async () => {
    for (const patch of [{ announcement: `通知：${WORD}` }, { name: `${WORD}群` }]) {
      const error = await errorOf(cloud, 'groups', people[0].openid, {
        action: 'update',
        conversationId: 'g1',
        ...patch,
      });
      expect(error.code).toBe('CONTENT_REJECTED');
    }
    expect(conv()).toMatchObject({ name: '测试群', announcement: '', lastSeq: 0 });
    const create = await errorOf(cloud, 'groups', people[0].openid, {
      action: 'create',
      name: `${WORD}`,
      employeeIds: ['e2'],
    });
    expect(create.code).toBe('CONTENT_REJECTED');
    expect(count('conversations')).toBe(1);
    const file = await errorOf(cloud, 'messages', people[0].openid, {
      action: 'send',
      conversationId: 'g1',
      clientMsgId: 'f',
      type: 'file',
      fileId: uploadChatFile(cloud, people[0], 'g1', 'a.pdf'),
      fileName: `${WORD}.pdf`,
      fileSize: 3,
    });
    expect(file.code).toBe('CONTENT_REJECTED');
    expect(count('messages')).toBe(0);
  });

  it('a clean announcement is posted', async () => {
    await ok(cloud, 'groups', people[0].openid, {
      action: 'update',
      conversationId: 'g1',
      announcement: '周五盘点',
    });
    expect(conv()).toMatchObject({ announcement: '周五盘点', lastSeq: 1 });
  });
});

describe('the usage scope means taking part', () => {
  beforeEach(async () => {
    await bootstrapAdmin(cloud);
    await ok(cloud, 'admin', 'o_admin', {
      action: 'updateSettings',
      usageScope: { mode: 'restricted', employeeIds: ['e1', 'e2'], departmentIds: [] },
    });
  });

  it('someone outside cannot send, create a group or start a direct chat', async () => {
    expect((await sendText(people[2], '我还能说话吗')).ok).toBe(false);
    expect((await sendText(people[2], '我还能说话吗')) as unknown).toMatchObject({
      error: { code: 'FORBIDDEN' },
    });
    expect(
      (await errorOf(cloud, 'groups', people[2].openid, { action: 'create', employeeIds: ['e1'] })).code,
    ).toBe('FORBIDDEN');
    expect(
      (await errorOf(cloud, 'groups', people[2].openid, { action: 'openDirect', employeeId: 'e1' })).code,
    ).toBe('FORBIDDEN');
    expect(count('messages')).toBe(0);
    expect(count('conversations')).toBe(1);
  });

  it('someone inside still can', async () => {
    expect((await sendText(people[0], '正常发言')).ok).toBe(true);
  });
});
