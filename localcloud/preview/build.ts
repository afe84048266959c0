// Builds the browser preview of the real mini program: the official WXML compiler over every
// WXML/WXS (vant included), each TS file transpiled to CommonJS (so shared modules stay
// singletons, as in WeChat), npm packages the pages import bundled once each, every WXSS
// pre-compiled with simulate's own class-prefix step, the runtime (miniprogram-simulate +
// our wx/page-stack layer) bundled for the browser, and vant's icon font inlined.
// Output goes to dist/preview; a rebuild happens only when a source is newer than the output.
import fs from 'fs';
import path from 'path';
import * as esbuild from 'esbuild';
import { FRAME_HTML, HOST_HTML } from './documents';

export const PROJECT = path.resolve(__dirname, '../..');
const MP_ROOT = path.join(PROJECT, 'miniprogram');
const PREVIEW_SRC = __dirname;
export const DEFAULT_OUT_DIR = path.join(PROJECT, 'dist', 'preview');
/** Bumped when the build's output format changes, so old caches are not reused. */
const FORMAT_VERSION = 5;

/** Virtual root of the mini program inside the browser file map. */
export const MP_VIRTUAL_ROOT = '/mp';
/** Placeholder class prefix, replaced in the browser by each component's tag name. */
export const CLASS_PREFIX_PLACEHOLDER = '__P__';

export interface BuildResult {
  dir: string;
  /** false when the cached output was still fresh. */
  built: boolean;
  ms: number;
  files?: number;
}

