// Page tests: real pages from miniprogram/, real vant components, the official WXML compiler,
// and wx.cloud served in-process by the local cloud. Workarounds are from
// ../shared/notes/miniprogram-testing-facts.md.
import fs from 'fs';
import path from 'path';
import { LocalCloud } from '../../localcloud/cloud';
import { createWxCloud, type WxCloud } from '../../localcloud/client/wxcloud';
import { inProcessDownload } from '../../localcloud/client/inprocessStorage';
import { hubOf } from '../../localcloud/realtime/hub';
import { inProcessWatch } from '../../localcloud/realtime/inprocess';

// miniprogram-simulate's typings pull in the mini program's globals (a different `require`),
// which clash with Node's in this tsconfig: describe the part we use instead.
interface SimComponent {
  instance: Record<string, unknown> & { setData(d: Record<string, unknown>, cb?: () => void): void };
  dom: Element;
  data: Record<string, unknown>;
  attach(parent: Element): void;
  detach(): void;
  querySelector(selector: string): SimComponent | null;
  querySelectorAll(selector: string): SimComponent[];
  dispatchEvent(name: string, detail?: Record<string, unknown>): void;
  setData(data: Record<string, unknown>): void;
  toJSON(): unknown;
}
const simulate = require('miniprogram-simulate') as {
  load(path: string, options?: Record<string, unknown>): string;
  render(id: string, props?: Record<string, unknown>): SimComponent;
  sleep(ms: number): Promise<void>;
};
/* eslint-disable-next-line @typescript-eslint/no-explicit-any -- simulate's mock of WeChat's global */
declare const wx: any;

// internal module of miniprogram-simulate: the same instance its loader uses for reading json
const simUtils = require('miniprogram-simulate/src/utils') as {
  readJson(file: string): Record<string, unknown> | null;
};

export const PROJECT = path.resolve(__dirname, '../..');
export const MP_ROOT = path.join(PROJECT, 'miniprogram');

/** What DevTools' "build npm" does: miniprogram_npm/<pkg> → the package's "miniprogram" folder. */
export function ensureMiniprogramNpm(pkgs = ['@vant/weapp']): void {
  for (const pkg of pkgs) {
    const pj = JSON.parse(fs.readFileSync(path.join(PROJECT, 'node_modules', pkg, 'package.json'), 'utf8'));
    const target = path.join(PROJECT, 'node_modules', pkg, pj.miniprogram || 'miniprogram_dist');
    const link = path.join(MP_ROOT, 'miniprogram_npm', pkg);
    if (!fs.existsSync(link)) {
      fs.mkdirSync(path.dirname(link), { recursive: true });
      try {
        fs.symlinkSync(target, link, 'dir');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
    }
  }
}
ensureMiniprogramNpm();

const resolveNpm = (p: string): string =>
  p.startsWith('.') || p.startsWith('/') || p.startsWith('plugin://') ? p : `/miniprogram_npm/${p}`;
const origReadJson = simUtils.readJson;
simUtils.readJson = (file: string) => {
  const json = origReadJson(file);
  const using = json?.usingComponents as Record<string, string> | undefined;
  if (using) for (const k of Object.keys(using)) using[k] = resolveNpm(using[k]);
  return json;
};

/* eslint-disable @typescript-eslint/no-explicit-any -- simulate's globals are untyped */
const g = global as any;
// j-component returns null from getRelationNodes where WeChat returns []: vant's checkbox throws.
const relFix = g.Behavior({
  lifetimes: {
    created(this: any) {
      const orig = this.getRelationNodes;
      this.getRelationNodes = (k: string) => orig.call(this, k) || [];
    },
  },
});
const simComponent = g.Component;
g.Component = (opts: any) => simComponent({ ...opts, behaviors: [...(opts.behaviors || []), relFix] });
g.getApp = () => ({ globalData: {} });
// jsdom's global has no structuredClone, which the local cloud engine (running in-process) uses.
g.structuredClone ??= (value: unknown) =>
  (require('v8') as typeof import('v8')).deserialize((require('v8') as typeof import('v8')).serialize(value));
g.getCurrentPages = () => [];
/* eslint-enable @typescript-eslint/no-explicit-any */

function walkFiles(dir: string, ext: string, acc: string[] = []): string[] {
  for (const name of fs.readdirSync(dir)) {
    const p = path.join(dir, name);
    if (fs.statSync(p).isDirectory()) walkFiles(p, ext, acc);
    else if (name.endsWith(ext)) acc.push(path.relative(MP_ROOT, p).split(path.sep).join('/'));
  }
  return acc;
}

let lists: { wxmlList: string[]; wxsList: string[] } | null = null;

/** Loads a page or component (path relative to miniprogram/, without extension). */
export function load(rel: string): string {
  lists ??= { wxmlList: walkFiles(MP_ROOT, '.wxml'), wxsList: walkFiles(MP_ROOT, '.wxs') };
  return simulate.load(path.join(MP_ROOT, rel), {
    compiler: 'official',
    rootPath: MP_ROOT,
    compilerOptions: { ...lists, maxBuffer: 64 * 1024 * 1024 },
  });
}

export type Rendered = SimComponent;

/** Renders a page, attaches it, and runs onLoad(query) / onShow like WeChat does on open. */
export async function openPage(id: string, query: Record<string, string> = {}): Promise<Rendered> {
  const comp = simulate.render(id);
  const parent = document.createElement('page');
  document.body.appendChild(parent);
  comp.attach(parent);
  const inst = comp.instance as unknown as {
    onLoad?: (q: Record<string, string>) => unknown;
    onShow?: () => unknown;
  };
  await inst.onLoad?.(query);
  await inst.onShow?.();
  await settle();
  return comp;
}

/** Lets pending promises and timers of the page run. */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await simulate.sleep(0);
}

