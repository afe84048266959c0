// Conformance: MongoDB's update, insert and query rules where mingo alone would be kinder.
// CloudBase's document database is MongoDB underneath, so what MongoDB refuses fails there too;
// each case cites where the behaviour is documented. Errors reach apps as -502001 with MongoDB's
// message and code (localcloud/engine/errors.ts: how CloudBase words them is undocumented).
import type { LocalCloud } from '../../localcloud/cloud';
import { asCaller, openLocal, rejection, type Db, type SdkError } from './helpers';

let local: LocalCloud;
beforeEach(async () => {
  local = openLocal();
  local.db.createCollection('t');
  await run((db) => db.collection('t').add({ data: structuredClone(ORIGINAL) }));
});
afterEach(() => local.close());

const run = (work: (db: Db) => unknown) => asCaller(local, work);
const stored = () => local.db.tables.getById('t', 'd');
const ORIGINAL = {
  _id: 'd',
  n: 1,
  name: '张三',
  nothing: null,
  tags: ['a', 'b'],
  profile: { city: '上海' },
};

/** Updates doc d, expecting MongoDB to refuse with `code`; the document must stay as it was. */
async function refused(
  data: (db: Db) => Record<string, unknown>,
  code: number,
  text: string,
): Promise<SdkError> {
  const error = await rejection(
    run((db) =>
      db
        .collection('t')
        .doc('d')
        .update({ data: data(db) }),
    ),
  );
  expect(error.errCode).toBe(-502001);
  expect(error.errMsg).toContain(text);
  expect(error.errMsg).toContain(`(code ${code})`);
  expect(stored()).toEqual(ORIGINAL);
  return error;
}

const update = (data: (db: Db) => Record<string, unknown>) =>
  run((db) =>
    db
      .collection('t')
      .doc('d')
      .update({ data: data(db) }),
  );

describe('dotted paths (code 28 PathNotViable)', () => {
  // wx-server-sdk flattens a plain nested object into dotted $set paths
  // (@cloudbase/database serializer/update.js encodeUpdateObject); MongoDB refuses a dotted path
  // through null: https://jira.mongodb.org/browse/SERVER-5143 ("LEFT_SUBFIELD error … when fields
  // in chain are null"), code 28 in https://github.com/mongodb/mongo/blob/master/src/mongo/base/error_codes.yml
  it('a plain object written over a null field fails: the SDK sends "nothing.id"', async () => {
    await refused(
      () => ({ nothing: { id: 'm1' } }),
      28,
      "Cannot create field 'id' in element {nothing: null}",
    );
  });

  it('a dotted path through a scalar fails', async () => {
    await refused(() => ({ 'n.x': 1 }), 28, "Cannot create field 'x' in element {n: 1}");
    await refused(
      () => ({ name: { first: '张' } }),
      28,
      `Cannot create field 'first' in element {name: "张三"}`,
    );
  });

  it('a dotted path naming a field of an array fails', async () => {
    await refused(() => ({ 'tags.x': 1 }), 28, 'Cannot create field \'x\' in element {tags: [ "a", "b" ]}');
  });

  it('$inc through null fails the same way', async () => {
    await refused((db) => ({ 'nothing.count': db.command.inc(1) }), 28, "Cannot create field 'count'");
  });

  // https://www.mongodb.com/docs/manual/reference/operator/update/set/ "If you specify a dotted
  // path for a non-existent field, $set will create the embedded documents as needed".
  it('a dotted path through a missing field creates the documents; a numeric part indexes arrays', async () => {
    await update(() => ({ fresh: { a: { b: 1 } }, 'tags.1': 'B', 'tags.3': 'D' }));
    expect(stored()).toMatchObject({ fresh: { a: { b: 1 } }, tags: ['a', 'B', null, 'D'] });
  });

  // https://www.mongodb.com/docs/manual/reference/operator/update/set/ (Set Elements in Arrays)
  // and the WeChat cloud guide on database updates: db.command.set replaces the whole value.
  it('_.set replaces a null field with a whole object', async () => {
    await update((db) => ({ nothing: db.command.set({ id: 'm1', seq: 1 }) }));
    expect(stored()?.nothing).toEqual({ id: 'm1', seq: 1 });
  });

  // https://www.mongodb.com/docs/manual/reference/operator/update/unset/ "If the field does not
  // exist, then $unset does nothing (i.e. no operation)."
  it('_.remove() through a scalar or a missing field does nothing', async () => {
    const res = await update((db) => ({ 'n.x': db.command.remove(), 'gone.y': db.command.remove() }));
    expect(res.stats.updated).toBe(0);
    expect(stored()).toEqual(ORIGINAL);
  });
});

