// Indexes only change speed, never answers: the same random queries over the same random data
// answer identically with declared indexes (SQL narrowing and ORDER BY/LIMIT push-down) and
// without (mingo over every row). Plus: data survives reopening a file-backed local cloud.
import fs from 'fs';
import os from 'os';
import path from 'path';
import type { LocalCloud } from '../../localcloud/cloud';
import { prng } from '../../localcloud/seed/names';
import { asCaller, openLocal, type Db, type Result } from './helpers';

const GROUPS = ['g0', 'g1', 'g2', 'g3'];
const WORDS = ['apple', 'Banana', 'cherry', '桃子', '', 'apple pie'];

/** Mostly well-typed rows, with the odd wrong type or missing field an index must not trip on. */
function randomRow(rand: () => number, i: number): Record<string, unknown> {
  const pick = <T>(list: T[]) => list[Math.floor(rand() * list.length)];
  const row: Record<string, unknown> = { _id: `r${String(i).padStart(4, '0')}`, g: pick(GROUPS), seq: i };
  const r = rand();
  if (r < 0.8) row.n = Math.floor(rand() * 20);
  else if (r < 0.85) row.n = rand() * 20;
  else if (r < 0.95) row.n = null;
  // `m` sometimes holds booleans, which SQL cannot compare like MongoDB: its index must be
  // given up (and the answers stay right).
  row.m = rand() < 0.1 ? rand() < 0.5 : Math.floor(rand() * 10);
  if (rand() < 0.9) row.s = pick(WORDS);
  // `w` holds numbers and strings: SQL orders those differently from MongoDB, so its index is
  // given up too.
  row.w = rand() < 0.5 ? pick(WORDS) : Math.floor(rand() * 5);
  row.nested = { k: Math.floor(rand() * 5) };
  // `b` holds only booleans (or nothing): SQL compares them as 1/0, which is right as long as
  // no number ever shares the field.
  const coin = rand();
  if (coin < 0.9) row.b = coin < 0.45;
  return row;
}

type Cond = Record<string, unknown>;

function randomQuery(rand: () => number, _: Db['command']) {
  const pick = <T>(list: T[]) => list[Math.floor(rand() * list.length)];
  const num = () => Math.floor(rand() * 22) - 1;
  const conds: (() => Cond)[] = [
    () => ({ g: pick(GROUPS) }),
    () => ({ g: _.in([pick(GROUPS), pick(GROUPS)]) }),
    () => ({ n: num() }),
    () => ({ n: _.gt(num()) }),
    () => ({ n: _.lte(num()) }),
    () => ({ n: _.gte(num()).and(_.lt(num())) }),
    () => ({ n: _.in([num(), num(), num()]) }),
    () => ({ n: _.neq(num()) }),
    () => ({ n: _.exists(false) }),
    () => ({ n: null }),
    () => ({ s: null, g: pick(GROUPS) }),
    () => ({ m: _.gte(num()) }),
    () => ({ m: true }),
    () => ({ n: _.lt('c') }),
    () => ({ s: _.gt(3) }),
    () => ({ w: _.gte(2) }),
    () => ({ w: _.lt('c') }),
    () => ({ s: pick(WORDS) }),
    () => ({ s: _.gt(pick(WORDS)) }),
    () => ({ s: _.lt('c') }),
    () => ({ s: /apple/ }),
    () => ({ 'nested.k': _.gte(2) }),
    () => ({ seq: _.lt(Math.floor(rand() * 400)) }),
    () => ({ b: pick([true, false]) }),
    () => ({ b: _.neq(pick([true, false])) }),
    () => ({ b: _.in([pick([true, false])]) }),
    () => ({ b: 1 }),
    () => ({ n: true }),
    () => ({ _id: _.gt(`r0${Math.floor(rand() * 400)}`) }),
    () => ({ _id: _.lte(`r0${Math.floor(rand() * 400)}`) }),
  ];
  // Top-level $or (what the functions' keyset cursors and "either" lookups send).
  const ors = [
    () => _.or([{ g: pick(GROUPS), n: _.gt(num()) }, { seq: _.lt(Math.floor(rand() * 400)) }]),
    () => _.or([{ g: pick(GROUPS) }, { s: /apple/ }]),
    () => _.or([{ b: true }, { _id: _.gte(`r0${Math.floor(rand() * 400)}`) }]),
  ];
  const fields: Cond = {};
  const count = Math.floor(rand() * 3);
  for (let k = 0; k < count; k++) Object.assign(fields, pick(conds)());
  const where = rand() < 0.25 ? _.and([fields, pick(ors)()]) : fields;
  const order: [string, 'asc' | 'desc'][] = [];
  const keys = ['n', 's', 'g', 'seq', 'm', 'w', 'b', '_id'];
  const orderCount = Math.floor(rand() * 3);
  for (let k = 0; k < orderCount; k++) {
    const key = pick(keys);
    if (!order.some(([f]) => f === key)) order.push([key, rand() < 0.5 ? 'asc' : 'desc']);
  }
  const skip = rand() < 0.3 ? Math.floor(rand() * 30) : 0;
  const limit = pick([1, 5, 20, 100, 1000]);
  return { where, order, skip, limit };
}