/** What DevTools' "build npm" does: miniprogram_npm/<pkg> → the package's "miniprogram" folder. */
export function ensureMiniprogramNpm(pkgs = ['@vant/weapp']): void {
  for (const pkg of pkgs) {
    const pj = JSON.parse(fs.readFileSync(path.join(PROJECT, 'node_modules', pkg, 'package.json'), 'utf8'));
    const target = path.join(PROJECT, 'node_modules', pkg, pj.miniprogram || 'miniprogram_dist');
    const link = path.join(MP_ROOT, 'miniprogram_npm', pkg);
    if (fs.existsSync(link)) continue;
    fs.mkdirSync(path.dirname(link), { recursive: true });
    try {
      fs.symlinkSync(target, link, 'dir');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
}

/** Files under `dir` (following symlinks), relative with forward slashes. */
function walk(dir: string, base = dir, acc: string[] = []): string[] {
  for (const name of fs.readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const p = path.join(dir, name);
    if (fs.statSync(p).isDirectory()) walk(p, base, acc);
    else acc.push(path.relative(base, p).split(path.sep).join('/'));
  }
  return acc;
}

/** A cheap fingerprint of every input: newest mtime and file count per source tree. */
function sourceKey(): string {
  const roots = [MP_ROOT, path.join(PROJECT, 'typings'), PREVIEW_SRC];
  const parts = roots.map((root) => {
    let newest = 0;
    let count = 0;
    for (const rel of walk(root)) {
      // The vant link points into node_modules, which does not change between runs.
      if (rel.startsWith('miniprogram_npm/')) continue;
      newest = Math.max(newest, fs.statSync(path.join(root, rel)).mtimeMs);
      count++;
    }
    return `${count}:${Math.floor(newest)}`;
  });
  return `v${FORMAT_VERSION}|${parts.join('|')}`;
}

/**
 * npm components ("@vant/weapp/cell/index") live under miniprogram_npm/, as after DevTools'
 * "build npm"; simulate only resolves relative and absolute paths.
 */
function resolveUsingComponents(text: string, mpFiles: Set<string>): string {
  const json = JSON.parse(text) as { usingComponents?: Record<string, string> };
  const using = json.usingComponents;
  if (!using) return text;
  for (const [tag, target] of Object.entries(using)) {
    if (target.startsWith('.') || target.startsWith('/') || target.startsWith('plugin://')) continue;
    if (mpFiles.has(`miniprogram_npm/${target}.json`)) using[tag] = `/miniprogram_npm/${target}`;
  }
  return JSON.stringify(json);
}

const BARE_REQUIRE = /require\("([^."/][^"]*)"\)/g;

interface MiniprogramAssets {
  files: Record<string, string>;
  wxmlList: string[];
  gwx: string;
  npm: Set<string>;
}

async function compileMiniprogram(): Promise<MiniprogramAssets> {
  // Loaded lazily: these are only needed when a build actually runs.
  const compiler = require('miniprogram-compiler') as {
    wxmlToJs(root: string, options: { wxmlList: string[]; wxsList: string[]; maxBuffer: number }): string;
  };
  // simulate's wxss module caches file contents for the life of the process: take a fresh
  // instance per build, or a long-running server would rebuild with yesterday's styles.
  delete require.cache[require.resolve('miniprogram-simulate/src/wxss')];
  const wxss = require('miniprogram-simulate/src/wxss') as {
    getContent(file: string): string;
    compile(css: string, options: { prefix: string }): string;
  };
  const mpFiles = walk(MP_ROOT);
  const mpSet = new Set(mpFiles);
  const files: Record<string, string> = {};
  const npm = new Set<string>();
  const key = (rel: string) => `${MP_VIRTUAL_ROOT}/${rel}`;

  const transpile = async (abs: string, virtualPath: string) => {
    const out = await esbuild.transform(fs.readFileSync(abs, 'utf8'), {
      loader: 'ts',
      format: 'cjs',
      target: 'es2019',
      sourcefile: path.relative(PROJECT, abs),
    });
    for (const m of out.code.matchAll(BARE_REQUIRE)) npm.add(m[1]);
    files[virtualPath] = out.code;
  };

  const work: Promise<void>[] = [];
  for (const rel of mpFiles) {
    const abs = path.join(MP_ROOT, rel);
    if (rel.endsWith('.d.ts') || rel === 'tsconfig.json') continue;
    if (rel.endsWith('.ts')) work.push(transpile(abs, key(rel.replace(/\.ts$/, '.js'))));
    else if (rel.endsWith('.js')) {
      const code = fs.readFileSync(abs, 'utf8');
      for (const m of code.matchAll(BARE_REQUIRE)) npm.add(m[1]);
      files[key(rel)] = code;
    } else if (rel.endsWith('.json'))
      files[key(rel)] = resolveUsingComponents(fs.readFileSync(abs, 'utf8'), mpSet);
    else if (rel.endsWith('.wxss')) {
      // simulate's own @import inlining and class-prefix step, run once here instead of in the
      // browser on every page load (postcss + csso are the slowest part of a load).
      files[key(rel)] = wxss.compile(wxss.getContent(abs), { prefix: CLASS_PREFIX_PLACEHOLDER });
    }
  }
  // Values the mini program imports from typings/ (there should be none: `import type` only).
  for (const rel of walk(path.join(PROJECT, 'typings'))) {
    if (rel.endsWith('.ts') && !rel.endsWith('.d.ts'))
      work.push(transpile(path.join(PROJECT, 'typings', rel), `/typings/${rel.replace(/\.ts$/, '.js')}`));
  }
  await Promise.all(work);

  const wxmlList = mpFiles.filter((f) => f.endsWith('.wxml'));
  const wxsList = mpFiles.filter((f) => f.endsWith('.wxs'));
  const gwx = compiler.wxmlToJs(MP_ROOT, { wxmlList, wxsList, maxBuffer: 64 * 1024 * 1024 });
  return { files, wxmlList, gwx, npm };
}

/** Each npm package the pages import, bundled once; imports among them stay shared requires. */
async function bundleNpm(specs: Set<string>, files: Record<string, string>): Promise<void> {
  const shared: esbuild.Plugin = {
    name: 'shared-npm',
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, (args) =>
        args.importer !== '<stdin>' && specs.has(args.path) ? { path: args.path, external: true } : undefined,
      );
    },
  };
  await Promise.all(
    [...specs].map(async (spec) => {
      const out = await esbuild.build({
        stdin: { contents: `module.exports = require(${JSON.stringify(spec)});`, resolveDir: PROJECT },
        bundle: true,
        format: 'cjs',
        platform: 'browser',
        target: 'es2019',
        write: false,
        plugins: [shared],
        logLevel: 'silent',
      });
      files[`/__npm__/${spec}.js`] = out.outputFiles[0].text;
    }),
  );
}

/** Node built-ins simulate mentions but never uses in the browser, and its CSS tool chain. */
const emptyModules: esbuild.Plugin = {
  name: 'empty-modules',
  setup(b) {
    b.onResolve({ filter: /^(fs|child_process|miniprogram-compiler|postcss|less|csso)$/ }, (a) => ({
      path: a.path,
      namespace: 'empty',
    }));
    b.onLoad({ filter: /.*/, namespace: 'empty' }, () => ({ contents: 'module.exports = {}' }));
  },
};

/**
 * j-component keys a node's event bindings by event name alone, so `catchtouchmove` and
 * `capture-bind:touchmove` on one node (vant's swipe-cell) overwrite each other and the drag
 * handler never runs. WeChat keeps both; key them by phase, kind and name as well.
 */
const BINDING_KEY_FROM = 'event[eventObj.name] = eventObj';
const BINDING_KEY_TO =
  "event[(eventObj.isCapture ? 'capture-' : '') + (eventObj.isMutated ? 'mut-' : '') + (eventObj.isCatch ? 'catch:' : 'bind:') + eventObj.name] = eventObj";
