// The 消息 tab with 1,000 conversations (windowed: miniprogram/utils/rowWindow.ts).
// 1. Browser preview in Debian's Chromium: time from the runtime bundle running to the first
//    conversation row in the DOM (median of 3 cold loads), and DOM elements of the page at the top
//    and scrolled to the end.
// 2. The page test (jsdom + miniprogram-simulate, test/pages/chats-window.test.ts): WXML nodes at
//    the top and at the end, and the setData an incoming message costs.
// `npm run bench -- chats`.
import { execFileSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { type Page } from 'playwright-core';
import { seedChats } from '../test/pages/chatsList';
import { recordFirstRow, startPreviewBench } from './previewBrowser';
import { median } from './stats';

const CHATS = 1000;
const RUNS = 3;

const domNodes = (page: Page) =>
  page.evaluate(() => document.querySelectorAll('.page-wrapper.active page *').length);

async function preview(): Promise<void> {
  const { base, browser, close } = await startPreviewBench('chats', (c) => seedChats(c, CHATS));
  const runs: { firstRow: number; top: number; end: number; lastRow: string }[] = [];
  try {
    for (let i = -1; i < RUNS; i++) {
      const context = await browser.newContext({ viewport: { width: 375, height: 740 } });
      const page = await context.newPage();
      await recordFirstRow(page);
      await page.goto(`${base}/frame?as=o_e2`);
      await page.waitForFunction(
        () => (window as unknown as { __firstRowAt?: number }).__firstRowAt,
        undefined,
        {
          timeout: 60_000,
        },
      );
      const firstRow = await page.evaluate(() => {
        const w = window as unknown as { __firstRowAt: number; __preview: { bootStart: number } };
        return w.__firstRowAt - w.__preview.bootStart;
      });
      // Every page of groups.list in, then to the end of the list and back.
      await page.waitForFunction(
        (n) => {
          const list = document.querySelector(
            '.page-wrapper.active [class*="chats-index--list"]',
          ) as HTMLElement | null;
          return !!list && list.getBoundingClientRect().height > n;
        },
        CHATS * 50,
        { timeout: 60_000 },
      );
      const top = await domNodes(page);
      await page.evaluate(() => {
        const s = document.querySelector('.page-wrapper.active .page-scroller') as HTMLElement;
        s.scrollTop = s.scrollHeight;
        s.dispatchEvent(new Event('scroll'));
      });
      await page.waitForFunction(
        () =>
          Array.from(document.querySelectorAll('.page-wrapper.active [class*="chats-index--name"]')).some(
            (n) => (n.textContent ?? '').includes('门店群999'),
          ),
        undefined,
        { timeout: 10_000 },
      );
      const end = await domNodes(page);
      if (i >= 0) runs.push({ firstRow, top, end, lastRow: '门店群999' });
      await context.close();
    }
  } finally {
    await close();
  }
  const first = median(runs.map((r) => r.firstRow));
  console.log(`browser preview, ${CHATS} conversations (Chromium, 375×740):`);
  console.table([
    {
      measure: 'bundle running → first row in the DOM (ms, median)',
      value: Math.round(first),
      budget: '< 500',
    },
    { measure: 'DOM elements of the page, top', value: runs[runs.length - 1].top, budget: '' },
    {
      measure: 'DOM elements of the page, scrolled to the end',
      value: runs[runs.length - 1].end,
      budget: '',
    },
  ]);
  console.log('runs (ms):', runs.map((r) => Math.round(r.firstRow)).join(', '));
}

function pageTest(): void {
  const out = path.join(os.tmpdir(), `tongshi-chats-bench-${process.pid}.json`);
  try {
    execFileSync(process.execPath, [require.resolve('jest/bin/jest'), 'test/pages/chats-window.test.ts'], {
      cwd: path.resolve(__dirname, '..'),
      env: { ...process.env, TONGSHI_BENCH_OUT: out },
      stdio: 'ignore',
    });
    console.log(
      `page test (miniprogram-simulate), ${CHATS} conversations (WXML nodes < 1,500; one setData < 2 KB):`,
    );
    console.table([JSON.parse(fs.readFileSync(out, 'utf8'))]);
  } catch (e) {
    console.error(
      'page measurement failed (run: npx jest test/pages/chats-window.test.ts)',
      (e as Error).message,
    );
    process.exitCode = 1;
  } finally {
    fs.rmSync(out, { force: true });
  }
}

export default async function chatsBench(): Promise<void> {
  await preview();
  pageTest();
}
