// Per-call state: every call counts its own database requests (what CloudBase bills), and
// cloud.getWXContext() answers each concurrent call with its own caller.
import cloud from 'wx-server-sdk';
import type { LocalCloud } from '../../localcloud/cloud';
import { callStorage, newCallContext } from '../../localcloud/context';
import { asCaller, openLocal } from './helpers';

let local: LocalCloud;
beforeEach(() => {
  local = openLocal();
  local.db.createCollection('things');
});
afterEach(() => local.close());

describe('operation counts', () => {
  it('counts reads, writes and transaction requests of one call, apart from other calls', async () => {
    const mine = newCallContext('o_a');
    const other = newCallContext('o_b');
    const db = () => cloud.database();
    await Promise.all([
      callStorage.run(mine, async () => {
        await db()
          .collection('things')
          .add({ data: [{ n: 1 }, { n: 2 }] }); // 1 write (one request)
        await db().collection('things').where({ n: 1 }).get(); // 1 read
        await db().collection('things').count(); // 1 read
        await db()
          .collection('things')
          .where({ n: 2 })
          .update({ data: { n: 3 } }); // 1 write
        await db().runTransaction(
          async (tx: { collection(c: string): { add(o: object): Promise<unknown> } }) => {
            await tx.collection('things').add({ data: { n: 4 } }); // 1 write
          },
        ); // start + commit
      }),
      callStorage.run(other, async () => {
        await db().collection('things').aggregate().match({}).end(); // 1 read
      }),
    ]);
    expect(mine.ops).toEqual({ reads: 2, writes: 3, transactions: 2, requests: 7 });
    expect(other.ops).toEqual({ reads: 1, writes: 0, transactions: 0, requests: 1 });
    expect(local.totals).toEqual({ reads: 3, writes: 3, transactions: 2, requests: 8 });
  });

  it('cloud.call returns the ops of that function call', async () => {
    local.resetOps();
    const { result, ops } = await local.call('directory', 'o_new', { action: 'me' });
    expect(result).toMatchObject({ ok: true, data: { bound: false } });
    expect(ops.requests).toBeGreaterThan(0);
    expect(ops.requests).toBe(ops.reads + ops.writes + ops.transactions);
    expect(local.totals).toEqual(ops);
  });
});

describe('getWXContext', () => {
  it('answers each concurrent call with its own OPENID, without touching process.env', async () => {
    const before = { ...process.env };
    const openids = Array.from({ length: 30 }, (_, i) => `o_user_${i}`);
    const seen = await Promise.all(
      openids.map((openid, i) =>
        asCaller(
          local,
          async (db) => {
            const first = cloud.getWXContext().OPENID;
            // Interleave with the other calls: database work and timers of different lengths.
            await db.collection('things').add({ data: { i } });
            await new Promise((r) => setImmediate(r));
            await db.collection('things').where({ i }).get();
            return [first, cloud.getWXContext().OPENID];
          },
          openid,
        ),
      ),
    );
    expect(seen).toEqual(openids.map((o) => [o, o]));
    expect(process.env).toEqual(before);
  });

  it('carries the documented fields', async () => {
    const ctx = await asCaller(local, async () => cloud.getWXContext(), 'o_me');
    expect(ctx).toMatchObject({
      OPENID: 'o_me',
      APPID: expect.any(String),
      ENV: expect.any(String),
      SOURCE: 'wx_client',
    });
  });

  it('has no OPENID outside a call', () => {
    expect(cloud.getWXContext().OPENID).toBeUndefined();
  });
});
