// The local cloud: the real cloud functions over the embedded database, local storage and
// emulated open APIs, callable in-process (tests) or over HTTP (server.ts).
import fs from 'fs';
import os from 'os';
import path from 'path';
import type { Envelope } from '../typings/api';
import { COLLECTIONS } from '../cloudfunctions/core/store/collections';
import { clock } from '../cloudfunctions/core/platform/clock';
import {
  DEPLOYED_FUNCTIONS,
  FUNCTION_SPECS,
  type DeployedFunction,
  type FunctionSpec,
} from '../cloudfunctions/core/platform/functions';
import { callStorage, emptyOps, newCallContext, type OpCounts } from './context';
import { LocalDatabase } from './engine/database';
import { installLocalCloud, uninstallLocalCloud } from './install';
import { newInstances } from '../cloudfunctions/core/platform/instance';
import { kill, timedOut, whenKilled } from './life';
import { OpenApiEmulator } from './openapi';
import { LOCAL_MESSAGE_TEMPLATE } from './subscribeMessage';
import { LocalStorage } from './storage';
import { Meter, type Bill, type BillItem } from './meter';

export const FUNCTION_NAMES: readonly DeployedFunction[] = DEPLOYED_FUNCTIONS;

type Main = (event: unknown, context?: unknown) => Promise<Envelope<unknown>>;

export interface LocalCloudOptions {
  /** Folder for the database and stored files; omitted = in memory with a temporary file folder. */
  dataDir?: string;
  /** Start from nothing: remove what `dataDir` holds first. */
  fresh?: boolean;
  /** Start in memory from a copy of another cloud's state (`snapshot()`): tests that replay one fixture. */
  from?: CloudSnapshot;
}

/** Everything a local cloud holds: the database (serialized SQLite) and the stored files. */
export interface CloudSnapshot {
  database: Buffer;
  files: { cloudPath: string; content: Buffer }[];
}

/** How the test harness runs one call (never reachable over HTTP). */
export interface CallOptions {
  /** Fault injection: the instance dies right after this many database requests. */
  killAfterRequests?: number;
  /** Overrides the function's timeout (core/platform/functions.ts), in milliseconds. */
  timeoutMs?: number;
}

export interface CallResult<T = unknown> {
  result: Envelope<T>;
  ops: OpCounts;
  /** What CloudBase bills for this call: one invocation and what it did (./meter.ts). */
  bill: Bill;
}

export class LocalCloud {
  readonly db: LocalDatabase;
  readonly storage: LocalStorage;
  readonly openapi = new OpenApiEmulator();
  /** What CloudBase would bill, per caller (./meter.ts). */
  readonly meter = new Meter();
  /** Totals over every call since start (or since `resetOps`). */
  totals: OpCounts = emptyOps();
  private readonly functions = new Map<DeployedFunction, Main>();
  private readonly tempDir: string | null;

  constructor(options: LocalCloudOptions = {}) {
    if (options.dataDir && options.fresh) fs.rmSync(options.dataDir, { recursive: true, force: true });
    this.tempDir = options.dataDir ? null : fs.mkdtempSync(path.join(os.tmpdir(), 'tongshi-'));
    const root = options.dataDir ?? (this.tempDir as string);
    fs.mkdirSync(root, { recursive: true });
    this.db = new LocalDatabase(
      options.from?.database ?? (options.dataDir ? path.join(root, 'cloudbase.sqlite') : ':memory:'),
    );
    this.storage = new LocalStorage(path.join(root, 'storage'));
    if (options.dataDir) this.openapi.subscriptions.persistTo(path.join(root, 'subscriptions.json'));
    for (const f of options.from?.files ?? []) this.storage.upload(f.cloudPath, f.content);
    for (const [name, spec] of Object.entries(COLLECTIONS))
      this.db.createCollection(
        name,
        spec.indexes,
        'coarse' in spec ? spec.coarse : [],
        'arrays' in spec ? spec.arrays : [],
      );
    this.db.observer = (_action, kind) => {
      this.billCurrentCall('dbRequests');
      const ops = callStorage.getStore()?.ops;
      for (const counts of ops ? [ops, this.totals] : [this.totals]) {
        counts.requests++;
        if (kind === 'read') counts.reads++;
        else if (kind === 'write') counts.writes++;
        else if (kind === 'transaction') counts.transactions++;
      }
    };
    process.env.TONGSHI_SETUP_TOKEN ??= 'local-setup';
    process.env.TONGSHI_SUBSCRIBE_TEMPLATE_MESSAGE ??= LOCAL_MESSAGE_TEMPLATE;
    this.openapi.readMedia = (url) => this.storage.readTempUrl(url);
    this.openapi.bill = (item) => this.billCurrentCall(item);
    // A new environment: its functions run on new instances (nothing kept from another cloud).
    newInstances();
    installLocalCloud({
      db: this.db,
      storage: this.storage,
      openapi: this.openapi,
      bill: (item) => this.billCurrentCall(item),
    });
  }

