// db.watch() in the local cloud: CloudBase's snapshot shape, the member-only rules from
// database-rules/, and the SSE route for the browser preview.
import type { LocalCloud } from '../../localcloud/cloud';
import { createClientDatabase, type Snapshot, type WatchError } from '../../localcloud/client/watch';
import { realtimeHub } from '../../localcloud/realtime/hub';
import { inProcessWatch } from '../../localcloud/realtime/inprocess';
import { parseRule, RuleSet } from '../../localcloud/realtime/rules';
import { registerRealtimeRoutes } from '../../localcloud/realtime/sse';
import { LocalServer } from '../../localcloud/server';
import { ok, openCloud } from '../functions/helpers';
import { seedConversation, seedPeople } from '../functions/messages-fixture';

let cloud: LocalCloud;
beforeEach(async () => {
  // Refusals by the limits print a warning (what e2e looks for); some tests cause them on purpose.
  jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  cloud = openCloud();
  await seedPeople(cloud, 4);
  await seedConversation(cloud, { id: 'g1', memberIds: ['e1', 'e2', 'e3'] });
});
afterEach(() => {
  cloud.close();
  jest.restoreAllMocks();
});

const tick = () => new Promise((r) => setImmediate(r));

function recorder(openid: string) {
  const snapshots: Snapshot[] = [];
  const errors: WatchError[] = [];
  const db = createClientDatabase(inProcessWatch(cloud), () => openid);
  return {
    db,
    snapshots,
    errors,
    options: { onChange: (s: Snapshot) => snapshots.push(s), onError: (e: WatchError) => errors.push(e) },
  };
}

/**
 * A refused watch as the real client reports it: an Error with errCode -402002
 * (SDK_DATABASE_REALTIME_LISTENER_INIT_WATCH_FAIL) and COLLECTION_PERMISSION_DENIED in errMsg
 * and message (@cloudbase/database realtime/virtual-websocket-client.js, handleWatchEstablishmentError).
 */
function expectDenied(errors: WatchError[]) {
  expect(errors).toHaveLength(1);
  const e = errors[0] as WatchError & Error;
  expect(e).toBeInstanceOf(Error);
  expect(e.errCode).toBe(-402002);
  expect(e.errMsg).toMatch(
    /^Watch Error \{"code":"COLLECTION_PERMISSION_DENIED","message":".+"\} \(requestid: .+\)$/,
  );
  expect(e.message).toMatch(/^errCode: -402002 realtime listener init watch fail \| errMsg: Watch Error /);
}

describe('watch on conversations', () => {
  it('a member gets init, then an update with updatedFields when a message is sent', async () => {
    const r = recorder('o_e2');
    const w = r.db.collection('conversations').where({ _id: 'g1' }).watch(r.options);
    await tick();
    expect(r.snapshots[0]).toMatchObject({
      id: 1,
      type: 'init',
      docs: [{ _id: 'g1', lastSeq: 0 }],
      docChanges: [{ queueType: 'init', dataType: 'init', docId: 'g1' }],
    });
    await ok(cloud, 'messages', 'o_e1', {
      action: 'send',
      conversationId: 'g1',
      clientMsgId: 'a',
      type: 'text',
      text: '你好',
    });
    await tick();
    const last = r.snapshots[r.snapshots.length - 1];
    expect(last.type).toBeUndefined();
    expect(last.docChanges[0]).toMatchObject({
      queueType: 'update',
      dataType: 'update',
      docId: 'g1',
      updatedFields: { lastSeq: 1 },
    });
    expect(last.docs[0]).toMatchObject({ lastSeq: 1 });
    expect(r.errors).toEqual([]);
    await w.close();
    expect(realtimeHub(cloud).size).toBe(0);
  });

  it('refuses a non-member (and an unknown openid) with permission denied', async () => {
    for (const openid of ['o_e4', 'o_nobody']) {
      const r = recorder(openid);
      r.db.collection('conversations').where({ _id: 'g1' }).watch(r.options);
      await tick();
      expect(r.snapshots).toEqual([]);
      expectDenied(r.errors);
    }
  });

  it('refuses a query that is not a subset of the rule (no _id filter)', async () => {
    const r = recorder('o_e1');
    r.db.collection('conversations').where({ type: 'group' }).watch(r.options);
    await tick();
    expectDenied(r.errors);
  });

  it('a member removed later loses the watch (`_id in [many]` is refused: realtime-limits)', async () => {
    const watchBoth = () => {
      const w = recorder('o_e2');
      w.db.collection('conversations').where({ _id: 'g1' }).watch(w.options);
      return w;
    };
    const r = watchBoth();
    await tick();
    expect(r.snapshots[0].docs.map((d) => d._id)).toEqual(['g1']);
    cloud.db.tables.delete('members', 'g1_e2');
    await ok(cloud, 'messages', 'o_e1', {
      action: 'send',
      conversationId: 'g1',
      clientMsgId: 'b',
      type: 'text',
      text: '再见',
    });
    await tick();
    // The open watch ends with the server-error shape, the rule's code in its message.
    expect(r.errors.map((e) => e.errCode)).toEqual([-402006]);
    expect(r.errors[0].errMsg).toMatch(/^COLLECTION_PERMISSION_DENIED - /);
    // Opening it again is refused at INIT_WATCH.
    const again = watchBoth();
    await tick();
    expectDenied(again.errors);
  });
});

