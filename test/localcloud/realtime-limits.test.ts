// CloudBase's security-rule limits and realtime limits, enforced by the local cloud for watch():
// one test per limit showing the refusal in the real client's shape, and the valid forms accepted.
// Sources: docs.cloudbase.net/rule/reference/function (get → 使用限制, 性能说明),
// docs.cloudbase.net/rule/introduce (表达式 ≤ 1024 字符), docs.cloudbase.net/database/security-rules
// (查询条件必须是安全规则的子集), cloud.tencent.com/document/product/876/41801 (监听记录数上限 5000).
import fs from 'fs';
import os from 'os';
import path from 'path';
import type { LocalCloud } from '../../localcloud/cloud';
import { createClientDatabase, type Snapshot, type WatchError } from '../../localcloud/client/watch';
import { MAX_WATCH_RECORDS, RealtimeHub, realtimeHub } from '../../localcloud/realtime/hub';
import { clientRead } from '../../localcloud/realtime/clientReads';
import { inProcessWatch } from '../../localcloud/realtime/inprocess';
import { decide } from '../../localcloud/realtime/ranges';
import { RuleSet, RuleSyntaxError, type CollectionRule } from '../../localcloud/realtime/rules';
import { openCloud, seedDocs } from '../functions/helpers';
import { seedConversation, seedPeople } from '../functions/messages-fixture';

let cloud: LocalCloud;
beforeEach(async () => {
  // Refusals by the limits print a warning (what e2e looks for); these tests cause them on purpose.
  jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  cloud = openCloud();
  await seedPeople(cloud, 4);
  for (let i = 1; i <= 10; i++) await seedConversation(cloud, { id: `g${i}`, memberIds: ['e1', 'e2'] });
});
afterEach(() => {
  cloud.close();
  jest.restoreAllMocks();
});

const tick = () => new Promise((r) => setImmediate(r));
/**
 * The membership rule these limit tests count with (2 gets: binding, member record). The shipped
 * conversations rule adds a third, the group's own status (database-rules/README.md).
 */
const CONVERSATIONS: CollectionRule = {
  read: "get('database.members.' + doc._id + '_' + get('database.bindings.' + auth.openid).employeeId) != null",
  write: false,
};

/** A hub with these rules and no temporary allowances (the limits exactly as CloudBase's). */
function strictHub(rules: Record<string, CollectionRule> = { conversations: CONVERSATIONS }) {
  return new RealtimeHub(cloud, new RuleSet(rules), []);
}

async function watch(hub: RealtimeHub, openid: string, collection: string, where: Record<string, unknown>) {
  const snapshots: Snapshot[] = [];
  const errors: (WatchError & Error)[] = [];
  const db = createClientDatabase({ watch: (o, q, l) => hub.watch(o, q, l) }, () => openid);
  const w = db
    .collection(collection)
    .where(where)
    .watch({
      onChange: (s) => snapshots.push(s),
      onError: (e) => errors.push(e as WatchError & Error),
    });
  await tick();
  return { snapshots, errors, close: () => w.close() };
}

/** INIT_WATCH refused by the rules, as the real client reports it; returns the server's message. */
function refusal(errors: (WatchError & Error)[]): string {
  expect(errors).toHaveLength(1);
  const e = errors[0];
  expect(e).toBeInstanceOf(Error);
  expect(e.errCode).toBe(-402002);
  expect(e.message).toMatch(/^errCode: -402002 realtime listener init watch fail \| errMsg: Watch Error /);
  const m = /^Watch Error (\{.*\}) \(requestid: .+\)$/.exec(e.errMsg);
  const body = JSON.parse((m as RegExpExecArray)[1]) as { code: string; message: string };
  expect(body.code).toBe('COLLECTION_PERMISSION_DENIED');
  return body.message;
}

const ids = (n: number) => Array.from({ length: n }, (_, i) => `g${i + 1}`);
const or = (values: string[]) => ({ $or: values.map((_id) => ({ _id })) });

