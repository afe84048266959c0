// Conformance: where/orderBy/skip/limit/field/count/aggregate through the real wx-server-sdk.
import type { LocalCloud } from '../../localcloud/cloud';
import { asCaller, openLocal, type Db } from './helpers';

let local: LocalCloud;
const run = (work: (db: Db) => unknown) => asCaller(local, work);

const PEOPLE = [
  {
    _id: 'p1',
    name: '张伟',
    age: 31,
    dept: 'sales',
    city: { name: '上海', zone: 'east' },
    tags: ['a', 'b'],
    scores: [{ k: 'x', v: 3 }],
  },
  {
    _id: 'p2',
    name: '王芳',
    age: 25,
    dept: 'sales',
    city: { name: '北京', zone: 'north' },
    tags: ['b'],
    scores: [{ k: 'x', v: 9 }],
  },
  {
    _id: 'p3',
    name: 'Li Na',
    age: 40,
    dept: 'hr',
    city: { name: '上海', zone: 'east' },
    tags: [],
    scores: [],
    note: 'vip',
  },
  {
    _id: 'p4',
    name: 'li lei',
    age: 25,
    dept: 'hr',
    city: { name: '广州', zone: 'south' },
    tags: ['c'],
    scores: [{ k: 'y', v: 9 }],
  },
  {
    _id: 'p5',
    name: '刘洋',
    age: 52,
    dept: 'ops',
    city: { name: '北京', zone: 'north' },
    tags: ['a'],
    scores: [{ k: 'x', v: 1 }],
    note: null,
  },
];

beforeAll(async () => {
  local = openLocal();
  local.db.createCollection('people', [['age'], ['dept', 'age']]);
  local.db.createCollection('depts');
  await run((db) => db.collection('people').add({ data: PEOPLE as never }));
  await run((db) =>
    db.collection('depts').add({
      data: [
        { _id: 'sales', title: '销售部' },
        { _id: 'hr', title: '人事部' },
      ] as never,
    }),
  );
});
afterAll(() => local.close());

const ids = (res: { data: { _id?: unknown }[] }) => res.data.map((d) => d._id);
const where = (q: (db: Db) => Record<string, unknown>) =>
  run((db) => db.collection('people').where(q(db)).orderBy('_id', 'asc').get()).then(ids);

