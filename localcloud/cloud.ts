// The local cloud: the real cloud functions over the embedded database, local storage and
// emulated open APIs, callable in-process (tests) or over HTTP (server.ts).
import fs from 'fs';
import os from 'os';
import path from 'path';
import type { Envelope, FunctionName } from '../typings/api';
import { COLLECTIONS } from '../cloudfunctions/core/store/collections';
import { clock } from '../cloudfunctions/core/platform/clock';
import { callStorage, emptyOps, newCallContext, type OpCounts } from './context';
import { LocalDatabase } from './engine/database';
import { installLocalCloud, uninstallLocalCloud } from './install';
import { OpenApiEmulator } from './openapi';
import { LocalStorage } from './storage';

export const FUNCTION_NAMES: readonly FunctionName[] = ['directory', 'groups', 'messages', 'admin'];

type Main = (event: unknown, context?: unknown) => Promise<Envelope<unknown>>;

export interface LocalCloudOptions {
  /** Folder for the database and stored files; omitted = in memory with a temporary file folder. */
  dataDir?: string;
  /** Start from nothing: remove what `dataDir` holds first. */
  fresh?: boolean;
}

export interface CallResult<T = unknown> {
  result: Envelope<T>;
  ops: OpCounts;
}

export class LocalCloud {
  readonly db: LocalDatabase;
  readonly storage: LocalStorage;
  readonly openapi = new OpenApiEmulator();
  /** Totals over every call since start (or since `resetOps`). */
  totals: OpCounts = emptyOps();
  private readonly functions = new Map<FunctionName, Main>();
  private readonly tempDir: string | null;

  constructor(options: LocalCloudOptions = {}) {
    if (options.dataDir && options.fresh) fs.rmSync(options.dataDir, { recursive: true, force: true });
    this.tempDir = options.dataDir ? null : fs.mkdtempSync(path.join(os.tmpdir(), 'tongshi-'));
    const root = options.dataDir ?? (this.tempDir as string);
    fs.mkdirSync(root, { recursive: true });
    this.db = new LocalDatabase(options.dataDir ? path.join(root, 'cloudbase.sqlite') : ':memory:');
    this.storage = new LocalStorage(path.join(root, 'storage'));
    for (const [name, spec] of Object.entries(COLLECTIONS)) this.db.createCollection(name, spec.indexes);
    this.db.observer = (_action, kind) => {
      const ops = callStorage.getStore()?.ops;
      for (const counts of ops ? [ops, this.totals] : [this.totals]) {
        counts.requests++;
        if (kind === 'read') counts.reads++;
        else if (kind === 'write') counts.writes++;
        else if (kind === 'transaction') counts.transactions++;
      }
    };
    process.env.TONGSHI_SETUP_TOKEN ??= 'local-setup';
    installLocalCloud({ db: this.db, storage: this.storage, openapi: this.openapi });
  }

  private fn(name: FunctionName): Main {
    let main = this.functions.get(name);
    if (!main) {
      main = (require(`../cloudfunctions/${name}/index`) as { main: Main }).main;
      this.functions.set(name, main);
    }
    return main;
  }

  isFunction(name: string): name is FunctionName {
    return (FUNCTION_NAMES as readonly string[]).includes(name);
  }

  /** Calls a cloud function as the given OPENID, counting its database requests. */
  async call<T = unknown>(name: FunctionName, openid: string, data: unknown): Promise<CallResult<T>> {
    const context = newCallContext(openid);
    const result = (await callStorage.run(context, () =>
      this.fn(name)(data, { function_name: name }),
    )) as Envelope<T>;
    return { result, ops: context.ops };
  }

  async invoke<T = unknown>(name: FunctionName, openid: string, data: unknown): Promise<Envelope<T>> {
    return (await this.call<T>(name, openid, data)).result;
  }

  /** Runs arbitrary code as a caller (seeding, tests that use the store directly). */
  runAs<T>(openid: string, work: () => Promise<T>): Promise<T> {
    return callStorage.run(newCallContext(openid), work);
  }

  /** Moves server time for the functions and db.serverDate() together. */
  setClock(now: () => number): void {
    clock.now = now;
    this.db.now = now;
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
