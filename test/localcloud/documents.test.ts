// Conformance: adding, reading, updating and removing documents through the real wx-server-sdk,
// with the results and error shapes CloudBase gives (local-cloud-facts.md, demo-output.txt).
import type { LocalCloud } from '../../localcloud/cloud';
import { asCaller, openLocal, rejection, type Db } from './helpers';

let local: LocalCloud;
beforeEach(() => {
  local = openLocal();
  local.db.createCollection('todos', [['n']]);
});
afterEach(() => local.close());

const run = (work: (db: Db) => unknown) => asCaller(local, work);
const HEX32 = /^[0-9a-f]{32}$/;

describe('add', () => {
  it('returns a 32-hex _id and errMsg collection.add:ok, and stores no _openid', async () => {
    const res = await run((db) => db.collection('todos').add({ data: { title: 'a', n: 1 } }));
    expect(res).toEqual({ _id: expect.stringMatching(HEX32), errMsg: 'collection.add:ok' });
    const got = await run((db) =>
      db
        .collection('todos')
        .doc(res._id as string)
        .get(),
    );
    expect(got).toEqual({ data: { _id: res._id, title: 'a', n: 1 }, errMsg: 'document.get:ok' });
  });

  it('keeps a caller-chosen _id and refuses a duplicate', async () => {
    await run((db) => db.collection('todos').add({ data: { _id: 'fixed', n: 1 } }));
    const error = await rejection(run((db) => db.collection('todos').add({ data: { _id: 'fixed', n: 2 } })));
    expect(error.errCode).toBe(-502001);
    expect(error.errMsg).toMatch(/^collection\.add:fail -502001 .*duplicate key/);
    expect(local.db.tables.count('todos')).toBe(1);
  });

  it('adds an array in one request and returns _ids in order', async () => {
    let requests = 0;
    const observer = local.db.observer;
    local.db.observer = (action, kind) => {
      requests++;
      observer?.(action, kind);
    };
    const res = await run((db) =>
      db.collection('todos').add({ data: [{ n: 1 }, { n: 2 }, { n: 3 }] as never }),
    );
    expect(requests).toBe(1);
    expect(res).toEqual({
      _ids: [expect.stringMatching(HEX32), expect.stringMatching(HEX32), expect.stringMatching(HEX32)],
      errMsg: 'collection.add:ok',
    });
    const ids = (res as unknown as { _ids: string[] })._ids;
    const docs = await run((db) => db.collection('todos').orderBy('n', 'asc').get());
    expect(docs.data.map((d: { _id: string }) => d._id)).toEqual(ids);
  });

  // MongoDB's ordered insert (mongo-semantics.test.ts cites it): what precedes the duplicate stays.
  it('a batch with a duplicate _id keeps the documents before it and none after', async () => {
    await run((db) => db.collection('todos').add({ data: { _id: 'x', n: 0 } }));
    await rejection(
      run((db) =>
        db.collection('todos').add({
          data: [
            { _id: 'y', n: 1 },
            { _id: 'x', n: 2 },
            { _id: 'z', n: 3 },
          ] as never,
        }),
      ),
    );
    expect(local.db.tables.count('todos')).toBe(2);
    expect(local.db.tables.exists('todos', 'y')).toBe(true);
    expect(local.db.tables.getById('todos', 'x')).toEqual({ _id: 'x', n: 0 });
  });

  it('refuses a missing collection with -502005', async () => {
    const error = await rejection(run((db) => db.collection('nope').add({ data: { n: 1 } })));
    expect(error.errCode).toBe(-502005);
    expect(error.errMsg).toBe(
      'collection.add:fail -502005 database collection not exists. [ResourceNotFound] Db or Table not exist. Please check your request, but if the problem cannot be solved, contact us.',
    );
  });

  it.each([
    ['get', (db: Db) => db.collection('nope').get()],
    ['count', (db: Db) => db.collection('nope').count()],
    [
      'update',
      (db: Db) =>
        db
          .collection('nope')
          .where({ n: 1 })
          .update({ data: { n: 2 } }),
    ],
    ['remove', (db: Db) => db.collection('nope').where({ n: 1 }).remove()],
    ['aggregate', (db: Db) => db.collection('nope').aggregate().match({}).end()],
  ])('refuses %s on a missing collection with -502005', async (api, work) => {
    const error = await rejection(run(work as (db: Db) => Promise<unknown>));
    expect(error.errCode).toBe(-502005);
    expect(error.errMsg).toContain(`collection.${api}:fail -502005 database collection not exists`);
  });

  it('refuses a document over 16 MB and stores nothing', async () => {
    const big = 'x'.repeat(16 * 1024 * 1024);
    const error = await rejection(run((db) => db.collection('todos').add({ data: { big } })));
    expect(error.errCode).toBe(-502001);
    expect(error.errMsg).toContain('16MB');
    expect(local.db.tables.count('todos')).toBe(0);
  });

  it('accepts a document just under 16 MB', async () => {
    const res = await run((db) =>
      db.collection('todos').add({ data: { big: 'x'.repeat(16 * 1024 * 1024 - 100) } }),
    );
    expect(res._id).toMatch(HEX32);
  });

  it('refuses an update that would grow a document past 16 MB', async () => {
    await run((db) => db.collection('todos').add({ data: { _id: 'd', big: 'x'.repeat(9 * 1024 * 1024) } }));
    const error = await rejection(
      run((db) =>
        db
          .collection('todos')
          .doc('d')
          .update({ data: { more: 'y'.repeat(8 * 1024 * 1024) } }),
      ),
    );
    expect(error.errCode).toBe(-502001);
    expect(local.db.tables.getById('todos', 'd')).not.toHaveProperty('more');
  });
});

