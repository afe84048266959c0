// Roster import cost: database requests (the unit CloudBase bills) for importing 5,000 rows in
// one call, re-importing them unchanged, and re-importing them with every position changed
// (grouped updates). Writes must be far below one per row. Median of several fresh runs.
import { LocalCloud } from '../localcloud/cloud';
import type { OpCounts } from '../localcloud/context';
import type { FunctionName } from '../typings/api';
import { median } from './stats';

const RUNS = 3;
const ROWS = 5000;
const ADMIN = 'o_bench_admin';

const rows = (position: (i: number) => string) =>
  Array.from({ length: ROWS }, (_, i) => ({
    姓名: `员工${i}`,
    手机号: `13${String(100000000 + i)}`,
    部门: `门店/区域${i % 4}/店${i % 40}`,
    职位: position(i),
    工号: `E${String(i).padStart(5, '0')}`,
  }));

async function call(
  cloud: LocalCloud,
  fn: FunctionName,
  data: object,
): Promise<{ ops: OpCounts; ms: number; data: unknown }> {
  const t0 = performance.now();
  const { result, ops } = await cloud.call(fn, ADMIN, data);
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return { ops, ms: performance.now() - t0, data: result.data };
}

export default async function rosterBench(): Promise<void> {
  const samples = new Map<string, { ops: OpCounts; ms: number }[]>();
  const note = (label: string, s: { ops: OpCounts; ms: number }) =>
    samples.set(label, [...(samples.get(label) ?? []), s]);
  for (let run = 0; run < RUNS; run++) {
    const cloud = new LocalCloud();
    try {
      await call(cloud, 'admin', {
        action: 'bootstrap',
        name: '管理员',
        mobile: '13800000000',
        setupToken: process.env.TONGSHI_SETUP_TOKEN ?? 'local-setup',
      });
      note(
        `import ${ROWS} new rows`,
        await call(cloud, 'admin', { action: 'importRoster', rows: rows(() => '导购') }),
      );
      note(
        `re-import ${ROWS} unchanged rows`,
        await call(cloud, 'admin', { action: 'importRoster', rows: rows(() => '导购') }),
      );
      note(
        `re-import ${ROWS} rows, 2 new positions`,
        await call(cloud, 'admin', { action: 'importRoster', rows: rows((i) => (i % 2 ? '店员' : '收银')) }),
      );
      note(
        `re-import ${ROWS} rows, 40 depts moved`,
        await call(cloud, 'admin', {
          action: 'importRoster',
          rows: rows(() => '店员').map((r, i) => ({ ...r, 部门: `门店/新区/店${i % 40}` })),
        }),
      );
    } finally {
      cloud.close();
    }
  }
  console.log(`\nroster import (${ROWS} rows per call, median of ${RUNS})`);
  console.table(
    [...samples].map(([label, s]) => ({
      action: label,
      'db writes': median(s.map((x) => x.ops.writes)),
      'db reads': median(s.map((x) => x.ops.reads)),
      transactions: median(s.map((x) => x.ops.transactions)),
      'total requests': median(s.map((x) => x.ops.requests)),
      'writes per row': +(median(s.map((x) => x.ops.writes)) / ROWS).toFixed(4),
      'local ms': Math.round(median(s.map((x) => x.ms))),
    })),
  );
}

if (require.main === module) void rosterBench();
