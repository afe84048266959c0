// Every multi-step action, killed right after each of its database requests in turn (k = 1, 2, …
// until it completes). For each k, on two copies of the interrupted company: (a) the same call is
// retried (after the dead call's open transactions timed out) and must answer and finish the
// work; (b) one maintenance run, later than any live call could still be working, must leave
// things consistent (and finish recorded work such as a reorganisation's job: auto-synced groups
// then follow the employee documents exactly, as after the retry). Both are checked against the invariants (test/crash/invariants.ts). The
// company is built once per action and copied for every run (LocalCloud snapshots).
import { LocalCloud, type CloudSnapshot } from '../../localcloud/cloud';
import { FunctionKilledError } from '../../localcloud/life';
import type { MessageDoc } from '../../cloudfunctions/core/store/documents';
import { clock } from '../../cloudfunctions/core/platform/clock';
import { openCloud } from '../functions/helpers';
import { directoryViolations, snapshot, violations, type Before } from './invariants';
import { buildCompany, SCENARIOS, type Company, type Scenario } from './scenarios';

/** Later than any call that started before the crash could still be running. */
const AFTER_OUTAGE_MS = 10 * 60 * 1000;

const opened: LocalCloud[] = [];
afterEach(() => {
  while (opened.length) opened.pop()?.close();
  clock.now = () => Date.now();
});

interface Prepared {
  from: CloudSnapshot;
  ids: Omit<Company, 'cloud'>;
  before: Before;
}

async function prepare(s: Scenario): Promise<Prepared> {
  const cloud = openCloud();
  opened.push(cloud);
  const c = await buildCompany(cloud);
  await s.prepare?.(c);
  const snap = snapshot(cloud);
  const acknowledged = snap.messages.filter((m: MessageDoc) => m.type !== 'system');
  const { cloud: ignored, ...ids } = c;
  void ignored;
  return { from: cloud.snapshot(), ids, before: { acknowledged, members: snap.members } };
}

function copy(p: Prepared): Company {
  const cloud = new LocalCloud({ from: p.from });
  opened.push(cloud);
  return { cloud, ...p.ids };
}

/** Runs the scenario's call killed after k requests; false when it completed instead. */
async function killAt(c: Company, s: Scenario, k: number): Promise<boolean> {
  const { fn, openid, data } = s.call(c);
  try {
    await c.cloud.call(fn, openid, data, { killAfterRequests: k });
    return false;
  } catch (e) {
    if (e instanceof FunctionKilledError) return true;
    throw e;
  }
}

const covered: string[] = [];
let cases = 0;
afterAll(() => {
  console.log(`crash test: ${cases} (action, k) cases covered\n${covered.join('\n')}`);
});

describe.each(SCENARIOS.map((s) => [s.name, s] as const))(
  '%s killed after each database request',
  (_name, s) => {
    it('finishes on retry and heals on repair, for every k', async () => {
      const prepared = await prepare(s);
      const problems: string[] = [];
      for (let k = 1; ; k++) {
        // (a) retry of the same call
        const a = copy(prepared);
        if (!(await killAt(a, s, k))) {
          expect(k).toBeGreaterThan(1);
          covered.push(`${s.name}: k = 1..${k - 1}`);
          break;
        }
        cases++;
        a.cloud.expireOpenTransactions(); // the retry comes after the dead call's transactions timed out
        const { fn, openid, data } = s.call(a);
        const retried = await a.cloud.invoke(fn, openid, data);
        if (!retried.ok) problems.push(`k=${k} retry: ${retried.error.code} ${retried.error.message}`);
        else {
          const notDone = s.done(a);
          if (notDone) problems.push(`k=${k} after retry: ${notDone}`);
        }
        for (const v of await violations(a.cloud, prepared.before)) problems.push(`k=${k} after retry: ${v}`);

        // (b) one repair run, later
        const b = copy(prepared);
        await killAt(b, s, k);
        b.cloud.expireOpenTransactions();
        const later = Date.now() + AFTER_OUTAGE_MS;
        b.cloud.setClock(() => later);
        const repair = await b.cloud.invoke('maintenance', '', { Type: 'Timer', TriggerName: 'test' });
        if (!repair.ok) problems.push(`k=${k} repair: ${repair.error.code}`);
        for (const v of [...(await violations(b.cloud, prepared.before)), ...directoryViolations(b.cloud)])
          problems.push(`k=${k} after repair: ${v}`);
        const unfinished = s.afterRepair?.(b);
        if (unfinished) problems.push(`k=${k} after repair: ${unfinished}`);
        clock.now = () => Date.now();
        while (opened.length > 1) opened.pop()?.close();
      }
      expect(problems).toEqual([]);
    });
  },
);

describe('admin.runMaintenance', () => {
  it('an admin runs the repair from the back office: a killed add is finished, others are refused', async () => {
    const s = SCENARIOS.find((x) => x.name === 'groups.addMembers') as Scenario;
    const prepared = await prepare(s);
    const c = copy(prepared);
    // Killed once the reservation is committed (the first transaction's commit is request 4 or later).
    let k = 1;
    while ((c.cloud.db.tables.getById('conversations', c.g1) as { pendingAt?: number }).pendingAt == null) {
      await killAt(c, s, k++);
      c.cloud.expireOpenTransactions();
    }
    const later = Date.now() + AFTER_OUTAGE_MS;
    c.cloud.setClock(() => later);
    expect(await c.cloud.invoke('admin', 'o_li', { action: 'runMaintenance' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    const run = await c.cloud.invoke<{ repairs: { name: string; repaired: number }[] }>('admin', 'o_zhang', {
      action: 'runMaintenance',
    });
    if (!run.ok) throw new Error(JSON.stringify(run.error));
    expect(run.data.repairs.find((r) => r.name === 'reservations')?.repaired).toBe(1);
    expect(s.done(c)).toBeNull(); // the add the dead call started is finished
    expect(await violations(c.cloud, prepared.before)).toEqual([]);
    const again = await c.cloud.invoke<{ repairs: { repaired: number }[] }>('admin', 'o_zhang', {
      action: 'runMaintenance',
    });
    expect(again.ok && again.data.repairs.every((r) => r.repaired === 0)).toBe(true); // idempotent
  });
});