describe('db.createCollection', () => {
  it('creates a collection once (createCollection:ok), refuses an existing one', async () => {
    expect(await run((db) => db.createCollection('fresh'))).toMatchObject({ errMsg: 'createCollection:ok' });
    expect(await run((db) => db.collection('fresh').add({ data: { n: 1 } }))).toMatchObject({
      errMsg: 'collection.add:ok',
    });
    const error = await rejection(run((db) => db.createCollection('fresh')));
    expect(error.errCode).toBe(-502001);
    expect(error.errMsg).toContain('createCollection:fail');
  });
});

describe('doc(id).get()', () => {
  it('fails with errCode -1 "document with _id … does not exist" when missing', async () => {
    const error = await rejection(run((db) => db.collection('todos').doc('missing').get()));
    expect(error).toMatchObject({
      errCode: -1,
      errMsg: 'document.get:fail document with _id missing does not exist',
    });
  });
});

describe('serverDate', () => {
  it('is resolved by the engine clock, with its offset, on add and update', async () => {
    const t = Date.UTC(2026, 0, 2, 3, 4, 5);
    local.setClock(() => t);
    const { _id } = await run((db) =>
      db.collection('todos').add({
        data: {
          at: db.serverDate(),
          later: (db.serverDate as (options: { offset: number }) => unknown)({ offset: 60_000 }),
        },
      }),
    );
    const first = (
      await run((db) =>
        db
          .collection('todos')
          .doc(_id as string)
          .get(),
      )
    ).data;
    expect(first.at).toEqual(new Date(t));
    expect(first.later).toEqual(new Date(t + 60_000));
    local.setClock(() => t + 1000);
    await run((db) =>
      db
        .collection('todos')
        .doc(_id as string)
        .update({ data: { at: db.serverDate() } }),
    );
    expect(
      (
        await run((db) =>
          db
            .collection('todos')
            .doc(_id as string)
            .get(),
        )
      ).data.at,
    ).toEqual(new Date(t + 1000));
  });

  it('can be queried against', async () => {
    local.setClock(() => 5_000_000);
    await run((db) => db.collection('todos').add({ data: { at: new Date(4_000_000) } }));
    await run((db) => db.collection('todos').add({ data: { at: new Date(6_000_000) } }));
    const _ = (db: Db) => db.command;
    const res = await run((db) =>
      db
        .collection('todos')
        .where({ at: _(db).lt(db.serverDate()) })
        .get(),
    );
    expect(res.data.map((d: { at: Date }) => d.at)).toEqual([new Date(4_000_000)]);
  });
});