describe('conflicting paths in one update (code 40 ConflictingUpdateOperators)', () => {
  // https://www.mongodb.com/community/forums/t/update-conflict-error-mongodb/216229 and
  // error_codes.yml (40): two operators, or two fields, on the same path or one inside the other.
  it('a field and a path inside it', async () => {
    await refused(
      (db) => ({ profile: db.command.set({ city: '杭州' }), 'profile.city': '北京' }),
      40,
      "Updating the path 'profile.city' would create a conflict at 'profile'",
    );
  });

  it('_.remove() and a write of the same field', async () => {
    await refused(
      (db) => ({ profile: db.command.remove(), 'profile.city': 'x' }),
      40,
      "would create a conflict at 'profile'",
    );
  });

  it('an array operator and an element of the same array', async () => {
    await refused(
      (db) => ({ tags: db.command.push(['c']), 'tags.0': 'z' }),
      40,
      "would create a conflict at 'tags'",
    );
  });
});

describe('operators on fields of the wrong type', () => {
  // https://www.mongodb.com/docs/manual/reference/operator/update/inc/ "Use of the $inc operator
  // on a field with a null value will generate an error"; code 14 TypeMismatch.
  it('_.inc on a string or on null fails with code 14', async () => {
    await refused(
      (db) => ({ name: db.command.inc(1) }),
      14,
      `Cannot apply $inc to a value of non-numeric type. {_id: "d"} has the field 'name' of non-numeric type string`,
    );
    await refused((db) => ({ nothing: db.command.inc(1) }), 14, 'non-numeric type null');
  });

  it('_.inc / _.mul with a non-numeric argument fail with code 14', async () => {
    await refused(
      (db) => ({ n: db.command.inc('2' as never) }),
      14,
      'Cannot increment with non-numeric argument: {n: "2"}',
    );
    await refused(
      (db) => ({ n: db.command.mul('2' as never) }),
      14,
      'Cannot multiply with non-numeric argument',
    );
  });

  it('_.inc on a missing field creates it; _.mul on a missing field sets 0', async () => {
    await update((db) => ({ fresh: db.command.inc(5), other: db.command.mul(3) }));
    expect(stored()).toMatchObject({ fresh: 5, other: 0 });
  });

  // https://www.mongodb.com/docs/manual/reference/operator/update/push/ "If the field is not an
  // array, the operation will fail." (code 2 BadValue)
  it('_.push on a non-array fails; on a missing field it creates the array', async () => {
    await refused(
      (db) => ({ name: db.command.push(['x']) }),
      2,
      `The field 'name' must be an array but is of type string in document {_id: "d"}`,
    );
    await refused(
      (db) => ({ nothing: db.command.unshift(['x']) }),
      2,
      'must be an array but is of type null',
    );
    await update((db) => ({ list: db.command.push(['x']) }));
    expect(stored()?.list).toEqual(['x']);
  });

  // https://www.mongodb.com/docs/manual/reference/operator/update/addToSet/ "Field is Not an
  // Array: If you use $addToSet on a field that is not an array, the operation will fail."
  it('_.addToSet on a non-array fails', async () => {
    await refused(
      (db) => ({ n: db.command.addToSet('x') }),
      2,
      "Cannot apply $addToSet to non-array field. Field named 'n' has non-array type int",
    );
  });

  // https://jira.mongodb.org/browse/SERVER-11384 ("attempting to $pop from a non-array field")
  it('_.pop / _.shift on a non-array fail with code 14', async () => {
    await refused(
      (db) => ({ name: db.command.pop() }),
      14,
      "Path 'name' contains an element of non-array type 'string'",
    );
    await refused((db) => ({ profile: db.command.shift() }), 14, 'of non-array type');
  });

  // https://www.mongodb.com/docs/manual/reference/operator/update/pull/ (the field must be an
  // array); code 2 "Cannot apply $pull to a non-array value".
  it('_.pull / _.pullAll on a non-array fail; on a missing field they do nothing', async () => {
    await refused((db) => ({ name: db.command.pull('x') }), 2, 'Cannot apply $pull to a non-array value');
    await refused(
      (db) => ({ n: db.command.pullAll(['x']) }),
      2,
      'Cannot apply $pullAll to a non-array value',
    );
    const res = await update((db) => ({ gone: db.command.pull('x') }));
    expect(res.stats.updated).toBe(0);
  });
});

describe('_id is immutable (code 66 ImmutableField)', () => {
  // https://www.mongodb.com/docs/manual/core/document/#the-_id-field ("… the _id field … is
  // immutable"); the SDK refuses `_id` in update data itself (INVALID_PARAM '不能更新_id的值').
  it('the SDK refuses _id in the data; a rename onto _id reaches the engine and fails with 66', async () => {
    const sdk = await rejection(update(() => ({ _id: 'e' })));
    expect(sdk.errMsg).toContain('不能更新_id的值');
    await refused(
      (db) => ({ name: db.command.rename('_id') }),
      66,
      "Performing an update on the path '_id' would modify the immutable field '_id'",
    );
  });
});