const eventBindingKeys: esbuild.Plugin = {
  name: 'event-binding-keys',
  setup(b) {
    b.onLoad({ filter: /j-component[\\/]src[\\/]template[\\/]transform\.js$/ }, (a) => {
      const code = fs.readFileSync(a.path, 'utf8');
      if (!code.includes(BINDING_KEY_FROM)) throw new Error(`j-component changed: no "${BINDING_KEY_FROM}"`);
      return { contents: code.split(BINDING_KEY_FROM).join(BINDING_KEY_TO), loader: 'js' };
    });
  },
};

async function bundleRuntime(outDir: string): Promise<void> {
  const common: esbuild.BuildOptions = {
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2019',
    define: { global: 'window' },
    alias: { path: 'path-browserify' },
    mainFields: ['browser', 'main'],
    plugins: [emptyModules, eventBindingKeys],
    logLevel: 'warning',
    minify: false,
    legalComments: 'none',
  };
  await Promise.all([
    esbuild.build({
      ...common,
      entryPoints: [path.join(PREVIEW_SRC, 'runtime/frame.ts')],
      outfile: path.join(outDir, 'frame.js'),
    }),
    esbuild.build({
      ...common,
      entryPoints: [path.join(PREVIEW_SRC, 'host/host.ts')],
      outfile: path.join(outDir, 'host.js'),
    }),
  ]);
}

function iconFontCss(): string {
  // vant loads its icon font from a CDN (unreachable offline); @vant/icons ships the same font inline.
  const less = fs.readFileSync(path.join(PROJECT, 'node_modules/@vant/icons/src/encode-woff2.less'), 'utf8');
  const face = less.match(/@font-face\s*{[\s\S]*?}/);
  if (!face) throw new Error('@vant/icons: no @font-face in encode-woff2.less');
  return face[0];
}

let running: Promise<BuildResult> | null = null;

/** Builds into `outDir` unless its output is newer than every source. Safe to call concurrently. */
export function buildPreview(options: { outDir?: string; force?: boolean } = {}): Promise<BuildResult> {
  running ??= doBuild(options).finally(() => {
    running = null;
  });
  return running;
}

async function doBuild({
  outDir = DEFAULT_OUT_DIR,
  force = false,
}: {
  outDir?: string;
  force?: boolean;
}): Promise<BuildResult> {
  const t0 = Date.now();
  ensureMiniprogramNpm();
  const key = sourceKey();
  const manifest = path.join(outDir, 'manifest.json');
  if (!force && fs.existsSync(manifest)) {
    try {
      if (JSON.parse(fs.readFileSync(manifest, 'utf8')).key === key)
        return { dir: outDir, built: false, ms: Date.now() - t0 };
    } catch {
      // A torn manifest: rebuild.
    }
  }
  // Build beside the target and swap in with renames, so a server reading the old output (or
  // a second server building at the same time) never sees half a build.
  const tmp = `${outDir}.tmp-${process.pid}-${Date.now()}`;
  fs.mkdirSync(tmp, { recursive: true });
  try {
    const mp = await compileMiniprogram();
    await Promise.all([bundleNpm(mp.npm, mp.files), bundleRuntime(tmp)]);
    const appJs =
      `window.__MP__ = { files: ${JSON.stringify(mp.files)}, wxmlList: ${JSON.stringify(mp.wxmlList)},\n` +
      `  gwx: (function () {\n${mp.gwx}\n})() };\n`;
    fs.writeFileSync(path.join(tmp, 'app.js'), appJs);
    fs.writeFileSync(path.join(tmp, 'font.css'), iconFontCss());
    fs.writeFileSync(path.join(tmp, 'host.html'), HOST_HTML);
    fs.writeFileSync(path.join(tmp, 'frame.html'), FRAME_HTML);
    for (const f of ['frame.css', 'host.css', 'empty.svg'])
      fs.copyFileSync(path.join(PREVIEW_SRC, 'static', f), path.join(tmp, f));
    fs.writeFileSync(
      path.join(tmp, 'manifest.json'),
      JSON.stringify({ key, builtAt: new Date().toISOString() }),
    );
    const old = `${outDir}.old-${process.pid}-${Date.now()}`;
    try {
      fs.renameSync(outDir, old);
    } catch {
      // Nothing built yet, or another process is swapping its build in right now.
    }
    try {
      fs.renameSync(tmp, outDir);
    } catch (e) {
      // Another process put an equally fresh build in place first: use that one.
      fs.rmSync(tmp, { recursive: true, force: true });
      if (!fs.existsSync(manifest)) throw e;
    }
    fs.rmSync(old, { recursive: true, force: true });
    return { dir: outDir, built: true, ms: Date.now() - t0, files: Object.keys(mp.files).length };
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}