describe('update', () => {
  beforeEach(async () => {
    await run((db) =>
      db.collection('todos').add({
        data: {
          _id: 'd',
          n: 1,
          tags: ['a', 'b', 'a'],
          profile: { name: '张三', city: '上海', age: 30 },
          gone: true,
        },
      }),
    );
  });
  const get = () => run((db) => db.collection('todos').doc('d').get()).then((r) => r.data);

  it('answers document.update:ok with stats.updated', async () => {
    const res = await run((db) =>
      db
        .collection('todos')
        .doc('d')
        .update({ data: { n: db.command.inc(2) } }),
    );
    expect(res).toEqual({ stats: { updated: 1 }, errMsg: 'document.update:ok' });
    expect((await get()).n).toBe(3);
  });

  it('_.inc, _.push, _.pull, _.remove together', async () => {
    await run((db) => {
      const _ = db.command;
      return db
        .collection('todos')
        .doc('d')
        .update({ data: { n: _.inc(-5), tags: _.push(['c', 'd']), gone: _.remove() } });
    });
    expect(await get()).toEqual({
      _id: 'd',
      n: -4,
      tags: ['a', 'b', 'a', 'c', 'd'],
      profile: { name: '张三', city: '上海', age: 30 },
    });
    await run((db) =>
      db
        .collection('todos')
        .doc('d')
        .update({ data: { tags: db.command.pull('a') } }),
    );
    expect((await get()).tags).toEqual(['b', 'c', 'd']);
  });

  it('_.pull with a condition, _.shift/_.unshift/_.pop', async () => {
    await run((db) =>
      db
        .collection('todos')
        .doc('d')
        .update({ data: { tags: db.command.pull(db.command.in(['a', 'b'])) } }),
    );
    expect((await get()).tags).toEqual([]);
    await run((db) =>
      db
        .collection('todos')
        .doc('d')
        .update({ data: { tags: db.command.push(['x', 'y', 'z']) } }),
    );
    await run((db) =>
      db
        .collection('todos')
        .doc('d')
        .update({ data: { tags: db.command.shift() } }),
    );
    await run((db) =>
      db
        .collection('todos')
        .doc('d')
        .update({ data: { tags: db.command.unshift(['w']) } }),
    );
    await run((db) =>
      db
        .collection('todos')
        .doc('d')
        .update({ data: { tags: db.command.pop() } }),
    );
    expect((await get()).tags).toEqual(['w', 'y']);
  });

  it('a plain nested object merges into the stored one', async () => {
    await run((db) =>
      db
        .collection('todos')
        .doc('d')
        .update({ data: { profile: { city: '杭州', title: '店长' } } }),
    );
    expect((await get()).profile).toEqual({ name: '张三', city: '杭州', age: 30, title: '店长' });
  });

  it('_.set replaces the nested object whole', async () => {
    await run((db) =>
      db
        .collection('todos')
        .doc('d')
        .update({ data: { profile: db.command.set({ city: '杭州' }) } }),
    );
    expect((await get()).profile).toEqual({ city: '杭州' });
  });

  it('dot paths update one nested field', async () => {
    await run((db) =>
      db
        .collection('todos')
        .doc('d')
        .update({ data: { 'profile.age': db.command.inc(1) } }),
    );
    expect((await get()).profile).toEqual({ name: '张三', city: '上海', age: 31 });
  });

  it('on a missing document answers updated 0 and creates nothing', async () => {
    const res = await run((db) =>
      db
        .collection('todos')
        .doc('missing')
        .update({ data: { n: 1 } }),
    );
    expect(res).toEqual({ stats: { updated: 0 }, errMsg: 'document.update:ok' });
    expect(local.db.tables.count('todos')).toBe(1);
  });

  it('an update that changes nothing counts 0', async () => {
    const res = await run((db) =>
      db
        .collection('todos')
        .doc('d')
        .update({ data: { n: 1 } }),
    );
    expect(res.stats.updated).toBe(0);
  });

  it('where().update() updates every match and answers collection.update:ok', async () => {
    await run((db) => db.collection('todos').add({ data: [{ n: 1 }, { n: 2 }, { n: 1 }] as never }));
    const res = await run((db) =>
      db
        .collection('todos')
        .where({ n: 1 })
        .update({ data: { seen: true } }),
    );
    expect(res).toEqual({ stats: { updated: 3 }, errMsg: 'collection.update:ok' });
    const count = await run((db) => db.collection('todos').where({ seen: true }).count());
    expect(count).toEqual({ total: 3, errMsg: 'collection.count:ok' });
  });

  it('refuses to change _id', async () => {
    const error = await rejection(
      run((db) =>
        db
          .collection('todos')
          .doc('d')
          .update({ data: { _id: 'e' } }),
      ),
    );
    expect(error.errCode).toBeLessThan(0);
    expect(local.db.tables.getById('todos', 'd')).toBeDefined();
  });
});