describe('watch on members and messages', () => {
  it('members: only my own records; read marker moves arrive live', async () => {
    const mine = recorder('o_e2');
    mine.db.collection('members').where({ employeeId: 'e2' }).watch(mine.options);
    const theirs = recorder('o_e2');
    theirs.db.collection('members').where({ employeeId: 'e3' }).watch(theirs.options);
    await tick();
    expect(mine.snapshots[0].docs).toHaveLength(1);
    expectDenied(theirs.errors);
    await ok(cloud, 'messages', 'o_e1', {
      action: 'send',
      conversationId: 'g1',
      clientMsgId: 'c',
      type: 'text',
      text: '1',
    });
    await ok(cloud, 'messages', 'o_e2', { action: 'markRead', conversationId: 'g1', seq: 1 });
    await tick();
    expect(mine.snapshots[mine.snapshots.length - 1].docChanges[0]).toMatchObject({
      updatedFields: { lastReadSeq: 1 },
    });
  });

  it('messages are readable by members only (privacy cases: realtime-privacy.test.ts)', async () => {
    const r = recorder('o_e4');
    r.db.collection('messages').where({ conversationId: 'g1' }).watch(r.options);
    await tick();
    expectDenied(r.errors);
  });
});

describe('rule files', () => {
  it('exist for every collection, with write: false everywhere', async () => {
    const { COLLECTIONS } = await import('../../cloudfunctions/core/store/collections');
    const rules = RuleSet.fromDir().rules;
    for (const name of Object.keys(COLLECTIONS)) {
      expect(rules[name]).toBeDefined();
      expect(rules[name].write).toBe(false);
    }
  });
});

describe('rule interpreter', () => {
  it('parses every rule file and denies on errors', () => {
    const rules = RuleSet.fromDir();
    expect(Object.keys(rules.rules)).toEqual(
      expect.arrayContaining(['conversations', 'members', 'messages']),
    );
    expect(() => parseRule("doc.a == 'x' && (auth.openid != null || !doc.b)")).not.toThrow();
    const ctx = { auth: { openid: 'o' }, doc: {}, now: 0, get: () => null };
    expect(rules.canRead('members', ctx)).toBe(false);
    expect(rules.canRead('unknown_collection', ctx)).toBe(false);
  });
});

describe('SSE route', () => {
  it('streams the init snapshot and changes as text/event-stream', async () => {
    const server = new LocalServer(cloud);
    registerRealtimeRoutes(server);
    const base = await server.listen(0);
    try {
      const ctrl = new AbortController();
      const query = JSON.stringify({ collection: 'conversations', where: { _id: 'g1' } });
      const res = await fetch(`${base}/api/watch?openid=o_e3&query=${encodeURIComponent(query)}`, {
        signal: ctrl.signal,
      });
      expect(res.headers.get('content-type')).toContain('text/event-stream');
      const reader = (res.body as ReadableStream<Uint8Array>).getReader();
      let text = '';
      const until = async (pred: () => boolean) => {
        while (!pred()) text += new TextDecoder().decode((await reader.read()).value);
      };
      await until(() => text.includes('event: change'));
      await ok(cloud, 'messages', 'o_e1', {
        action: 'send',
        conversationId: 'g1',
        clientMsgId: 'd',
        type: 'text',
        text: 'sse',
      });
      await until(() => (text.match(/event: change/g) ?? []).length >= 2);
      const events = text
        .split('\n\n')
        .filter((b) => b.startsWith('event: change'))
        .map((b) => JSON.parse(b.split('data: ')[1]) as Snapshot);
      expect(events[0].type).toBe('init');
      expect(events[1].docs[0]).toMatchObject({ lastSeq: 1 });
      ctrl.abort();
    } finally {
      await server.close();
    }
  });

  it('POST /api/db/read answers client reads as the X-WX-OPENID caller, under the rules', async () => {
    const server = new LocalServer(cloud);
    registerRealtimeRoutes(server);
    const base = await server.listen(0);
    try {
      const read = async (openid: string, body: object) =>
        (await fetch(`${base}/api/db/read`, {
          method: 'POST',
          headers: { 'x-wx-openid': openid, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        }).then((r) => r.json())) as Record<string, unknown>;
      const query = { collection: 'conversations', where: { _id: 'g1' }, kind: 'get' };
      expect(await read('o_e3', query)).toMatchObject({ ok: true, data: [{ _id: 'g1' }] });
      expect(await read('o_e4', query)).toMatchObject({ ok: false, errCode: -502003 });
      expect(await read('o_e3', { ...query, kind: 'count' })).toEqual({ ok: true, total: 1 });
    } finally {
      await server.close();
    }
  });

  it('a refused watch ends the stream with a watcherror in the real shape', async () => {
    const server = new LocalServer(cloud);
    registerRealtimeRoutes(server);
    const base = await server.listen(0);
    try {
      const query = JSON.stringify({ collection: 'conversations', where: { _id: 'g1' } });
      const res = await fetch(`${base}/api/watch?openid=o_e4&query=${encodeURIComponent(query)}`);
      const text = await res.text();
      const block = text.split('\n\n').find((b) => b.startsWith('event: watcherror')) as string;
      const error = JSON.parse(block.split('data: ')[1]) as WatchError;
      expect(error.errCode).toBe(-402002);
      expect(error.errMsg).toContain('"code":"COLLECTION_PERMISSION_DENIED"');
    } finally {
      await server.close();
    }
  });
});
