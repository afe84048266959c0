// The two platform behaviours nobody has documented (issue 10, item 5), and code that must be right
// whichever way they turn out:
// - what a failed array add leaves behind: MongoDB's ordered insert keeps the documents before a
//   duplicate (the local engine does that), but a service could also write none, or apply a
//   request whose answer was lost. store/batch.ts re-reads instead of assuming.
// - how a busy transaction is reported: the SDK's own retry looks for
//   DATABASE_TRANSACTION_CONFLICT; MongoDB says WriteConflict (112) or lock timeouts.
//   store/transaction.ts matches them all, but never a real error that mentions "conflict".
import type { LocalCloud } from '../../localcloud/cloud';
import type { LocalDatabase } from '../../localcloud/engine/database';
import { addInOrder, addMany } from '../../cloudfunctions/core/store/batch';
import { insertMembers } from '../../cloudfunctions/core/store/members';
import { isConflict, withTransaction } from '../../cloudfunctions/core/store/transaction';
import type { MemberDoc } from '../../cloudfunctions/core/store/documents';
import { openCloud, seedDocs } from './helpers';

let cloud: LocalCloud;
beforeEach(() => {
  cloud = openCloud();
});
afterEach(() => {
  delete process.env.TONGSHI_BATCH_ADD;
  cloud.close();
});

type Send = LocalDatabase['send'];
/** Puts `wrap` between the SDK and the engine for every later request. */
function intercept(
  wrap: (action: string, params: Parameters<Send>[1], real: Send) => ReturnType<Send>,
): void {
  const real: Send = cloud.db.send.bind(cloud.db);
  cloud.db.send = ((action, params) => wrap(action, params, real)) as Send;
}
const asStore = <T>(work: () => Promise<T>) => cloud.runAs('store', work);
const ids = (docs: { _id: string }[]) => docs.map((d) => d._id).sort();
const docsNamed = (...names: string[]) => names.map((n) => ({ _id: n, name: n, n: 1 }));

describe('after a failed batch add, the caller re-reads which documents exist', () => {
  beforeEach(async () => {
    await seedDocs(cloud, 'departments', [{ _id: 'b', name: 'someone else', n: 2 }]);
  });

  it('ordered insert (the local engine): the documents before the duplicate are ours, the duplicate is taken, the rest follow', async () => {
    const out = await asStore(() => addInOrder('departments', docsNamed('a', 'b', 'c', 'd')));
    expect(ids(out.written)).toEqual(['a', 'c', 'd']);
    expect(ids(out.taken)).toEqual(['b']);
    expect(cloud.db.tables.getById('departments', 'b')).toEqual({ _id: 'b', name: 'someone else', n: 2 });
    expect(cloud.db.tables.count('departments')).toBe(4);
  });

  it('a service that writes none of a failed batch: the same outcome', async () => {
    intercept(async (action, params, real) => {
      const data = params?.data;
      if (action === 'database.insertDocument' && Array.isArray(data)) {
        const any = data.some((t) => cloud.db.tables.exists('departments', JSON.parse(t)._id));
        if (any)
          return { code: 'DATABASE_REQUEST_FAILED', message: 'E11000 duplicate key error', requestId: 'x' };
      }
      return real(action, params);
    });
    const out = await asStore(() => addInOrder('departments', docsNamed('a', 'b', 'c')));
    expect(ids(out.written)).toEqual(['a', 'c']);
    expect(ids(out.taken)).toEqual(['b']);
  });

  it('a request applied whole whose answer was lost: everything counts as written, nothing is sent twice', async () => {
    let inserts = 0;
    intercept(async (action, params, real) => {
      if (action !== 'database.insertDocument') return real(action, params);
      inserts++;
      await real(action, params);
      return inserts === 1
        ? { code: 'DATABASE_REQUEST_FAILED', message: 'request timeout', requestId: 'x' }
        : real(action, params);
    });
    const out = await asStore(() => addInOrder('departments', docsNamed('x', 'y')));
    expect(ids(out.written)).toEqual(['x', 'y']);
    expect(out.taken).toEqual([]);
    expect(inserts).toBe(1);
  });

  it('a failure that wrote nothing and is no duplicate is reported, not retried forever', async () => {
    intercept(async (action, params, real) =>
      action === 'database.insertDocument'
        ? { code: 'DATABASE_REQUEST_FAILED', message: 'system error', requestId: 'x' }
        : real(action, params),
    );
    await expect(asStore(() => addInOrder('departments', docsNamed('p', 'q')))).rejects.toMatchObject({
      errMsg: expect.stringContaining('system error'),
    });
  });

  it('addMany (roster import) refuses an id held by another document, after writing the others', async () => {
    await expect(asStore(() => addMany('departments', docsNamed('a', 'b', 'c')))).rejects.toThrow(/E11000/);
    expect(['a', 'c'].map((id) => cloud.db.tables.exists('departments', id))).toEqual([true, true]);
  });

  it('the single-add fallback gives the same outcome', async () => {
    process.env.TONGSHI_BATCH_ADD = 'single';
    const out = await asStore(() => addInOrder('departments', docsNamed('a', 'b', 'c')));
    expect(ids(out.written)).toEqual(['a', 'c']);
    expect(ids(out.taken)).toEqual(['b']);
  });

  it('insertMembers answers exactly the members this call created (a racer holds the middle one)', async () => {
    const member = (employeeId: string, joinSeq: number): MemberDoc =>
      ({
        _id: `g1_${employeeId}`,
        conversationId: 'g1',
        employeeId,
        role: 'member',
        joinSeq,
        lastReadSeq: 0,
        joinedAtSeq: 0,
        joinedAt: 1,
      }) as unknown as MemberDoc;
    await seedDocs(cloud, 'members', [member('e2', 9)]);
    const created = await asStore(() => insertMembers([member('e1', 1), member('e2', 2), member('e3', 3)]));
    expect(created.map((m) => m.employeeId)).toEqual(['e1', 'e3']);
    expect(cloud.db.tables.getById('members', 'g1_e2')).toMatchObject({ joinSeq: 9 });
  });
});