describe('a failed write inside a transaction aborts it', () => {
  // MongoDB aborts a transaction on a write error (DuplicateKey included):
  // https://jira.mongodb.org/browse/SERVER-34059, https://jira.mongodb.org/browse/DOCS-11493.
  it('the writes before it are dropped and the transaction cannot be used any more', async () => {
    let afterwards: SdkError | undefined;
    const error = await rejection(
      run((db) =>
        db.runTransaction(async (tx: Db) => {
          await tx
            .collection('t')
            .doc('d')
            .update({ data: { n: 2 } });
          try {
            await tx.collection('t').add({ data: { _id: 'd' } });
          } catch {
            afterwards = await rejection(
              tx
                .collection('t')
                .doc('d')
                .update({ data: { n: 3 } }) as Promise<unknown>,
            );
          }
          throw new Error('carried on');
        }),
      ),
    );
    expect(error).toBeDefined();
    expect(afterwards?.errMsg).toContain('transaction not found');
    expect(stored()).toEqual(ORIGINAL);
    expect(local.db.tx.activeCount()).toBe(0);
  });
});

describe('array add with a duplicate _id (ordered insert, E11000)', () => {
  // https://www.mongodb.com/docs/manual/reference/method/db.collection.insertMany/ "By default
  // documents are inserted in order" and, with ordered inserts, an error stops the rest: the
  // documents before the duplicate stay written. The error is E11000 duplicate key.
  it('keeps the documents before the duplicate and writes none after it', async () => {
    const error = await rejection(
      run((db) => db.collection('t').add({ data: [{ _id: 'x1' }, { _id: 'd' }, { _id: 'x3' }] as never })),
    );
    expect(error.errCode).toBe(-502001);
    expect(error.errMsg).toContain('E11000 duplicate key error');
    expect(local.db.tables.exists('t', 'x1')).toBe(true);
    expect(local.db.tables.exists('t', 'x3')).toBe(false);
    expect(stored()).toEqual(ORIGINAL);
  });

  // https://www.mongodb.com/docs/manual/core/document/#the-_id-field "The _id field may contain
  // values of any BSON data type, other than an array, regex, or undefined."
  it('an array _id is refused (code 53) and nothing is written', async () => {
    const error = await rejection(
      run((db) => db.collection('t').add({ data: { _id: ['a'] as never, n: 1 } })),
    );
    expect(error.errMsg).toContain("The '_id' value cannot be of type array (code 53)");
    expect(local.db.tables.count('t')).toBe(1);
  });

  it('a repeat inside the same array stops there too', async () => {
    await rejection(
      run((db) =>
        db
          .collection('t')
          .add({ data: [{ _id: 'y1' }, { _id: 'y2' }, { _id: 'y1' }, { _id: 'y4' }] as never }),
      ),
    );
    expect(['y1', 'y2', 'y4'].map((id) => local.db.tables.exists('t', id))).toEqual([true, true, false]);
  });
});

describe('query operators with malformed arguments (code 2 BadValue)', () => {
  // https://www.mongodb.com/docs/manual/reference/operator/query/and/ — $and/$or/$nor take a
  // non-empty array ("$and/$or/$nor must be a nonempty array").
  it('_.and([]) and _.or([]) are refused', async () => {
    const and = await rejection(run((db) => db.collection('t').where(db.command.and([])).get()));
    expect(and.errMsg).toContain('$and/$or/$nor must be a nonempty array');
    const or = await rejection(run((db) => db.collection('t').where(db.command.or([])).count()));
    expect(or.errMsg).toContain('$and/$or/$nor must be a nonempty array');
  });

  // https://www.mongodb.com/docs/manual/reference/operator/query/in/ ($in takes an array) and
  // https://www.mongodb.com/docs/manual/reference/operator/query/size/ ($size takes a number).
  it('$in / $nin / $all need arrays and $size a number', async () => {
    for (const where of [
      (db: Db) => ({ n: db.command.in(1 as never) }),
      (db: Db) => ({ n: db.command.nin('x' as never) }),
      (db: Db) => ({ tags: db.command.all('a' as never) }),
      (db: Db) => ({ tags: db.command.size('2' as never) }),
    ]) {
      const error = await rejection(run((db) => db.collection('t').where(where(db)).get()));
      expect(error.errCode).toBe(-502001);
      expect(error.errMsg).toMatch(/needs? an array|needs a number/);
    }
  });

  it('well-formed queries still answer', async () => {
    const res = await run((db) =>
      db
        .collection('t')
        .where(db.command.and([{ n: db.command.in([1, 2]) }, { tags: db.command.size(2) }]))
        .get(),
    );
    expect(res.data).toHaveLength(1);
  });
});
