// What the preview benchmarks share: a local cloud behind the HTTP server, Debian's Chromium with
// the flags that keep it from doing its own network work, and the first-row observer.
import fs from 'fs';
import os from 'os';
import path from 'path';
import type { Browser, Page } from 'playwright-core';
import { LocalCloud } from '../localcloud/cloud';
import { launchChromium } from '../test/e2e/chromium';
import { registerExtensions } from '../localcloud/extensions';
import { LocalServer } from '../localcloud/server';

export interface PreviewBench {
  cloud: LocalCloud;
  base: string;
  browser: Browser;
  close(): Promise<void>;
}

/** A fresh local cloud in a temporary folder, seeded, served over HTTP, and a browser for it. */
export async function startPreviewBench(
  name: string,
  seed: (cloud: LocalCloud) => Promise<unknown>,
): Promise<PreviewBench> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `tongshi-bench-${name}-`));
  const cloud = new LocalCloud({ dataDir });
  const server = new LocalServer(cloud);
  await registerExtensions(server);
  const base = await server.listen(0);
  await seed(cloud);
  const browser = await launchChromium();
  return {
    cloud,
    base,
    browser,
    async close() {
      await browser.close();
      await server.close();
      cloud.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Records (window.__firstRowAt) when the first conversation row of the 消息 tab enters the DOM. */
export async function recordFirstRow(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __firstRowAt?: number };
    new MutationObserver((_m, obs) => {
      if (document.querySelector('.page-wrapper.active van-swipe-cell')) {
        w.__firstRowAt = performance.now();
        obs.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
}