describe('get() with a doc variable (使用限制 1)', () => {
  it('refuses `in` with more than one value', async () => {
    const hub = strictHub();
    const r = await watch(hub, 'o_e1', 'conversations', { _id: { $in: ['g1', 'g2'] } });
    expect(refusal(r.errors)).toContain('doc._id is used in a get() path');
    expect(r.snapshots).toEqual([]);
    // A refusal by the limits is recorded (page tests and e2e fail on any); a member's is not.
    expect(hub.limitRefusals).toEqual([
      expect.stringContaining('conversations {"_id":{"$in":["g1","g2"]}} as o_e1'),
    ]);
    refusal((await watch(hub, 'o_e4', 'conversations', { _id: 'g1' })).errors);
    expect(hub.limitRefusals).toHaveLength(1);
  });

  it('refuses a query that does not pin the variable with == or in', async () => {
    for (const where of [{ type: 'group' }, { _id: { $gt: 'g1' } }, { _id: { $in: [] } }]) {
      const r = await watch(strictHub(), 'o_e1', 'conversations', where);
      expect(refusal(r.errors)).toContain('doc._id');
    }
  });

  it('accepts ==, a one-value in, and an or of == (one evaluation per value)', async () => {
    for (const where of [{ _id: 'g1' }, { _id: { $eq: 'g1' } }, { _id: { $in: ['g1'] } }, or(['g1', 'g2'])]) {
      const r = await watch(strictHub(), 'o_e1', 'conversations', where);
      expect(r.errors).toEqual([]);
      expect(r.snapshots[0].type).toBe('init');
    }
  });
});

describe('documents read by get() (使用限制 2)', () => {
  it('refuses a query whose gets read more than 10 documents', async () => {
    // The binding (1) + one member record per conversation: 10 conversations read 11 documents.
    const r = await watch(strictHub(), 'o_e1', 'conversations', or(ids(10)));
    expect(refusal(r.errors)).toContain('more than 10 documents');
  });

  it('accepts exactly 10 documents, and bills each one as a read of the watcher', async () => {
    const before = cloud.meter.snapshot();
    const r = await watch(strictHub(), 'o_e1', 'conversations', or(ids(9)));
    expect(r.errors).toEqual([]);
    expect(r.snapshots[0].docs).toHaveLength(9);
    const bill = cloud.meter.snapshot().minus(before).of('o_e1');
    expect(bill).toMatchObject({ ruleReads: 10, dbRequests: 1, functions: 0 });
  });
});

describe('limits on the rule text', () => {
  const refusedRule = async (read: string, expected: string) => {
    const r = await watch(strictHub({ conversations: { read, write: false } }), 'o_e1', 'conversations', {
      _id: 'g1',
    });
    expect(refusal(r.errors)).toContain(expected);
    expect(() => new RuleSet({ c: { read, write: false } }).readRule('c')).not.toThrow();
    expect(new RuleSet({ c: { read, write: false } }).readRule('c')).toBeInstanceOf(RuleSyntaxError);
  };
  const member = "get('database.members.' + doc._id + '_e1') != null";

  it('refuses a rule with more than 3 get() (使用限制 2)', async () => {
    await refusedRule([member, member, member, member].join(' && '), 'uses 4 get()');
    const three = await watch(
      strictHub({ conversations: { read: [member, member, member].join(' && '), write: false } }),
      'o_e1',
      'conversations',
      { _id: 'g1' },
    );
    expect(three.errors).toEqual([]);
  });

  it('refuses get() nested more than 2 deep (使用限制 3)', async () => {
    await refusedRule(
      "get('database.members.' + get('database.bindings.' + get('database.bindings.' + auth.openid).x).y) != null",
      'nested 3 deep',
    );
    // Depth 2 (the shipped conversations rule) is accepted: the tests above use it.
  });

  it('refuses a rule longer than 1,024 characters', async () => {
    const pad = (n: number) => `doc._id == '${'x'.repeat(n)}' || ${member}`;
    const at = (len: number) => pad(len - pad(0).length);
    expect(at(1024)).toHaveLength(1024);
    await refusedRule(at(1025), '1025 characters');
    const ok1024 = await watch(
      strictHub({ conversations: { read: at(1024), write: false } }),
      'o_e1',
      'conversations',
      { _id: 'g1' },
    );
    expect(ok1024.errors).toEqual([]);
  });

  it('a rule file CloudBase would refuse fails to load', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rules-'));
    fs.writeFileSync(path.join(dir, 'c.json'), JSON.stringify({ read: `doc.a == '${'x'.repeat(1100)}'` }));
    expect(() => RuleSet.fromDir(dir)).toThrow(/c\.json: rule is \d+ characters/);
    fs.rmSync(dir, { recursive: true });
  });
});