describe('where', () => {
  it('answers collection.get:ok with the documents', async () => {
    const res = await run((db) => db.collection('people').where({ _id: 'p3' }).get());
    expect(res).toEqual({ data: [PEOPLE[2]], errMsg: 'collection.get:ok' });
  });

  it('equality and _.gt/_.gte/_.lt/_.lte/_.neq', async () => {
    expect(await where(() => ({ dept: 'hr' }))).toEqual(['p3', 'p4']);
    expect(await where((db) => ({ age: db.command.gt(31) }))).toEqual(['p3', 'p5']);
    expect(await where((db) => ({ age: db.command.gte(31) }))).toEqual(['p1', 'p3', 'p5']);
    expect(await where((db) => ({ age: db.command.lt(31) }))).toEqual(['p2', 'p4']);
    expect(await where((db) => ({ age: db.command.lte(25) }))).toEqual(['p2', 'p4']);
    expect(await where((db) => ({ dept: db.command.neq('hr') }))).toEqual(['p1', 'p2', 'p5']);
  });

  it('_.in and _.nin', async () => {
    expect(await where((db) => ({ dept: db.command.in(['hr', 'ops']) }))).toEqual(['p3', 'p4', 'p5']);
    expect(await where((db) => ({ age: db.command.in([25, 52]) }))).toEqual(['p2', 'p4', 'p5']);
    expect(await where((db) => ({ dept: db.command.nin(['hr', 'ops']) }))).toEqual(['p1', 'p2']);
  });

  it('_.and / chained .and() and _.or, at field and top level', async () => {
    expect(await where((db) => ({ age: db.command.gt(20).and(db.command.lt(31)) }))).toEqual(['p2', 'p4']);
    expect(await where((db) => ({ age: db.command.lt(30).or(db.command.gt(50)) }))).toEqual([
      'p2',
      'p4',
      'p5',
    ]);
    const _ = (db: Db) => db.command;
    expect(
      await run((db) =>
        db
          .collection('people')
          .where(_(db).or([{ dept: 'ops' }, { age: 40 }]))
          .orderBy('_id', 'asc')
          .get(),
      ).then(ids),
    ).toEqual(['p3', 'p5']);
    expect(
      await run((db) =>
        db
          .collection('people')
          .where(_(db).and([{ dept: 'sales' }, { age: _(db).gt(30) }]))
          .get(),
      ).then(ids),
    ).toEqual(['p1']);
  });

  it('_.exists: a null value exists, a missing field does not', async () => {
    expect(await where((db) => ({ note: db.command.exists(true) }))).toEqual(['p3', 'p5']);
    expect(await where((db) => ({ note: db.command.exists(false) }))).toEqual(['p1', 'p2', 'p4']);
  });

  it('_.elemMatch on an array of objects', async () => {
    expect(await where((db) => ({ scores: db.command.elemMatch({ k: 'x', v: db.command.gt(2) }) }))).toEqual([
      'p1',
      'p2',
    ]);
  });

  it('a scalar matches array elements; _.all and _.size', async () => {
    expect(await where(() => ({ tags: 'a' }))).toEqual(['p1', 'p5']);
    expect(await where((db) => ({ tags: db.command.all(['a', 'b']) }))).toEqual(['p1']);
    expect(await where((db) => ({ tags: db.command.size(0) }))).toEqual(['p3']);
  });

  it('a JS RegExp and db.RegExp with options', async () => {
    expect(await where(() => ({ name: /^li/ }))).toEqual(['p4']);
    expect(await where((db) => ({ name: db.RegExp({ regexp: '^li', options: 'i' }) }))).toEqual(['p3', 'p4']);
    expect(await where(() => ({ name: /伟|洋/ }))).toEqual(['p1', 'p5']);
  });

  it('dot paths and nested-object equality', async () => {
    expect(await where(() => ({ 'city.zone': 'north' }))).toEqual(['p2', 'p5']);
    expect(await where(() => ({ city: { zone: 'east' } }))).toEqual(['p1', 'p3']);
    expect(await where(() => ({ 'scores.v': 9 }))).toEqual(['p2', 'p4']);
  });
});

describe('orderBy, skip, limit, field', () => {
  it('orders on two keys', async () => {
    const res = await run((db) => db.collection('people').orderBy('age', 'asc').orderBy('name', 'asc').get());
    expect(ids(res)).toEqual(['p4', 'p2', 'p1', 'p3', 'p5']);
    const byDept = await run((db) =>
      db.collection('people').orderBy('dept', 'desc').orderBy('age', 'asc').get(),
    );
    expect(ids(byDept)).toEqual(['p2', 'p1', 'p5', 'p4', 'p3']);
  });

  it('skip and limit page through the order', async () => {
    const page = (skip: number) =>
      run((db) =>
        db.collection('people').orderBy('age', 'desc').orderBy('_id', 'asc').skip(skip).limit(2).get(),
      ).then(ids);
    expect([await page(0), await page(2), await page(4), await page(6)]).toEqual([
      ['p5', 'p3'],
      ['p1', 'p2'],
      ['p4'],
      [],
    ]);
  });

  it('field() projects, keeping _id unless excluded', async () => {
    const res = await run((db) =>
      db.collection('people').where({ _id: 'p1' }).field({ name: true, 'city.name': true }).get(),
    );
    expect(res.data).toEqual([{ _id: 'p1', name: '张伟', city: { name: '上海' } }]);
    const without = await run((db) =>
      db.collection('people').doc('p2').field({ _id: false, tags: false, scores: false, city: false }).get(),
    );
    expect(without.data).toEqual({ name: '王芳', age: 25, dept: 'sales' });
  });

  it('count answers total', async () => {
    expect(await run((db) => db.collection('people').where({ dept: 'hr' }).count())).toEqual({
      total: 2,
      errMsg: 'collection.count:ok',
    });
    expect(
      await run((db) =>
        db
          .collection('people')
          .where({ age: db.command.gte(25) })
          .count(),
      ),
    ).toMatchObject({ total: 5 });
    expect(await run((db) => db.collection('people').where({ name: /li/i }).count())).toMatchObject({
      total: 2,
    });
  });
});

