// The deployable bundles: `npm run build` output, loaded the way CloudBase loads it (index.js's
// `main`, wx-server-sdk from the function's own node_modules), answers under the local cloud.
import fs from 'fs';
import os from 'os';
import path from 'path';
import type { LocalCloud } from '../../localcloud/cloud';
import { callStorage, newCallContext } from '../../localcloud/context';
import { buildFunctions, openApiCalls, type BuiltFunction } from '../../scripts/build';
import {
  DEPLOYED_FUNCTIONS,
  FUNCTION_SPECS,
  type DeployedFunction,
  type FunctionSpec,
} from '../../cloudfunctions/core/platform/functions';
import { openLocal } from './helpers';

type Main = (event: unknown, context: unknown) => Promise<{ ok: boolean; data?: unknown; error?: unknown }>;

let outDir: string;
let built: BuiltFunction[];
let local: LocalCloud;

beforeAll(async () => {
  outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tongshi-build-'));
  built = await buildFunctions(outDir);
  // What "云端安装依赖" does for a deployed function: its one dependency, installed beside it.
  fs.mkdirSync(path.join(outDir, 'node_modules'));
  fs.symlinkSync(
    path.dirname(require.resolve('wx-server-sdk/package.json')),
    path.join(outDir, 'node_modules', 'wx-server-sdk'),
  );
}, 60_000);
afterAll(() => fs.rmSync(outDir, { recursive: true, force: true }));
beforeEach(() => {
  process.env.TONGSHI_SETUP_TOKEN = 'local-setup';
  local = openLocal();
});
afterEach(() => local.close());

const load = (fn: string): Main => (require(path.join(outDir, fn, 'index.js')) as { main: Main }).main;
const callBundle = (fn: string, openid: string, event: unknown) =>
  callStorage.run(newCallContext(openid), () => load(fn)(event, { function_name: fn }));

describe('npm run build', () => {
  it('writes index.js, package.json (wx-server-sdk only) and config.json for each function', () => {
    expect(built.map((f) => f.name)).toEqual(
      expect.arrayContaining(['admin', 'directory', 'groups', 'messages']),
    );
    for (const f of built) {
      expect(fs.readdirSync(f.dir).sort()).toEqual(['config.json', 'index.js', 'package.json']);
      const pkg = JSON.parse(fs.readFileSync(path.join(f.dir, 'package.json'), 'utf8'));
      expect(pkg).toMatchObject({
        name: f.name,
        main: 'index.js',
        dependencies: { 'wx-server-sdk': '^4.0.2' },
      });
      expect(Object.keys(pkg.dependencies)).toEqual(['wx-server-sdk']);
      const code = fs.readFileSync(path.join(f.dir, 'index.js'), 'utf8');
      // wx-server-sdk stays external; nothing else is required from node_modules at run time.
      expect(code).toMatch(/require\("wx-server-sdk"\)/);
      const required = [...code.matchAll(/require\("([^"./][^"]*)"\)/g)].map((m) => m[1]);
      const builtins = new Set(require('module').builtinModules as string[]);
      expect(required.filter((r) => r !== 'wx-server-sdk' && !builtins.has(r.replace(/^node:/, '')))).toEqual(
        [],
      );
    }
  });

  it('declares the open APIs each bundle calls in config.json permissions.openapi', () => {
    const config = (fn: string) => JSON.parse(fs.readFileSync(path.join(outDir, fn, 'config.json'), 'utf8'));
    expect(config('messages').permissions.openapi).toContain('security.msgSecCheck');
    expect(config('directory').permissions.openapi).toContain('phonenumber.getPhoneNumber');
    for (const f of built) expect(config(f.name).permissions).toEqual({ openapi: f.openapi });
    expect(config('notify').permissions.openapi).toEqual(['subscribeMessage.send']);
    expect(config('notify').triggers).toEqual([
      { name: 'notifyEveryMinute', type: 'timer', config: '0 * * * * * *' },
    ]);
    expect(openApiCalls('x.security.msgSecCheck({}); cloud.openapi.wxacode.getUnlimited(a)')).toEqual([
      'security.msgSecCheck',
      'wxacode.getUnlimited',
    ]);
  });

  it('writes each timeout and timer trigger from core/platform/functions.ts into config.json', () => {
    const config = (fn: string) => JSON.parse(fs.readFileSync(path.join(outDir, fn, 'config.json'), 'utf8'));
    expect(built.map((f) => f.name).sort()).toEqual([...DEPLOYED_FUNCTIONS].sort());
    for (const f of built) {
      const spec: FunctionSpec = FUNCTION_SPECS[f.name as DeployedFunction];
      expect(config(f.name).timeout).toBe(spec.timeout);
      expect(config(f.name).triggers).toEqual(spec.trigger ? [spec.trigger] : undefined);
    }
    // CloudBase: 1–60 s, one timer trigger, a seven-field cron.
    for (const spec of Object.values(FUNCTION_SPECS) as FunctionSpec[]) {
      expect(spec.timeout).toBeGreaterThanOrEqual(1);
      expect(spec.timeout).toBeLessThanOrEqual(60);
      if (spec.trigger) expect(spec.trigger.config.split(' ')).toHaveLength(7);
    }
    expect(config('maintenance').triggers).toEqual([
      {
        name: expect.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,59}$/),
        type: 'timer',
        config: expect.any(String),
      },
    ]);
  });

  it('the bundled directory function answers `me` under the local cloud', async () => {
    await expect(callBundle('directory', 'o_new', { action: 'me' })).resolves.toMatchObject({
      ok: true,
      data: { bound: false },
    });
    await expect(callBundle('directory', '', { action: 'me' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    });
  });

  it('the bundled admin function bootstraps, and the bundled directory sees it', async () => {
    const boot = await callBundle('admin', 'o_boss', {
      action: 'bootstrap',
      name: '王建国',
      mobile: '13800000000',
      setupToken: 'local-setup',
    });
    expect(boot).toMatchObject({ ok: true });
    expect(local.db.tables.count('employees')).toBe(1);
    await expect(callBundle('directory', 'o_boss', { action: 'me' })).resolves.toMatchObject({
      ok: true,
      data: { bound: true, isAdmin: true },
    });
  });
});