describe('the query must be a subset of the rule', () => {
  const rules = {
    notifications: { read: 'doc.owner == auth.openid', write: false },
    audit_log: { read: 'doc.published == true || doc.author == auth.openid', write: false },
    settings: { read: "!(doc.secret == true || doc.hidden == true) && doc.owner == 'o_e1'", write: false },
  };

  it('refuses a query that does not constrain a doc field the rule reads', async () => {
    const hub = strictHub(rules);
    expect(refusal((await watch(hub, 'o_e1', 'notifications', { kind: 'x' })).errors)).toContain(
      'does not constrain doc.owner',
    );
    expect(refusal((await watch(hub, 'o_e1', 'notifications', { owner: 'o_e2' })).errors)).toContain(
      'evaluates to false',
    );
    // A range does not pin the field: the rule cannot be shown to hold for every match.
    refusal((await watch(hub, 'o_e1', 'notifications', { owner: { $gte: 'o_e1' } })).errors);
    expect((await watch(hub, 'o_e1', 'notifications', { owner: 'o_e1' })).errors).toEqual([]);
  });

  it('an `||` rule is satisfied by a query on either side (the docs example), never by none', async () => {
    const hub = strictHub(rules);
    expect((await watch(hub, 'o_e1', 'audit_log', { published: true })).errors).toEqual([]);
    expect((await watch(hub, 'o_e1', 'audit_log', { author: 'o_e1' })).errors).toEqual([]);
    refusal((await watch(hub, 'o_e1', 'audit_log', {})).errors);
    refusal((await watch(hub, 'o_e1', 'audit_log', { published: false })).errors);
  });

  it('an unknown field never turns a negation into an allow', async () => {
    const hub = strictHub(rules);
    refusal((await watch(hub, 'o_e1', 'settings', { owner: 'o_e1' })).errors);
    const pinned = { owner: 'o_e1', secret: false, hidden: false };
    expect((await watch(hub, 'o_e1', 'settings', pinned)).errors).toEqual([]);
  });
});

describe('a range in the query against a comparison in the rule', () => {
  const member =
    "get('database.members.' + doc.conversationId + '_' + get('database.bindings.' + auth.openid).employeeId)";
  const rules = {
    messages: { read: `${member}.joinedAtSeq < doc.seq`, write: false },
    notifications: { read: 'doc.seq == 3', write: false },
  };
  beforeEach(() => {
    // e2 joined g1 when its last message was seq 5: history before that is not theirs.
    const m = cloud.db.tables.getById('members', 'g1_e2') as Record<string, unknown>;
    cloud.db.tables.put('members', { ...m, joinedAtSeq: 5 });
  });
  const late = async (seq: unknown) =>
    (await watch(strictHub(rules), 'o_e2', 'messages', { conversationId: 'g1', seq })).errors;

  it('accepts ranges inside the rule (seq > S with S ≥ joinedAtSeq) and pinned values in it', async () => {
    for (const seq of [{ $gt: 5 }, { $gte: 6 }, { $gt: 5, $lt: 9 }, { $gt: 40 }, 7, { $in: [6, 8] }])
      expect(await late(seq)).toEqual([]);
  });

  it('refuses a late joiner any range or value reaching before they joined', async () => {
    for (const seq of [{ $gt: 3 }, { $gte: 5 }, { $lt: 9 }, 4, { $in: [4, 8] }, { $ne: 2 }])
      expect(refusal(await late(seq))).toMatch(/doc\.seq|false/);
    expect(
      refusal((await watch(strictHub(rules), 'o_e2', 'messages', { conversationId: 'g1' })).errors),
    ).toContain('does not constrain doc.seq');
  });

  it('a range never satisfies == (the rule needs the value pinned)', async () => {
    const hub = strictHub(rules);
    refusal((await watch(hub, 'o_e1', 'notifications', { seq: { $gte: 3, $lte: 3 } })).errors);
    expect((await watch(hub, 'o_e1', 'notifications', { seq: 3 })).errors).toEqual([]);
  });
});