describe('indexed and unindexed collections answer alike', () => {
  let local: LocalCloud;
  const run = (work: (db: Db) => unknown) => asCaller(local, work);

  beforeAll(async () => {
    local = openLocal();
    local.db.createCollection('indexed', [
      ['g', 'n'],
      ['g', 'seq'],
      ['n'],
      ['s'],
      ['seq'],
      ['nested.k'],
      ['m'],
      ['w'],
      ['b'],
    ]);
    local.db.createCollection('plain');
    const rand = prng(20261125);
    const rows = Array.from({ length: 400 }, (_, i) => randomRow(rand, i));
    await run((db) => db.collection('indexed').add({ data: rows }));
    await run((db) => db.collection('plain').add({ data: rows }));
    expect(local.db.tables.fieldKinds('indexed')).toEqual({
      _id: 'string',
      b: 'boolean',
      g: 'string',
      n: 'number',
      s: 'string',
      seq: 'number',
      'nested.k': 'number',
      m: 'mixed',
      w: 'mixed',
    });
  });
  afterAll(() => local.close());

  it('over 300 random where/orderBy/skip/limit queries and counts', async () => {
    const rand = prng(7);
    let pushedDownRowsSaved = 0;
    for (let i = 0; i < 300; i++) {
      const answers = [];
      let q: ReturnType<typeof randomQuery> | undefined;
      for (const coll of ['indexed', 'plain']) {
        const before = local.db.examined;
        const result = await run(async (db) => {
          q ??= randomQuery(rand, db.command);
          let query = db.collection(coll).where(q.where);
          for (const [field, dir] of q.order) query = query.orderBy(field, dir) as typeof query;
          const list = ((await query.skip(q.skip).limit(q.limit).get()) as Result).data;
          const total = ((await db.collection(coll).where(q.where).count()) as Result).total;
          return { list, total };
        });
        answers.push({ ...result, examined: local.db.examined - before });
      }
      const [indexed, plain] = answers;
      const context = JSON.stringify(q);
      expect({ context, list: indexed.list, total: indexed.total }).toEqual({
        context,
        list: plain.list,
        total: plain.total,
      });
      pushedDownRowsSaved += plain.examined - indexed.examined;
    }
    // The indexes did narrow: far fewer rows were read than by scanning.
    expect(pushedDownRowsSaved).toBeGreaterThan(300 * 100);
  });

  it('conversation-style range query (g = X, seq < N, orderBy seq desc, limit 20) reads only 20 rows', async () => {
    const before = local.db.examined;
    const res = await run((db) =>
      db
        .collection('indexed')
        .where({ g: 'g1', seq: db.command.lt(300) })
        .orderBy('seq', 'desc')
        .limit(20)
        .get(),
    );
    expect(local.db.examined - before).toBe(20);
    const plan = local.db.tables.explain('indexed', { g: 'g1', seq: { $lt: 300 } }, { seq: -1 }, 20);
    expect(plan.join('\n')).toMatch(/USING INDEX .*g_seq/);
    expect(plan.join('\n')).not.toMatch(/^SCAN/m);
    const expected = await run((db) =>
      db
        .collection('plain')
        .where({ g: 'g1', seq: db.command.lt(300) })
        .orderBy('seq', 'desc')
        .limit(20)
        .get(),
    );
    expect(res.data).toEqual(expected.data);
  });
});