describe('doc.set', () => {
  it('creates a missing document (upsert) and reports created 1', async () => {
    const res = await run((db) =>
      db
        .collection('todos')
        .doc('new')
        .set({ data: { n: 5 } }),
    );
    expect(res).toEqual({ _id: 'new', errMsg: 'document.set:ok', stats: { updated: 0, created: 1 } });
    expect(local.db.tables.getById('todos', 'new')).toEqual({ _id: 'new', n: 5 });
  });

  it('replaces an existing document whole (fields not given are dropped)', async () => {
    await run((db) => db.collection('todos').add({ data: { _id: 'd', n: 1, keep: 'no' } }));
    const res = await run((db) =>
      db
        .collection('todos')
        .doc('d')
        .set({ data: { other: 2 } }),
    );
    expect(res).toEqual({ _id: 'd', errMsg: 'document.set:ok', stats: { updated: 1, created: 0 } });
    expect(local.db.tables.getById('todos', 'd')).toEqual({ _id: 'd', other: 2 });
  });
});

describe('remove', () => {
  beforeEach(async () => {
    await run((db) =>
      db.collection('todos').add({
        data: [
          { _id: 'a', n: 1 },
          { _id: 'b', n: 2 },
          { _id: 'c', n: 2 },
        ] as never,
      }),
    );
  });

  it('doc(id).remove() answers document.remove:ok with stats.removed', async () => {
    expect(await run((db) => db.collection('todos').doc('a').remove())).toEqual({
      stats: { removed: 1 },
      errMsg: 'document.remove:ok',
    });
    expect(await run((db) => db.collection('todos').doc('a').remove())).toEqual({
      stats: { removed: 0 },
      errMsg: 'document.remove:ok',
    });
  });

  it('where().remove() removes every match', async () => {
    expect(await run((db) => db.collection('todos').where({ n: 2 }).remove())).toEqual({
      stats: { removed: 2 },
      errMsg: 'collection.remove:ok',
    });
    expect(local.db.tables.count('todos')).toBe(1);
  });
});

describe('change events', () => {
  it('announce each committed write with before and after', async () => {
    const seen: unknown[] = [];
    local.db.on('change', (c) => seen.push(c));
    await run((db) => db.collection('todos').add({ data: { _id: 'e', n: 1 } }));
    await run((db) =>
      db
        .collection('todos')
        .doc('e')
        .update({ data: { n: 2 } }),
    );
    await run((db) => db.collection('todos').doc('e').remove());
    expect(seen).toEqual([
      { collection: 'todos', id: 'e', before: null, after: { _id: 'e', n: 1 } },
      { collection: 'todos', id: 'e', before: { _id: 'e', n: 1 }, after: { _id: 'e', n: 2 } },
      { collection: 'todos', id: 'e', before: { _id: 'e', n: 2 }, after: null },
    ]);
  });
});
