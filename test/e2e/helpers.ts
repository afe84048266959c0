// End-to-end: the real `npm start` (tsx localcloud/start.ts) as a child process on a free port
// with a temporary data folder, driven through Debian's Chromium with playwright-core. One server
// and one browser per suite; a fresh browser context per test.
import { spawn, type ChildProcess } from 'child_process';
import fs from 'fs';
import net from 'net';
import os from 'os';
import path from 'path';
import type { Browser, BrowserContext, Frame, Locator, Page } from 'playwright-core';
import { LIMIT_REFUSAL_MARK } from '../../localcloud/realtime/errors';

export const PROJECT = path.resolve(__dirname, '../..');
export const SCREENSHOT_DIR = path.join(PROJECT, 'test-output', 'e2e-screenshots');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export interface LocalCloudProcess {
  base: string;
  dataDir: string;
  output(): string;
  /** POST /api/functions/<fn> as `openid`; returns the envelope. */
  call<T = unknown>(
    fn: string,
    openid: string,
    data: Record<string, unknown>,
  ): Promise<{ ok: boolean; data: T; error?: { code: string; message: string } }>;
  stop(): Promise<void>;
}

/** `npm start [-- --fresh]` on a free port, with its own data folder; resolves once it listens. */
export async function startLocalCloud({ fresh }: { fresh: boolean }): Promise<LocalCloudProcess> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tongshi-e2e-'));
  const child: ChildProcess = spawn(
    process.execPath,
    [
      path.join(PROJECT, 'node_modules/tsx/dist/cli.mjs'),
      'localcloud/start.ts',
      ...(fresh ? ['--fresh'] : []),
    ],
    {
      cwd: PROJECT,
      env: { ...process.env, PORT: String(port), TONGSHI_DATA: dataDir, NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    },
  );
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`local cloud did not start in 120 s:\n${out}`)), 120_000);
    const check = () => {
      if (out.includes('Press Ctrl-C')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`local cloud exited with ${code}:\n${out}`));
    });
  });
  const base = `http://127.0.0.1:${port}`;
  return {
    base,
    dataDir,
    output: () => out,
    async call(fn, openid, data) {
      const res = await fetch(`${base}/api/functions/${fn}`, {
        method: 'POST',
        // No keep-alive: an idle pooled socket would hold the test process open after the suite.
        headers: { 'content-type': 'application/json', 'x-wx-openid': openid, connection: 'close' },
        body: JSON.stringify(data),
      });
      return res.json();
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        // The whole process group: npm/tsx start a node child of their own.
        try {
          process.kill(-(child.pid as number), 'SIGTERM');
        } catch {
          child.kill('SIGTERM');
        }
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        try {
          process.kill(-(child.pid as number), 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
      // Helpers the server started (esbuild's service) may still hold the pipes open.
      child.stdout?.destroy();
      child.stderr?.destroy();
      fs.rmSync(dataDir, { recursive: true, force: true });
      // A query CloudBase's rule limits refuse is a page bug even when the page copes with it.
      const refused = out.split('\n').filter((l) => l.includes(LIMIT_REFUSAL_MARK));
      if (refused.length)
        throw new Error(`the pages opened queries CloudBase refuses:\n${refused.join('\n')}`);
    },
  };
}

export { launchChromium } from './chromium';

/** Console errors, page errors, unhandled rejections and failed requests of a browser page. */
export function collectProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console.error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => {
    // A closed realtime stream (page left, frame reloaded) is not a failure.
    if (!r.url().includes('/api/watch'))
      problems.push(`requestfailed: ${r.url()} ${r.failure()?.errorText ?? ''}`);
  });
  return problems;
}

/**
 * Every phone starts as a user who dismissed the 新消息提醒 sheet today (services/notifications
 * then stays quiet for a day), so flows that open chats are not interrupted by it; the
 * notification suite passes `subscribeSheet: true` to meet the sheet as a new user does.
 */
const DISMISSED_SUBSCRIBE_SHEET = `(() => {
  const as = new URLSearchParams(location.search).get('as');
  const key = 'tongshi-preview:' + as + ':notify.state';
  if (as && localStorage.getItem(key) === null)
    localStorage.setItem(key, JSON.stringify({ credits: 0, declinedAt: Date.now(), keep: false }));
})()`;

export async function newPhonePage(
  browser: Browser,
  width = 375,
  height = 740,
  { subscribeSheet = false }: { subscribeSheet?: boolean } = {},
): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({
    viewport: { width, height },
    deviceScaleFactor: 2,
    locale: 'zh-CN',
  });
  if (!subscribeSheet) await context.addInitScript(DISMISSED_SUBSCRIBE_SHEET);
  const page = await context.newPage();
  return { context, page, problems: collectProblems(page) };
}

const SETTLE_SCRIPT = `new Promise((resolve) => {
  let timer;
  const obs = new MutationObserver(() => { clearTimeout(timer); timer = setTimeout(done, 150); });
  const hard = setTimeout(done, 3000);
  function done() { obs.disconnect(); clearTimeout(timer); clearTimeout(hard); resolve(); }
  timer = setTimeout(done, 150);
  obs.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
})`;

