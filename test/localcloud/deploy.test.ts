// What the README tells a deployer matches the code: every collection has a security-rule file
// that forbids client writes, and the README's collections/indexes table is COLLECTIONS.
import fs from 'fs';
import path from 'path';
import { COLLECTIONS } from '../../cloudfunctions/core/store/collections';
import { NODE_TARGET } from '../../scripts/build';
import { collectionsTable } from '../../scripts/collections';
import {
  MAIN_TARGET_BYTES,
  PACKAGE_LIMIT_BYTES,
  packageSizes,
  sizeProblems,
} from '../../scripts/miniprogram/sizes';
import { miniprogramDependencies } from '../../scripts/miniprogram/stage';

const ROOT = path.resolve(__dirname, '../..');
const RULES = path.join(ROOT, 'database-rules');

describe('deployment documents', () => {
  it('every collection has database-rules/<name>.json with write: false, and no rule file is orphaned', () => {
    const names = Object.keys(COLLECTIONS).sort();
    const files = fs
      .readdirSync(RULES)
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.replace(/\.json$/, ''))
      .sort();
    expect(files).toEqual(names);
    for (const name of names) {
      const rule = JSON.parse(fs.readFileSync(path.join(RULES, `${name}.json`), 'utf8'));
      expect({ name, write: rule.write }).toEqual({ name, write: false });
      expect(['boolean', 'string']).toContain(typeof rule.read);
    }
  });

  it("README's collections table is generated from COLLECTIONS", () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const table = /<!-- collections:start -->\n([\s\S]*?)\n<!-- collections:end -->/.exec(readme)?.[1];
    expect(table).toBe(collectionsTable());
  });

  it("README's quick start stays two commands", () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toMatch(/^npm test\b/m);
  });
});

describe('the mini program build (what `npm run compile` checks with miniprogram-ci)', () => {
  const readJson = (file: string) => JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8'));

  it("构建 npm packs the mini program's own package.json, which holds only @vant/weapp and dayjs", () => {
    const config = readJson('project.config.json');
    expect(config.miniprogramRoot).toBe('miniprogram/');
    expect(config.setting.packNpmManually).toBe(true);
    expect(config.setting.packNpmRelationList).toEqual([
      { packageJsonPath: './miniprogram/package.json', miniprogramNpmDistDir: './miniprogram/' },
    ]);
    expect(config.setting.ignoreUploadUnusedFiles).toBe(true);
    const deps = miniprogramDependencies();
    expect(Object.keys(deps).sort()).toEqual(['@vant/weapp', 'dayjs']);
    // The root keeps the same packages (page tests, preview): same ranges, so both resolve alike.
    const root = readJson('package.json').dependencies;
    for (const [name, range] of Object.entries(deps))
      expect({ name, range: root[name] }).toEqual({ name, range });
  });

  it('sizes split main package and subpackages by root; above 2 MB fails, main above 1 MB warns', () => {
    const app = { subpackages: [{ root: 'admin' }] };
    const sizes = packageSizes(
      { 'app.js': 'x'.repeat(10), 'admin/home/index.js': Buffer.alloc(5), 'administrator.js': 'abc' },
      app,
    );
    expect(sizes).toEqual([
      { name: '__APP__', bytes: 13, files: 2 },
      { name: 'admin', bytes: 5, files: 1 },
    ]);
    expect(sizeProblems(sizes)).toEqual({ errors: [], warnings: [] });
    const big = sizeProblems([
      { name: '__APP__', bytes: MAIN_TARGET_BYTES + 1, files: 1 },
      { name: 'admin', bytes: PACKAGE_LIMIT_BYTES + 1, files: 1 },
    ]);
    expect(big.warnings).toEqual([expect.stringContaining('main package')]);
    expect(big.errors).toEqual([expect.stringContaining('subpackage admin')]);
    expect(sizeProblems([{ name: '__APP__', bytes: PACKAGE_LIMIT_BYTES + 1, files: 1 }]).errors).toHaveLength(
      1,
    );
  });

  it("the mini program's lockfile pins the versions the root installs (tests and preview use those)", () => {
    const mine = readJson('miniprogram/package-lock.json').packages;
    const root = readJson('package-lock.json').packages;
    const names = Object.keys(mine).filter((k) => k.startsWith('node_modules/'));
    expect(names.sort()).toEqual(['node_modules/@vant/weapp', 'node_modules/dayjs']);
    for (const k of names) expect({ k, version: mine[k].version }).toEqual({ k, version: root[k].version });
  });

  it('the functions are built for the runtime the README names', () => {
    expect(NODE_TARGET).toBe('node16');
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain("esbuild `target: 'node16'`");
    expect(readme).toMatch(/Runtime\*\*: Nodejs 16 or Nodejs 18/);
    expect(readme).toContain('storage-rules/storage.json');
    expect(readme).toContain('npm ci --prefix miniprogram');
  });

  it('npm test runs the official compile', () => {
    const scripts = readJson('package.json').scripts;
    expect(scripts.test).toContain('npm run compile');
    expect(scripts.compile).toBe('tsx scripts/compile-miniprogram.ts');
  });
});
