// How miniprogram-simulate finds files in the browser: a virtual file map built by build.ts
// (window.__MP__), a CommonJS loader that passes `exports` and caches shared modules, WXSS that
// was pre-compiled at build time, and rpx mapped to the frame's width.
// 'path' is aliased to path-browserify by the bundler.
import pathBrowser from 'path';

export const MP_ROOT = '/mp';
const CLASS_PREFIX_PLACEHOLDER = '__P__';

interface MiniprogramBundle {
  files: Record<string, string | ((...a: unknown[]) => unknown)>;
  wxmlList: string[];
  gwx: (path: string) => unknown;
}

declare global {
  interface Window {
    __MP__: MiniprogramBundle;
    __FILE_MAP__: MiniprogramBundle['files'];
  }
}

/** WeChat means 750rpx = screen width; inside a phone-width frame that is 100vw. */
export const rpxToCss = (css: string): string =>
  css.replace(/(-?\d*\.?\d+)rpx/gi, (_m, n: string) => `calc(${n} * 100vw / 750)`);

/**
 * `vh` in WeChat is the page's window (below the navigation bar, above the tab bar); the frame
 * also draws those bars, so each page sets --vh to a hundredth of its own viewport.
 */
const vhToCss = (css: string): string =>
  css.replace(/(-?\d*\.?\d+)vh\b/gi, (_m, n: string) => `calc(${n} * var(--vh, 1vh))`);

export const styleToCss = (css: string): string => vhToCss(rpxToCss(css));

const modules: Record<string, { exports: unknown }> = {};

function resolveFile(from: string, spec: string): string {
  if (!spec.startsWith('.') && !spec.startsWith('/')) return `/__npm__/${spec}.js`;
  const base = spec.startsWith('/')
    ? pathBrowser.join(MP_ROOT, spec)
    : pathBrowser.join(pathBrowser.dirname(from), spec);
  const files = window.__MP__.files;
  for (const candidate of [base, `${base}.js`, `${base}/index.js`, `${base}.json`]) {
    if (typeof files[candidate] === 'string' && /\.(js|json)$/.test(candidate)) return candidate;
  }
  throw new Error(`module not found: ${spec} (from ${from})`);
}

function evaluate(file: string, mod: { exports: unknown }): void {
  const code = window.__MP__.files[file];
  if (typeof code !== 'string') throw new Error(`module not found: ${file}`);
  if (file.endsWith('.json')) {
    mod.exports = JSON.parse(code);
    return;
  }
  const req = (spec: string) => requireModule(resolveFile(file, spec));
  // sourceURL names the file in stack traces and DevTools.
  new Function('require', 'module', 'exports', `${code}\n//# sourceURL=${file}`)(req, mod, mod.exports);
}

/** Shared modules load once (services, vant's common code, npm packages), as in WeChat. */
export function requireModule(file: string): unknown {
  let mod = modules[file];
  if (!mod) {
    mod = { exports: {} };
    modules[file] = mod;
    try {
      evaluate(file, mod);
    } catch (e) {
      delete modules[file];
      throw e;
    }
  }
  return mod.exports;
}

/** A component's or page's own script must run again on every load: Component() registers per load. */
export function runEntry(pathWithoutExt: string): unknown {
  const mod = { exports: {} };
  evaluate(`${pathWithoutExt}.js`, mod);
  return mod.exports;
}

/** Every page route of app.json, subpackages included. */
function pageRoutes(): string[] {
  const text = window.__MP__.files[`${MP_ROOT}/app.json`];
  if (typeof text !== 'string') return [];
  const app = JSON.parse(text) as { pages: string[]; subpackages?: { root: string; pages: string[] }[] };
  return [
    ...app.pages,
    ...(app.subpackages ?? []).flatMap((s) => s.pages.map((p) => `${s.root.replace(/\/$/, '')}/${p}`)),
  ];
}

interface ListenInfo {
  targetNode: { $$: Element };
}
interface JIntersectionObserver {
  prototype: {
    observe(selector: string, callback: unknown): void;
    _exparserNode: { _listenInfoMap?: Record<string, ListenInfo> };
    _disconnected: boolean;
  };
  updateTargetIntersection(info: ListenInfo): void;
}

/**
 * j-component re-measures a createIntersectionObserver target only on scroll. WeChat reports any
 * change, such as a popup's content becoming visible (vant's calendar names its month that way).
 * A native IntersectionObserver on each target asks j-component to measure again when it moves.
 */