describe('limits: get() returns 100 by default and at most 1000', () => {
  beforeAll(async () => {
    local.db.createCollection('many');
    const rows = Array.from({ length: 1200 }, (_, i) => ({ i }));
    for (let k = 0; k < rows.length; k += 500)
      await run((db) => db.collection('many').add({ data: rows.slice(k, k + 500) as never }));
  });

  it('default 100', async () => {
    expect((await run((db) => db.collection('many').get())).data).toHaveLength(100);
  });

  it('limit(5000) is capped at 1000; skip reaches the rest', async () => {
    expect((await run((db) => db.collection('many').limit(5000).get())).data).toHaveLength(1000);
    const tail = await run((db) => db.collection('many').orderBy('i', 'asc').skip(1000).limit(1000).get());
    expect(tail.data.map((d: { i: number }) => d.i)).toEqual(Array.from({ length: 200 }, (_, i) => 1000 + i));
  });

  it('count is not capped', async () => {
    expect((await run((db) => db.collection('many').count())).total).toBe(1200);
  });

  it('where().update() is not capped either', async () => {
    const res = await run((db) =>
      db
        .collection('many')
        .where({ i: db.command.gte(0) })
        .update({ data: { seen: true } }),
    );
    expect(res.stats.updated).toBe(1200);
  });
});

describe('aggregate', () => {
  it('$match, $group, $sort answer collection.aggregate:ok', async () => {
    const res = await run((db) => {
      const $ = db.command.aggregate;
      return db
        .collection('people')
        .aggregate()
        .match({ age: db.command.gte(25) })
        .group({ _id: '$dept', n: $.sum(1), avgAge: $.avg('$age') })
        .sort({ n: -1, _id: 1 })
        .end();
    });
    expect(res).toEqual({
      list: [
        { _id: 'hr', n: 2, avgAge: 32.5 },
        { _id: 'sales', n: 2, avgAge: 28 },
        { _id: 'ops', n: 1, avgAge: 52 },
      ],
      errMsg: 'collection.aggregate:ok',
    });
  });

  it('$lookup joins another collection; $project, $limit, $skip', async () => {
    const res = await run((db) =>
      db
        .collection('people')
        .aggregate()
        .match({ dept: db.command.in(['sales', 'hr']) })
        .sort({ _id: 1 })
        .skip(1)
        .limit(2)
        .lookup({ from: 'depts', localField: 'dept', foreignField: '_id', as: 'department' })
        .project({ _id: 1, department: 1 })
        .end(),
    );
    expect(res.list).toEqual([
      { _id: 'p2', department: [{ _id: 'sales', title: '销售部' }] },
      { _id: 'p3', department: [{ _id: 'hr', title: '人事部' }] },
    ]);
  });

  it('$group over dot paths and $unwind', async () => {
    const res = await run((db) =>
      db
        .collection('people')
        .aggregate()
        .unwind('$tags')
        .group({ _id: '$tags', people: db.command.aggregate.addToSet('$city.zone') })
        .sort({ _id: 1 })
        .end(),
    );
    expect(
      res.list.map((g: { _id: string; people: string[] }) => [g._id, [...(g.people as string[])].sort()]),
    ).toEqual([
      ['a', ['east', 'north']],
      ['b', ['east', 'north']],
      ['c', ['south']],
    ]);
  });
});
