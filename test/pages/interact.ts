// What a finger and a patient eye do on a rendered page, shared by the page tests: wait for the
// view to show something, tap a vant button or a van-dialog's confirm, and stub the wx
// navigation/toast APIs a page calls so a test can assert on them.
import type { Rendered } from './harness';

/* eslint-disable-next-line @typescript-eslint/no-explicit-any -- simulate's mock of WeChat's global */
declare const wx: any;
const simulate = require('miniprogram-simulate') as { sleep(ms: number): Promise<void> };

/** Polls every 10 ms (up to `tries` times) until `check` holds; names `what` when it never does. */
export async function waitFor(check: () => boolean, what = 'the condition', tries = 500): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (check()) return;
    await simulate.sleep(10);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Taps the native button inside a van-button (what a finger does). */
export function tapButton(page: Rendered, selector: string): void {
  const host = page.querySelector(selector) as Rendered;
  (host.querySelector('.van-button') as Rendered).dispatchEvent('tap');
}

/** Taps the confirm button of the page's van-dialog (#confirm-dialog), as a finger would. */
export function confirmDialog(page: Rendered): void {
  const dialog = page.querySelector('#confirm-dialog') as Rendered;
  const buttons = dialog.querySelectorAll('.van-dialog__button');
  (buttons[buttons.length - 1].querySelector('.van-button') as Rendered).dispatchEvent('tap');
}

/** Replaces these wx APIs with fresh jest mocks. */
export function stubWx(...names: string[]): void {
  for (const k of names) wx[k] = jest.fn();
}

/** Unloads and detaches the pages a test opened, as WeChat does when they leave the stack. */
export function closePages(opened: Rendered[]): void {
  for (const p of opened.splice(0)) {
    (p.instance as unknown as { onUnload(): void }).onUnload();
    p.detach();
  }
}