function followVisibility(JIO: JIntersectionObserver): void {
  const observe = JIO.prototype.observe;
  JIO.prototype.observe = function (this: JIntersectionObserver['prototype'], selector, callback) {
    const map = (this._exparserNode._listenInfoMap ??= {});
    const before = new Set(Object.keys(map));
    observe.call(this, selector, callback);
    for (const [id, info] of Object.entries(map)) {
      if (before.has(id)) continue;
      const native = new window.IntersectionObserver(
        () => {
          if (map[id] !== info || this._disconnected) native.disconnect();
          else JIO.updateTargetIntersection(info);
        },
        { threshold: [0, 0.1, 0.5, 0.9, 1] },
      );
      native.observe(info.targetNode.$$);
    }
  };
}

/** Installs the file map and patches simulate's browser hooks. Call before simulate is used. */
export function installLoader(): void {
  const bundle = window.__MP__;
  // Render functions from the official compiler, produced lazily on first read.
  for (const rel of bundle.wxmlList) {
    const key = `${MP_ROOT}/${rel}`;
    let fn: unknown;
    Object.defineProperty(bundle.files, key, {
      enumerable: true,
      get: () => (fn ??= bundle.gwx(rel)),
    });
  }
  window.__FILE_MAP__ = bundle.files;

  // Internal modules of simulate and j-component, patched in place.
  const simUtils = require('miniprogram-simulate/src/utils') as Record<string, unknown>;
  const wxss = require('miniprogram-simulate/src/wxss') as Record<string, unknown>;
  const jUtils = require('j-component/src/tool/utils') as Record<string, unknown>;
  const RootComponent = require('j-component/src/render/component') as {
    prototype: { _triggerExparserEvent(evt: Event, name: string, detail?: unknown): void };
  };

  simUtils.runJs = runEntry;
  followVisibility(require('j-component/src/tool/intersectionobserver') as JIntersectionObserver);
  // WXSS arrives pre-compiled with a placeholder prefix; the prefix is the component's tag name.
  // WeChat applies app.wxss to every page, and to components that opt in (styleIsolation
  // 'apply-shared' / 'shared', addGlobalClass); vant's addGlobalClass is left out: app.wxss
  // targets the app's own class names, which never appear inside vant's templates.
  const appCss = bundle.files[`${MP_ROOT}/app.wxss`];
  const pages = new Set(pageRoutes().map((r) => `${MP_ROOT}/${r}.wxss`));
  const takesGlobalStyles = (file: string): boolean => {
    if (pages.has(file)) return true;
    if (file.startsWith(`${MP_ROOT}/miniprogram_npm/`)) return false;
    const script = bundle.files[file.replace(/\.wxss$/, '.js')];
    return (
      typeof script === 'string' &&
      /styleIsolation:\s*['"](apply-)?shared['"]|addGlobalClass:\s*true/.test(script)
    );
  };
  wxss.getContent = (file: string) => {
    const css = bundle.files[file];
    const own = typeof css === 'string' ? css : '';
    return typeof appCss === 'string' && takesGlobalStyles(file) ? `${appCss}\n${own}` : own;
  };
  wxss.compile = (css: string, options: { prefix?: string }) =>
    css.split(`.${CLASS_PREFIX_PLACEHOLDER}--`).join(`.${options.prefix ?? ''}--`);
  simUtils.transformRpx = (css: string) =>
    styleToCss(css.replace(/@font-face\s*{[^}]*at\.alicdn\.com[^}]*}/g, ''));
  jUtils.transformRpx = (style: string) => styleToCss(style);

  // j-component turns every DOM scroll into an exparser `scroll` with an empty detail; our
  // scroll-view fires the real one (scrollTop…), so drop the generic duplicate.
  // It also cancels a tap that starts within 150 ms of any scroll (finger momentum on a phone);
  // with a mouse, clicking right after the wheel stops is normal, so scrolls never cancel taps.
  Object.defineProperty(RootComponent.prototype, '_lastScrollTime', { get: () => 0, set: () => undefined });
  const trigger = RootComponent.prototype._triggerExparserEvent;
  RootComponent.prototype._triggerExparserEvent = function (evt, name, detail) {
    if (name === 'scroll') return;
    trigger.call(this, evt, name, detail);
  };
}
