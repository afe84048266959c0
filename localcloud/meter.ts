// What CloudBase bills, counted per caller (OPENID; '' for timer triggers and WeChat's own events),
// so a benchmark can split one action's cost between its sender and everyone who receives it:
//   - functions: cloud function invocations;
//   - dbRequests: database requests (a function's, and a client's own reads: a watch's INIT_WATCH,
//     a client-side get()/count());
//   - ruleReads: documents read by security-rule get() when a client request is checked (INIT_WATCH,
//     a client get()/count()) (docs.cloudbase.net/rule/reference/function → 性能说明: each get is one
//     read per variable value; reads of the same document are merged);
//   - pushRuleReads: the same reads when the local hub re-checks an open watch before each push (the
//     check that ends a removed member's watch). CloudBase does not document whether it re-checks or
//     bills this, so it is kept apart: a report shows it next to the documented bill;
//   - storage: storage requests (upload, download, temp URL, delete);
//   - msgSecCheck: security.msgSecCheck calls;
//   - pushes: changes a watch delivered (not billed as requests by the local cloud: CloudBase does
//     not document a per-push charge; counted so a report can show them).
// Usage: `const a = cloud.meter.snapshot(); …; const d = cloud.meter.snapshot().minus(a);`
//        `d.of(openid)`, `d.sum(openids)`, `d.total()`.

export interface Bill {
  functions: number;
  dbRequests: number;
  ruleReads: number;
  pushRuleReads: number;
  storage: number;
  msgSecCheck: number;
  pushes: number;
}

export type BillItem = keyof Bill;

export const emptyBill = (): Bill => ({
  functions: 0,
  dbRequests: 0,
  ruleReads: 0,
  pushRuleReads: 0,
  storage: 0,
  msgSecCheck: 0,
  pushes: 0,
});

const ITEMS = Object.keys(emptyBill()) as BillItem[];

function add(into: Bill, from: Bill, sign = 1): Bill {
  for (const k of ITEMS) into[k] += sign * from[k];
  return into;
}

/** A frozen copy of the meter (or a difference of two): bills per caller. */
export class MeterSnapshot {
  constructor(readonly byCaller: ReadonlyMap<string, Bill>) {}

  /** One caller's bill (zeros when it made no billed call). */
  of(openid: string): Bill {
    return { ...(this.byCaller.get(openid) ?? emptyBill()) };
  }

  /** The bills of several callers added up (each caller counted once). */
  sum(openids: Iterable<string>): Bill {
    const out = emptyBill();
    for (const o of new Set(openids)) add(out, this.of(o));
    return out;
  }

  total(): Bill {
    return this.sum(this.byCaller.keys());
  }

  /** What was billed between `earlier` and this snapshot. */
  minus(earlier: MeterSnapshot): MeterSnapshot {
    const out = new Map<string, Bill>();
    for (const [o, b] of this.byCaller) out.set(o, add({ ...b }, earlier.of(o), -1));
    return new MeterSnapshot(out);
  }
}

export class Meter {
  private readonly byCaller = new Map<string, Bill>();

  add(openid: string, item: BillItem, n = 1): void {
    if (!n) return;
    let bill = this.byCaller.get(openid);
    if (!bill) this.byCaller.set(openid, (bill = emptyBill()));
    bill[item] += n;
  }

  snapshot(): MeterSnapshot {
    return new MeterSnapshot(new Map([...this.byCaller].map(([o, b]) => [o, { ...b }])));
  }

  reset(): void {
    this.byCaller.clear();
  }
}