describe('5,000 records per watch', () => {
  const rules = { notifications: { read: 'doc.owner == auth.openid', write: false } };
  const docs = (n: number, from = 0) =>
    Array.from({ length: n }, (_, i) => ({ _id: `n${from + i}`, owner: 'o_e1' }));

  it('refuses a watch covering more than 5,000 records', async () => {
    cloud.db.tables.transaction(() => {
      for (const d of docs(MAX_WATCH_RECORDS + 1)) cloud.db.tables.insert('notifications', d);
    });
    const r = await watch(strictHub(rules), 'o_e1', 'notifications', { owner: 'o_e1' });
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0].errCode).toBe(-402002);
    expect(r.errors[0].errMsg).toMatch(/"code":"LIMIT_EXCEEDED".*5001 records.*5000/);
  });

  it('accepts 5,000, and ends the watch when it grows past them', async () => {
    cloud.db.tables.transaction(() => {
      for (const d of docs(MAX_WATCH_RECORDS)) cloud.db.tables.insert('notifications', d);
    });
    const r = await watch(strictHub(rules), 'o_e1', 'notifications', { owner: 'o_e1' });
    expect(r.errors).toEqual([]);
    expect(r.snapshots[0].docs).toHaveLength(MAX_WATCH_RECORDS);
    await seedDocs(cloud, 'notifications', docs(1, MAX_WATCH_RECORDS));
    await tick();
    expect(r.errors.map((e) => e.errCode)).toEqual([-402006]);
    expect(r.errors[0].errMsg).toMatch(/^LIMIT_EXCEEDED - the watch covers 5001 records/);
  });
});

describe('no temporary allowance left (issue 13: the 消息 tab watches its member records)', () => {
  it('the shipped hub refuses `_id in [my ids]` like CloudBase', async () => {
    const where = { _id: { $in: ids(10) } };
    refusal((await watch(realtimeHub(cloud), 'o_e1', 'conversations', where)).errors);
  });
});

describe('billing of a watch', () => {
  it('init and every push bill the watcher; the send bills its sender', async () => {
    const before = cloud.meter.snapshot();
    const r = await watch(strictHub(), 'o_e2', 'conversations', { _id: 'g1' });
    const sent = await cloud.call('messages', 'o_e1', {
      action: 'send',
      conversationId: 'g1',
      clientMsgId: 'm1',
      type: 'text',
      text: '你好',
    });
    expect(sent.result.ok).toBe(true);
    // The action's own report: one invocation, its database requests, one text check.
    expect(sent.bill).toMatchObject({
      functions: 1,
      dbRequests: sent.ops.requests,
      msgSecCheck: 1,
      storage: 0,
    });
    await tick();
    expect(r.snapshots).toHaveLength(2);
    const bill = cloud.meter.snapshot().minus(before);
    // The rule's two gets (binding, member record) at init, and again before the push.
    expect(bill.of('o_e2')).toEqual({
      functions: 0,
      dbRequests: 1,
      ruleReads: 2,
      pushRuleReads: 2,
      storage: 0,
      msgSecCheck: 0,
      pushes: 1,
    });
    expect(bill.of('o_e1')).toEqual(sent.bill);
    expect(sent.bill.dbRequests).toBeGreaterThan(0);
    expect(bill.sum(['o_e1', 'o_e2']).functions).toBe(1);
    await r.close();
  });
});