  /** Bills the call running now, to its caller ('' outside calls: timers, WeChat's events, seeding). */
  private billCurrentCall(item: BillItem): void {
    const call = callStorage.getStore();
    if (call) call.bill[item]++;
    this.meter.add(call?.wx.OPENID ?? '', item);
  }

  private fn(name: DeployedFunction): Main {
    let main = this.functions.get(name);
    if (!main) {
      main = (require(`../cloudfunctions/${name}/index`) as { main: Main }).main;
      this.functions.set(name, main);
    }
    return main;
  }

  isFunction(name: string): name is DeployedFunction {
    return (FUNCTION_NAMES as readonly string[]).includes(name);
  }

  /**
   * Calls a cloud function as the given OPENID, counting its database requests. Runs under the
   * function's timeout: a call killed by it (or by `killAfterRequests`) rejects with
   * FunctionKilledError, as wx.cloud.callFunction fails, and whatever it returns later is dropped.
   */
  async call<T = unknown>(
    name: DeployedFunction,
    openid: string,
    data: unknown,
    options: CallOptions = {},
  ): Promise<CallResult<T>> {
    const context = newCallContext(openid);
    context.bill.functions = 1;
    this.meter.add(openid, 'functions');
    context.killAfterRequests = options.killAfterRequests;
    const seconds = FUNCTION_SPECS[name].timeout;
    const killed = whenKilled(context);
    const timer = setTimeout(() => kill(context, timedOut(seconds)), options.timeoutMs ?? seconds * 1000);
    const running = callStorage.run(context, () => this.fn(name)(data, { function_name: name }));
    running.catch(() => undefined); // a killed call's own failure has no one to report to
    killed.catch(() => undefined);
    try {
      const result = (await Promise.race([running, killed])) as Envelope<T>;
      if (context.killed) await killed; // killed while returning: the answer never left
      return { result, ops: context.ops, bill: context.bill };
    } finally {
      clearTimeout(timer);
    }
  }

  async invoke<T = unknown>(
    name: DeployedFunction,
    openid: string,
    data: unknown,
    options?: CallOptions,
  ): Promise<Envelope<T>> {
    return (await this.call<T>(name, openid, data, options)).result;
  }

  /**
   * Fires a function's timer trigger now (what startTimers does on schedule): the event CloudBase
   * passes and no OPENID, under the function's timeout. Tests and /api/dev/triggers use it.
   */
  trigger<T = unknown>(name: DeployedFunction): Promise<CallResult<T>> {
    const spec = FUNCTION_SPECS[name] as FunctionSpec;
    const event = {
      Type: 'Timer',
      TriggerName: spec.trigger?.name ?? 'timer',
      Time: new Date(clock.now()).toISOString(),
      Message: '',
    };
    return this.call<T>(name, '', event);
  }

  /** Runs arbitrary code as a caller (seeding, tests that use the store directly). */
  runAs<T>(openid: string, work: () => Promise<T>): Promise<T> {
    return callStorage.run(newCallContext(openid), work);
  }

  /**
   * Pushes the verdicts of every queued image check to the messages function, as WeChat's
   * 消息推送 does some seconds after mediaCheckAsync (no caller: it is WeChat's event).
   */
  async deliverMediaVerdicts(): Promise<unknown[]> {
    const out: unknown[] = [];
    for (const event of this.openapi.takeMediaVerdicts())
      out.push((await this.call('messages', '', event)).result);
    return out;
  }

  /** Moves server time for the functions and db.serverDate() together. */
  setClock(now: () => number): void {
    clock.now = now;
    this.db.now = now;
    this.storage.now = now;
  }

  /** A copy of the whole state, to start other clouds from (`new LocalCloud({ from })`). */
  snapshot(): CloudSnapshot {
    return {
      database: this.db.tables.sql.serialize(),
      files: this.storage.list().map((fileId) => ({
        cloudPath: this.storage.cloudPathOf(fileId) as string,
        content: this.storage.read(fileId) as Buffer,
      })),
    };
  }

  /**
   * Test harness: time passes past the 30 s transaction timeout, so transactions a killed call
   * left open are aborted and their locks released (until then CloudBase, like this engine,
   * refuses other transactions' writes to those documents).
   */
  expireOpenTransactions(): number {
    return this.db.tx.expireAll();
  }

  resetOps(): void {
    this.totals = emptyOps();
  }

  close(): void {
    uninstallLocalCloud();
    this.db.close();
    if (this.tempDir) fs.rmSync(this.tempDir, { recursive: true, force: true });
  }
}