describe('a file-backed local cloud', () => {
  it('keeps collections, indexes, documents and pending-free state across reopening', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tongshi-persist-'));
    try {
      const first = openLocal({ dataDir });
      first.db.createCollection('notes', [['kind', 'at']]);
      const { _id } = await asCaller(first, (db) =>
        db
          .collection('notes')
          .add({ data: { kind: 'memo', at: 5, when: new Date(1_700_000_000_000), text: '你好' } }),
      );
      await asCaller(first, (db) =>
        db
          .collection('notes')
          .doc(_id)
          .update({ data: { at: db.command.inc(1) } }),
      );
      await asCaller(first, (db) => db.collection('employees').add({ data: { _id: 'e1', name: '李雷' } }));
      first.close();

      const second = openLocal({ dataDir });
      try {
        const got = await asCaller(second, (db) => db.collection('notes').doc(_id).get());
        expect(got.data).toEqual({
          _id,
          kind: 'memo',
          at: 6,
          when: new Date(1_700_000_000_000),
          text: '你好',
        });
        expect(second.db.tables.getById('employees', 'e1')).toEqual({ _id: 'e1', name: '李雷' });
        expect(second.db.tables.explain('notes', { kind: 'memo' }, { at: 1 }).join('\n')).toMatch(
          /USING INDEX/,
        );
      } finally {
        second.close();
      }
      const fresh = openLocal({ dataDir, fresh: true });
      expect(fresh.db.tables.count('employees')).toBe(0);
      expect(fresh.db.tables.has('notes')).toBe(false);
      fresh.close();
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('a multikey index on an array field', () => {
  let local: LocalCloud;
  const run = (work: (db: Db) => unknown) => asCaller(local, work);
  const TAGS = ['a', 'b', 'c', 'd', 'e'];

  beforeAll(async () => {
    local = openLocal();
    local.db.createCollection('tagged', [['tags'], ['k']], [], ['tags']);
    local.db.createCollection('untagged');
    const rand = prng(99);
    const rows = Array.from({ length: 200 }, (_, i) => {
      const row: Record<string, unknown> = { _id: `t${String(i).padStart(3, '0')}`, k: i % 7 };
      const r = rand();
      // Mostly arrays (with the odd repeat), sometimes a lone scalar, empty, or missing.
      if (r < 0.8)
        row.tags = Array.from({ length: Math.floor(rand() * 4) }, () => TAGS[Math.floor(rand() * 5)]);
      else if (r < 0.9) row.tags = TAGS[Math.floor(rand() * 5)];
      return row;
    });
    await run((db) => db.collection('tagged').add({ data: rows }));
    await run((db) => db.collection('untagged').add({ data: rows }));
  });
  afterAll(() => local.close());

  async function both(where: (db: Db) => Cond, limit = 1000) {
    const out = [];
    for (const coll of ['tagged', 'untagged']) {
      const before = local.db.examined;
      const res = await run(async (db) => ({
        list: (
          (await db.collection(coll).where(where(db)).orderBy('_id', 'asc').limit(limit).get()) as Result
        ).data,
        total: ((await db.collection(coll).where(where(db)).count()) as Result).total,
      }));
      out.push({ ...(res as { list: unknown[]; total: number }), examined: local.db.examined - before });
    }
    return out;
  }

  it('answers element matches like MongoDB, reading only the matching documents', async () => {
    for (const where of [
      () => ({ tags: 'a' }),
      (db: Db) => ({ tags: db.command.in(['b', 'e']) }),
      (db: Db) => ({ tags: db.command.in(['c']), k: 3 }),
      (db: Db) => _or(db),
    ]) {
      const [indexed, plain] = await both(where);
      expect(indexed.list).toEqual(plain.list);
      expect(indexed.total).toBe(plain.total);
      expect(indexed.examined).toBeLessThan(plain.examined);
    }
    const plan = local.db.tables.planFacts(
      'tagged',
      { tags: { $in: ['a', 'b'] } },
      { order: { _id: 1 }, limit: 50 },
    );
    expect(plan.narrowedBy).toContainEqual({ equal: ['tags'], range: null });
  });
  const _or = (db: Db) => db.command.or([{ tags: 'd' }, { k: 1 }]) as unknown as Cond;

  it('follows updates and removals in the same write', async () => {
    await run((db) =>
      db
        .collection('tagged')
        .doc('t000')
        .update({ data: { tags: ['zz', 'zz', 'y'] } }),
    );
    await run((db) =>
      db
        .collection('untagged')
        .doc('t000')
        .update({ data: { tags: ['zz', 'zz', 'y'] } }),
    );
    await run((db) => db.collection('tagged').doc('t001').remove());
    await run((db) => db.collection('untagged').doc('t001').remove());
    await run((db) =>
      db
        .collection('tagged')
        .where({ k: 2 })
        .update({ data: { tags: ['b', 'zz'] } }),
    );
    await run((db) =>
      db
        .collection('untagged')
        .where({ k: 2 })
        .update({ data: { tags: ['b', 'zz'] } }),
    );
    for (const where of [
      () => ({ tags: 'zz' }),
      () => ({ tags: 'y' }),
      (db: Db) => ({ tags: db.command.in(['a', 'zz']) }),
    ]) {
      const [indexed, plain] = await both(where);
      expect(indexed.list).toEqual(plain.list);
      expect(indexed.total).toBe(plain.total);
    }
  });

  it('refuses an array field inside a compound index (MongoDB refuses two; this engine any)', () => {
    expect(() => local.db.createCollection('bad', [['tags', 'k']], [], ['tags'])).toThrow(/array field/);
  });
});