describe('client-side get() and count()', () => {
  const client = (openid: string) => createClientDatabase(inProcessWatch(cloud), () => openid);

  it('read under the same rules, 20 records at most, billed to the reader', async () => {
    // e2 is in g1..g10; 15 more member records make 25.
    const m = cloud.db.tables.getById('members', 'g1_e2') as Record<string, unknown>;
    for (let i = 11; i <= 25; i++)
      cloud.db.tables.put('members', { ...m, _id: `x${i}_e2`, conversationId: `x${i}` });
    const db = client('o_e2');
    const before = cloud.meter.snapshot();
    const mine = db.collection('members').where({ employeeId: 'e2' });
    expect((await mine.get()).data).toHaveLength(20);
    expect((await mine.limit(100).get()).data).toHaveLength(20);
    expect((await mine.skip(20).get()).data).toHaveLength(5);
    expect(await mine.count()).toEqual({ total: 25, errMsg: 'collection.count:ok' });
    // Four requests, each checking the rule's one get() (the binding).
    expect(cloud.meter.snapshot().minus(before).of('o_e2')).toMatchObject({ dbRequests: 4, ruleReads: 4 });
    expect((await db.collection('conversations').doc('g1').get()).data).toMatchObject({ _id: 'g1' });
    const either = db.command.or([{ _id: 'g1' }, { _id: 'g2' }]);
    expect((await db.collection('conversations').where(either).count()).total).toBe(2);
  });

  it('a refused read rejects like wx.cloud: errCode -502003 in the SDK error shape', async () => {
    const denied = async (p: Promise<unknown>, api: string) => {
      const e = (await p.then(
        () => null,
        (x: unknown) => x,
      )) as Error & { errCode: number; errMsg: string };
      expect(e).toBeInstanceOf(Error);
      expect(e.errCode).toBe(-502003);
      expect(e.message).toMatch(
        new RegExp(`^${api}:fail -502003 database permission denied\\. Permission denied: `),
      );
      expect(e.errMsg).toBe(e.message);
    };
    await denied(client('o_e2').collection('members').where({ employeeId: 'e3' }).get(), 'collection.get');
    await denied(
      client('o_e2').collection('members').where({ employeeId: 'e3' }).count(),
      'collection.count',
    );
    await denied(client('o_e4').collection('conversations').doc('g1').get(), 'collection.get');
    await denied(
      client('o_e4')
        .collection('messages')
        .where({ conversationId: 'g1', seq: { $gt: 0 } })
        .get(),
      'collection.get',
    );
    // The get() limits apply to reads as to watches.
    const strict = clientRead(strictHub(), 'o_e1', {
      collection: 'conversations',
      where: { _id: { $in: ['g1', 'g2'] } },
      kind: 'get',
    });
    expect(strict).toMatchObject({ ok: false, errCode: -502003 });
  });
});

describe('rule language', () => {
  it('decides a comparison over a whole range, either way round, or leaves it undecided', () => {
    const above5 = { lo: { v: 5, open: true } };
    expect(decide(above5, '>', 5)).toBe(true);
    expect(decide(above5, '>=', 5)).toBe(true);
    expect(decide(above5, '>', 6)).toBeNull();
    expect(decide(above5, '<=', 5)).toBe(false);
    expect(decide(above5, '<', 5, true)).toBe(true); // 5 < x
    expect(decide(above5, '>', 5, true)).toBe(false); // 5 > x
    expect(decide({ hi: { v: 3, open: false } }, '>', 3)).toBe(false);
    expect(decide({ hi: { v: 3, open: false } }, '<=', 3)).toBe(true);
    expect(decide({ hi: { v: 3, open: true } }, '<', 3)).toBe(true);
    expect(decide({ lo: { v: 'a', open: false } }, '>', 5)).toBeNull();
    expect(decide(above5, '==', 6)).toBeNull();
  });

  it('evaluates in, arrays, templates, comparisons and [key] access', () => {
    const rules = new RuleSet({
      a: { read: "doc.kind in ['x', 'y'] && doc.n >= 2 && -doc.n < 0", write: false },
      b: { read: 'get(`database.bindings.${auth.openid}`)["employeeId"] == doc.e', write: false },
    });
    const ctx = (doc: Record<string, unknown>) => ({
      auth: { openid: 'o1' },
      doc,
      now: 0,
      get: () => ({ employeeId: 'e1' }),
    });
    expect(rules.canRead('a', ctx({ kind: 'y', n: 2 }))).toBe(true);
    expect(rules.canRead('a', ctx({ kind: 'z', n: 2 }))).toBe(false);
    expect(rules.canRead('a', ctx({ kind: 'x', n: 1 }))).toBe(false);
    expect(rules.canRead('b', ctx({ e: 'e1' }))).toBe(true);
    expect(rules.canRead('b', ctx({ e: 'e2' }))).toBe(false);
  });
});