/** One phone of the preview: the /frame document (top-level or an iframe of the host page). */
export class Phone {
  constructor(readonly frame: Frame) {}

  static async open(page: Page, base: string, openid: string, pagePath?: string): Promise<Phone> {
    const q = new URLSearchParams({ as: openid });
    if (pagePath) q.set('path', pagePath);
    await page.goto(`${base}/frame?${q}`);
    const phone = new Phone(page.mainFrame());
    await phone.ready();
    return phone;
  }

  async ready(): Promise<void> {
    await this.frame.waitForFunction(
      () => (window as unknown as { __preview?: { ready: Promise<number> } }).__preview?.ready,
    );
    await this.frame.evaluate(
      () => (window as unknown as { __preview: { ready: Promise<number> } }).__preview.ready,
    );
  }

  /** The page on top of the stack. */
  get top(): Locator {
    return this.frame.locator('.page-wrapper.active');
  }

  async route(): Promise<string> {
    return this.frame.evaluate(
      () =>
        (window as unknown as { __preview: { router: { current?: { route: string } } } }).__preview.router
          .current?.route ?? '',
    );
  }

  async waitRoute(route: string, timeout = 10_000): Promise<void> {
    try {
      await this.frame.waitForFunction(
        (r) =>
          (window as unknown as { __preview: { router: { current?: { route: string } } } }).__preview.router
            .current?.route === r,
        route,
        { timeout },
      );
    } catch {
      const text = (await this.top.innerText().catch(() => '')).replace(/\s+/g, ' ').slice(0, 300);
      throw new Error(`expected page ${route}, but ${await this.route()} is open: "${text}"`);
    }
  }

  /** Waits for the navigation bar to show `text` (pages set it after their data arrives). */
  async waitTitle(text: string, timeout = 10_000): Promise<void> {
    await this.frame
      .waitForFunction((t) => document.querySelector('#nav .nav-title')?.textContent?.includes(t), text, {
        timeout,
      })
      .catch(async () => {
        throw new Error(`expected the title to contain "${text}", it is "${await this.title()}"`);
      });
  }

  async title(): Promise<string> {
    return (await this.frame.locator('#nav .nav-title').textContent()) ?? '';
  }

  /** Text on the current page (exact match first, then containing). */
  text(text: string | RegExp, exact = false): Locator {
    return this.top.getByText(text, { exact }).first();
  }

  /**
   * Taps the element showing `text`. Forced: vant draws a transparent :before overlay on buttons
   * and cells (their pressed state), so the hit target is the host, which is what a tap reaches.
   */
  async tap(text: string | RegExp, exact = false): Promise<void> {
    const target = this.text(text, exact);
    await target.waitFor({ state: 'visible' });
    await this.settle();
    await target.click({ force: true });
  }

  /** Taps an element found by selector within the current page (icons, rows without text). */
  async tapSelector(selector: string): Promise<void> {
    const target = this.top.locator(selector).first();
    await target.waitFor({ state: 'visible' });
    await this.settle();
    await target.click({ force: true });
  }

  /**
   * Waits until the page stops changing (no DOM mutation for 150 ms, at most 3 s): a list that
   * re-renders after its data arrives replaces the very node a tap would land on.
   */
  async settle(): Promise<void> {
    // A string, not a function: tsx would inject its __name helper, unknown in the page.
    await this.frame.evaluate(SETTLE_SCRIPT);
  }

  async see(text: string | RegExp, timeout = 10_000): Promise<void> {
    await this.text(text).waitFor({ state: 'visible', timeout });
  }

  async back(): Promise<void> {
    await this.frame.locator('#nav .nav-back').click();
  }

  tab(name: string): Locator {
    return this.frame.locator('#tabbar .tab', { hasText: name });
  }

  async tabBadge(index: number): Promise<string> {
    const badge = this.frame.locator(`#tabbar .tab[data-index="${index}"] .tab-badge`);
    return (await badge.count()) ? ((await badge.textContent()) ?? '') : '';
  }

  /** Types into the n-th text field of the current page (native input or textarea). */
  async type(text: string, nth = 0): Promise<void> {
    const field = this.top.locator('.wx-native-input, .wx-native-textarea').nth(nth);
    await field.click();
    await field.fill(text);
  }

  async overlayTap(text: string): Promise<void> {
    await this.frame.locator('#overlay').getByText(text, { exact: true }).first().click();
  }

  async screenshot(name: string, locatorOrPage?: Locator | Page): Promise<string> {
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const file = path.join(SCREENSHOT_DIR, `${name}.png`);
    if (locatorOrPage) await locatorOrPage.screenshot({ path: file });
    else await this.frame.page().screenshot({ path: file });
    return file;
  }
}

let printed = false;
/** Tells the person running the suite where the screenshots are (once per process). */
export function announceScreenshots(): void {
  if (printed) return;
  printed = true;
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  console.log(`E2E screenshots: ${path.relative(process.cwd(), SCREENSHOT_DIR) || SCREENSHOT_DIR}`);
}
