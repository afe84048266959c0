// Conformance: CloudBase transactions through wx-server-sdk's runTransaction/startTransaction —
// single-document operations, commit, rollback, write locks and first-committer-wins conflicts.
import type { LocalCloud } from '../../localcloud/cloud';
import { TRANSACTION_TIMEOUT_MS } from '../../localcloud/engine/transactions';
import { asCaller, openLocal, rejection, type Db } from './helpers';

let local: LocalCloud;
const run = (work: (db: Db) => unknown) => asCaller(local, work);
const stored = (id: string) => local.db.tables.getById('accounts', id);

/* eslint-disable @typescript-eslint/no-explicit-any -- the SDK's transaction typings are loose */
type Tx = any;

/** A promise the test resolves by hand, to hold a transaction open at a chosen point. */
function gate() {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

/** Opens a transaction that updates one account, then holds it (and its lock) open until released. */
function holdUpdate(id: string, data: (db: Db) => object) {
  const held = gate();
  const done = run((db) =>
    db.runTransaction(async (tx: Tx) => {
      await tx
        .collection('accounts')
        .doc(id)
        .update({ data: data(db) });
      await held.promise;
    }),
  );
  return { done, release: held.open };
}

/** Lets every pending microtask and I/O callback run (no timers, no sleeping). */
const settle = async () => {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
};

beforeEach(async () => {
  local = openLocal();
  local.db.createCollection('accounts');
  await run((db) =>
    db.collection('accounts').add({
      data: [
        { _id: 'aaa', amount: 100 },
        { _id: 'bbb', amount: 0 },
      ] as never,
    }),
  );
});
afterEach(() => local.close());

describe('runTransaction', () => {
  it('commits every write at once and returns the callback result', async () => {
    const result = await run((db) =>
      db.runTransaction(async (tx: Tx) => {
        const a = (await tx.collection('accounts').doc('aaa').get()).data;
        await tx
          .collection('accounts')
          .doc('aaa')
          .update({ data: { amount: a.amount - 9 } });
        await tx
          .collection('accounts')
          .doc('bbb')
          .update({ data: { amount: db.command.inc(9) } });
        await tx.collection('accounts').add({ data: { _id: 'log1', kind: 'transfer' } });
        await tx
          .collection('accounts')
          .doc('ccc')
          .set({ data: { amount: 1 } });
        return 'done';
      }),
    );
    expect(result).toBe('done');
    expect([stored('aaa'), stored('bbb'), stored('log1'), stored('ccc')]).toEqual([
      { _id: 'aaa', amount: 91 },
      { _id: 'bbb', amount: 9 },
      { _id: 'log1', kind: 'transfer' },
      { _id: 'ccc', amount: 1 },
    ]);
  });

  it('writes are invisible outside until commit, visible to the transaction itself', async () => {
    const held = gate();
    const seenInside: unknown[] = [];
    const running = run((db) =>
      db.runTransaction(async (tx: Tx) => {
        await tx
          .collection('accounts')
          .doc('aaa')
          .update({ data: { amount: 1 } });
        seenInside.push((await tx.collection('accounts').doc('aaa').get()).data.amount);
        await tx.collection('accounts').doc('bbb').remove();
        await held.promise;
      }),
    );
    await settle();
    expect(seenInside).toEqual([1]);
    expect((await run((db) => db.collection('accounts').doc('aaa').get())).data.amount).toBe(100);
    expect(stored('bbb')).toBeDefined();
    held.open();
    await running;
    expect(stored('aaa')).toEqual({ _id: 'aaa', amount: 1 });
    expect(stored('bbb')).toBeUndefined();
  });

  it('tx.rollback(reason) rejects runTransaction with that reason and writes nothing', async () => {
    const reason = await rejection(
      run((db) =>
        db.runTransaction(async (tx: Tx) => {
          await tx
            .collection('accounts')
            .doc('aaa')
            .update({ data: { amount: 0 } });
          await tx.collection('accounts').add({ data: { _id: 'zzz' } });
          await tx.rollback('insufficient');
        }),
      ),
    );
    expect(reason).toBe('insufficient');
    expect([stored('aaa'), stored('zzz')]).toEqual([{ _id: 'aaa', amount: 100 }, undefined]);
  });

  it('an exception in the callback aborts the transaction and releases its locks', async () => {
    const error = await rejection(
      run((db) =>
        db.runTransaction(async (tx: Tx) => {
          await tx
            .collection('accounts')
            .doc('aaa')
            .update({ data: { amount: 0 } });
          throw new Error('boom');
        }),
      ),
    );
    expect((error as unknown as Error).message).toBe('boom');
    expect(stored('aaa')).toEqual({ _id: 'aaa', amount: 100 });
    await run((db) =>
      db
        .collection('accounts')
        .doc('aaa')
        .update({ data: { amount: 5 } }),
    );
    expect(stored('aaa')).toEqual({ _id: 'aaa', amount: 5 });
  });

  it('tx doc get of a missing document throws', async () => {
    const error = await rejection(
      run((db) => db.runTransaction(async (tx: Tx) => tx.collection('accounts').doc('nope').get())),
    );
    expect(error.errMsg).toContain('does not exist');
  });

  it('refuses where().get() inside a transaction with -501007', async () => {
    const error = await rejection(
      run((db) => db.runTransaction((tx: Tx) => tx.collection('accounts').where({ amount: 0 }).get())),
    );
    expect(error.errCode).toBe(-501007);
    expect(error.errMsg).toBe(
      'collection.get:fail -501007 invalid parameters. transaction only supports single-document operations (doc and add)',
    );
  });

  it('refuses an array add inside a transaction with -501007 and writes nothing', async () => {
    const error = await rejection(
      run((db) =>
        db.runTransaction((tx: Tx) =>
          tx.collection('accounts').add({
            data: [
              { _id: 'b1', amount: 1 },
              { _id: 'b2', amount: 2 },
            ],
          }),
        ),
      ),
    );
    expect(error.errCode).toBe(-501007);
    expect(error.errMsg).toContain('transaction only supports single-document operations');
    expect(stored('b1')).toBeUndefined();
    expect(stored('b2')).toBeUndefined();
  });

  it('where().update() inside a transaction is not part of it: the SDK sends it without the transaction id', async () => {
    // A trap CloudBase shares (count/update/remove on where() drop the transaction id in
    // @cloudbase/database): the write happens at once and survives the rollback.
    await rejection(
      run((db) =>
        db.runTransaction(async (tx: Tx) => {
          await tx
            .collection('accounts')
            .where({ amount: 0 })
            .update({ data: { amount: 7 } });
          await tx.rollback('undo');
        }),
      ),
    );
    expect(stored('bbb')).toEqual({ _id: 'bbb', amount: 7 });
  });
});

describe('conflicts', () => {
  it('a second transaction writing a locked document fails at once with -501001 transaction conflict', async () => {
    const first = holdUpdate('aaa', (db) => ({ amount: db.command.inc(-10) }));
    await settle();
    // The first transaction is still open: the second must not wait for it.
    const error = await rejection(
      run((db) =>
        db.runTransaction(async (tx: Tx) => {
          await tx
            .collection('accounts')
            .doc('aaa')
            .update({ data: { amount: db.command.inc(-20) } });
        }),
      ),
    );
    expect(error.errCode).toBe(-501001);
    expect(error.errMsg).toBe(
      'document.update:fail -501001 resource system error. database transaction conflict',
    );
    first.release();
    await first.done;
    expect(stored('aaa')).toEqual({ _id: 'aaa', amount: 90 });
  });

  it('conflicts on set, remove and add of a locked id too', async () => {
    const held = gate();
    const first = run((db) =>
      db.runTransaction(async (tx: Tx) => {
        await tx.collection('accounts').doc('aaa').remove();
        await tx.collection('accounts').add({ data: { _id: 'new' } });
        await held.promise;
      }),
    );
    await settle();
    const attempts = [
      (tx: Tx) =>
        tx
          .collection('accounts')
          .doc('aaa')
          .set({ data: { amount: 1 } }),
      (tx: Tx) => tx.collection('accounts').doc('aaa').remove(),
      (tx: Tx) => tx.collection('accounts').add({ data: { _id: 'new' } }),
    ];
    for (const attempt of attempts) {
      const error = await rejection(run((db) => db.runTransaction(attempt)));
      expect(error.errCode).toBe(-501001);
      expect(error.errMsg).toContain('transaction conflict');
    }
    held.open();
    await first;
    expect([stored('aaa'), stored('new')]).toEqual([undefined, { _id: 'new' }]);
  });

  it('a transaction writing a document committed after it started conflicts', async () => {
    const held = gate();
    const late = run((db) =>
      db.runTransaction(async (tx: Tx) => {
        const a = (await tx.collection('accounts').doc('aaa').get()).data;
        await held.promise;
        await tx
          .collection('accounts')
          .doc('aaa')
          .update({ data: { amount: a.amount + 1 } });
      }, 1),
    );
    await settle();
    await run((db) =>
      db
        .collection('accounts')
        .doc('aaa')
        .update({ data: { amount: 50 } }),
    );
    held.open();
    const error = await rejection(late);
    expect(error.errCode).toBe(-501001);
    expect(stored('aaa')).toEqual({ _id: 'aaa', amount: 50 });
  });

  it('a plain write waits for the transaction lock, then applies on top of the commit', async () => {
    const holder = holdUpdate('aaa', (db) => ({ amount: db.command.inc(-30) }));
    await settle();
    let plainDone = false;
    const plain = run((db) =>
      db
        .collection('accounts')
        .doc('aaa')
        .update({ data: { amount: db.command.inc(1) } }),
    ).then((r) => {
      plainDone = true;
      return r;
    });
    await settle();
    expect(plainDone).toBe(false);
    expect(stored('aaa')).toEqual({ _id: 'aaa', amount: 100 });
    holder.release();
    await holder.done;
    expect(await plain).toEqual({ stats: { updated: 1 }, errMsg: 'document.update:ok' });
    expect(stored('aaa')).toEqual({ _id: 'aaa', amount: 71 });
  });

  it('a plain where() update waits for a locked match as well', async () => {
    const holder = holdUpdate('bbb', () => ({ amount: 5 }));
    await settle();
    const plain = run((db) =>
      db
        .collection('accounts')
        .where({ amount: db.command.gte(0) })
        .update({ data: { seen: true } }),
    );
    await settle();
    expect(stored('aaa')).toEqual({ _id: 'aaa', amount: 100 });
    holder.release();
    await holder.done;
    expect((await plain).stats.updated).toBe(2);
    expect(stored('bbb')).toEqual({ _id: 'bbb', amount: 5, seen: true });
  });

  it('racing read-modify-write transactions never lose an update', async () => {
    const bump = () =>
      run(async (db) => {
        for (;;) {
          try {
            return await db.runTransaction(async (tx: Tx) => {
              const a = (await tx.collection('accounts').doc('aaa').get()).data;
              await tx
                .collection('accounts')
                .doc('aaa')
                .update({ data: { amount: a.amount + 1 } });
            }, 1);
          } catch (e) {
            if ((e as { errCode?: number }).errCode !== -501001) throw e;
          }
        }
      });
    await Promise.all(Array.from({ length: 20 }, bump));
    expect(stored('aaa')).toEqual({ _id: 'aaa', amount: 120 });
  });

  it('an open transaction is aborted after 30 s and its locks released', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
    try {
      const stale = holdUpdate('aaa', () => ({ amount: 0 }));
      await settle();
      jest.advanceTimersByTime(TRANSACTION_TIMEOUT_MS + 1);
      await run((db) =>
        db
          .collection('accounts')
          .doc('aaa')
          .update({ data: { amount: 7 } }),
      );
      stale.release();
      // The commit inside runTransaction is @cloudbase/database's own: it rejects with the raw
      // service error rather than a wx-style { errCode, errMsg }.
      expect(await rejection(stale.done)).toMatchObject({
        code: 'DATABASE_REQUEST_FAILED',
        message: expect.stringContaining('expired'),
      });
      expect(stored('aaa')).toEqual({ _id: 'aaa', amount: 7 });
    } finally {
      jest.useRealTimers();
    }
  });
});