export interface PageCloud {
  cloud: LocalCloud;
  wxCloud: WxCloud;
  actAs(openid: string): void;
  close(): void;
}

/** A fresh in-memory local cloud, installed as wx.cloud for the pages. */
export function installPageCloud(): PageCloud {
  const cloud = new LocalCloud();
  let current = '';
  const wxCloud = createWxCloud({
    transport: {
      callFunction: (name, openid, data) => cloud.invoke(name, openid, data),
      watch: inProcessWatch(cloud),
      downloadFile: inProcessDownload(cloud),
    },
    openid: () => current,
  });
  (wx as unknown as { cloud: WxCloud }).cloud = wxCloud;
  // WeChat has had it since base library 2.1.0; simulate's wx lacks it (the chat page's own bar).
  wx.getMenuButtonBoundingClientRect ??= () => ({
    width: 87,
    height: 32,
    top: 6,
    right: 368,
    bottom: 38,
    left: 281,
  });
  return {
    cloud,
    wxCloud,
    actAs(openid) {
      current = openid;
    },
    close() {
      // A query CloudBase's rule limits refuse is a page bug even when the page copes with the refusal.
      const refused = hubOf(cloud)?.limitRefusals ?? [];
      cloud.close();
      if (refused.length) throw new Error(`a page opened queries CloudBase refuses:\n${refused.join('\n')}`);
    },
  };
}

/** Element count, depth and widest fan-out under a DOM root: the WXML-node proxy. */
export function treeStats(root: Element): { nodes: number; maxDepth: number; maxChildren: number } {
  let nodes = 0;
  let maxDepth = 0;
  let maxChildren = 0;
  const walk = (el: Element, d: number) => {
    nodes++;
    maxDepth = Math.max(maxDepth, d);
    maxChildren = Math.max(maxChildren, el.children.length);
    for (const c of Array.from(el.children)) walk(c, d + 1);
  };
  walk(root, 1);
  return { nodes, maxDepth, maxChildren };
}

/** Records each setData call's keys and JSON size (bytes). */
export function trackSetData(inst: { setData: (d: Record<string, unknown>, cb?: () => void) => void }) {
  const calls: { keys: string[]; bytes: number }[] = [];
  const orig = inst.setData;
  inst.setData = function (this: unknown, data: Record<string, unknown>, cb?: () => void) {
    calls.push({ keys: Object.keys(data), bytes: Buffer.byteLength(JSON.stringify(data)) });
    return orig.call(this, data, cb);
  };
  return calls;
}
