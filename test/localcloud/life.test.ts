// The local cloud kills calls like CloudBase: at the function's timeout, or (fault injection)
// right after the k-th database request. A killed call's later requests never reach the
// database or storage, its result is dropped, and the caller gets callFunction's fail.
import type { LocalCloud } from '../../localcloud/cloud';
import { callStorage, newCallContext } from '../../localcloud/context';
import { databaseRequest, FunctionKilledError, storageRequest, timedOut } from '../../localcloud/life';
import { cronMatches } from '../../localcloud/scheduler';
import { openLocal } from './helpers';

const BOOTSTRAP = {
  action: 'bootstrap',
  name: '王建国',
  mobile: '13800000000',
  setupToken: 'local-setup',
};

const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

async function killedBy(promise: Promise<unknown>): Promise<FunctionKilledError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof FunctionKilledError) return e;
    throw e;
  }
  throw new Error('expected the call to be killed, it returned');
}

let local: LocalCloud;
const opened: LocalCloud[] = [];
function fresh(): LocalCloud {
  process.env.TONGSHI_SETUP_TOKEN = 'local-setup';
  const c = openLocal();
  opened.push(c);
  return c;
}
afterEach(() => {
  delete process.env.TONGSHI_DB_LATENCY_MS;
  while (opened.length) opened.pop()?.close();
});

describe('fault injection: kill after the k-th database request', () => {
  it('for every k the call fails like a dead instance and exactly k requests reached the database', async () => {
    local = fresh();
    const whole = await local.call('admin', 'o_admin', BOOTSTRAP);
    expect(whole.result.ok).toBe(true);
    const n = whole.ops.requests;
    expect(n).toBeGreaterThan(2);
    for (let k = 1; k <= n; k++) {
      local = fresh();
      const err = await killedBy(local.call('admin', 'o_admin', BOOTSTRAP, { killAfterRequests: k }));
      expect([k, err.errCode]).toEqual([k, -504002]);
      expect(err.message).toMatch(/^cloud\.callFunction:fail Error: errCode: -504002/);
      await settle(); // the function's own code keeps running; its requests must not land
      expect([k, local.totals.requests]).toEqual([k, k]);
    }
  });

  it('keeps what the k-th request wrote although the caller never hears back', async () => {
    local = fresh();
    const n = (await local.call('admin', 'o_admin', BOOTSTRAP)).ops.requests;
    local = fresh();
    await killedBy(local.call('admin', 'o_admin', BOOTSTRAP, { killAfterRequests: n }));
    const me = await local.invoke<{ bound: boolean; isAdmin: boolean }>('directory', 'o_admin', {
      action: 'me',
    });
    expect(me).toMatchObject({ ok: true, data: { bound: true, isAdmin: true } });
  });

  it('a call that stays under k answers normally', async () => {
    local = fresh();
    const res = await local.call('admin', 'o_admin', BOOTSTRAP, { killAfterRequests: 1000 });
    expect(res.result.ok).toBe(true);
  });
});

describe('timeouts', () => {
  it("kills a call past its function's timeout: the platform's error, nothing written afterwards", async () => {
    local = fresh();
    process.env.TONGSHI_DB_LATENCY_MS = '40';
    const err = await killedBy(local.call('admin', 'o_admin', BOOTSTRAP, { timeoutMs: 60 }));
    expect(err.errCode).toBe(-504003);
    expect(err.errMsg).toBe(timedOut(60).errMsg); // admin's timeout, as CloudBase words it
    const atDeath = local.totals.requests;
    expect(atDeath).toBeLessThan(3);
    await settle();
    await settle();
    expect(local.totals.requests).toBe(atDeath);
    delete process.env.TONGSHI_DB_LATENCY_MS;
    const me = await local.invoke<{ bound: boolean }>('directory', 'o_admin', { action: 'me' });
    expect(me).toMatchObject({ ok: true, data: { bound: false } });
  });

  it('a call with latency per request still answers within its timeout', async () => {
    local = fresh();
    process.env.TONGSHI_DB_LATENCY_MS = '2';
    expect((await local.call('admin', 'o_admin', BOOTSTRAP)).result.ok).toBe(true);
  });
});

describe('a dead call', () => {
  const dead = () => {
    const call = newCallContext('o_x');
    call.killed = timedOut(3);
    return call;
  };

  it('cannot reach the database or storage', async () => {
    let reached = 0;
    const touch = async () => {
      reached++;
    };
    await expect(callStorage.run(dead(), () => databaseRequest(touch))).rejects.toThrow(/dead/);
    await expect(callStorage.run(dead(), () => storageRequest(touch))).rejects.toThrow(/dead/);
    expect(reached).toBe(0);
    await callStorage.run(newCallContext('o_x'), () => databaseRequest(touch));
    expect(reached).toBe(1);
  });
});

describe('maintenance function', () => {
  it('runs on a timer call (no OPENID) and refuses Mini Program callers', async () => {
    local = fresh();
    const timer = await local.invoke('maintenance', '', { Type: 'Timer', TriggerName: 'x' });
    expect(timer).toMatchObject({ ok: true, data: { repairs: expect.any(Array) } });
    expect(await local.invoke('maintenance', 'o_someone', {})).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });
});

describe('timer schedule (seven-field cron, Beijing time)', () => {
  const beijing = (iso: string) => new Date(`${iso}+08:00`);
  it('matches seconds, steps, ranges, lists and names', () => {
    const every5 = '0 */5 * * * * *';
    expect(cronMatches(every5, beijing('2026-11-30T10:05:00'))).toBe(true);
    expect(cronMatches(every5, beijing('2026-11-30T10:05:01'))).toBe(false);
    expect(cronMatches(every5, beijing('2026-11-30T10:07:00'))).toBe(false);
    expect(cronMatches('0 0 2 1 * * *', beijing('2026-12-01T02:00:00'))).toBe(true);
    expect(cronMatches('0 0 2 1 * * *', beijing('2026-12-02T02:00:00'))).toBe(false);
    expect(cronMatches('0 30 9 * * MON-FRI *', beijing('2026-11-30T09:30:00'))).toBe(true); // a Monday
    expect(cronMatches('0 30 9 * * MON-FRI *', beijing('2026-11-29T09:30:00'))).toBe(false);
    expect(cronMatches('0 0 1,13 * * * *', beijing('2026-11-29T13:00:00'))).toBe(true);
    expect(() => cronMatches('* * * * *', new Date())).toThrow(/seven/);
  });
});