describe('a busy transaction is recognised however it is spelled', () => {
  it.each([
    [
      'the SDK code',
      { errCode: -501001, errMsg: 'document.update:fail -501001 database transaction conflict' },
    ],
    ['the wire code', { code: 'DATABASE_TRANSACTION_CONFLICT', message: 'database transaction conflict' }],
    [
      'MongoDB WriteConflict',
      { errMsg: 'fail -502001 database request fail. WriteConflict error (code 112)' },
    ],
    ['a numeric code 112', { errCode: 112, errMsg: 'Write conflict during plan execution' }],
    ['a transient label', { message: 'TransientTransactionError: NoSuchTransaction' }],
    ['a lock timeout', { errMsg: 'Unable to acquire lock on the document' }],
    ['a busy document', { errMsg: 'document is locked by another transaction' }],
  ])('%s', (_name, error) => {
    expect(isConflict(error)).toBe(true);
  });

  it.each([
    [
      'conflicting update paths (code 40)',
      {
        errMsg:
          "[ConflictingUpdateOperators] Updating the path 'a.b' would create a conflict at 'a' (code 40)",
      },
    ],
    [
      'a dotted path through null (code 28)',
      { errMsg: "Cannot create field 'id' in element {lastMessage: null} (code 28)" },
    ],
    ['a duplicate key', { errMsg: 'E11000 duplicate key error' }],
    ['an app error', new Error('会话不存在')],
  ])('not: %s', (_name, error) => {
    expect(isConflict(error)).toBe(false);
  });

  it('withTransaction retries a transactional write refused as WriteConflict until it goes through', async () => {
    await seedDocs(cloud, 'departments', [{ _id: 'd', name: 'x', n: 0 }]);
    let refusals = 0;
    intercept(async (action, params, real) => {
      if (action === 'database.modifyDocument' && params?.transactionId && refusals < 3) {
        refusals++;
        return {
          code: 'DATABASE_REQUEST_FAILED',
          message: 'WriteConflict error: this operation conflicted with another operation (code 112)',
          requestId: 'x',
        };
      }
      return real(action, params);
    });
    let attempts = 0;
    await asStore(() =>
      withTransaction(async (tx) => {
        attempts++;
        await tx
          .collection('departments')
          .doc('d')
          .update({ data: { n: attempts } });
      }),
    );
    expect(attempts).toBe(4);
    expect(cloud.db.tables.getById('departments', 'd')).toMatchObject({ n: 4 });
  });

  it('withTransaction does not retry a real error that mentions a conflict (code 40)', async () => {
    await seedDocs(cloud, 'departments', [{ _id: 'd', name: 'x', n: 0 }]);
    let attempts = 0;
    const run = asStore(() =>
      withTransaction(async (tx) => {
        attempts++;
        await tx
          .collection('departments')
          .doc('d')
          .update({ data: { n: 1, 'n.x': 2 } });
      }),
    );
    await expect(run).rejects.toMatchObject({ errMsg: expect.stringContaining('(code 40)') });
    expect(attempts).toBe(1);
  });
});
