// A page's load with a spinner and an error line (the page's 重试 calls the load again). Pages
// keep `loading` and `error` in their data for it.
import { errorMessage } from '../services/cloud';
import { ensureBound } from '../services/session';

type Patch = Record<string, unknown>;

/**
 * Shows the spinner (with `reset` applied), runs `load`, then sets `loading: false` with the patch
 * it returned; a failure sets `failed(e)` — by default the error's message as the error line.
 */
export async function loadPage(
  page: { setData(patch: Patch): void },
  load: () => Promise<Patch | void>,
  reset: Patch = {},
  failed: (e: unknown) => Patch = (e) => ({ loading: false, error: errorMessage(e) }),
): Promise<void> {
  page.setData({ loading: true, error: '', ...reset });
  try {
    const patch = await load();
    page.setData({ loading: false, ...patch });
  } catch (e) {
    page.setData(failed(e));
  }
}

/** `onLoad` of a page opened with `?id=` (a person, a group): keeps the id in data, then loads. */
export function loadById(
  this: { setData(patch: Patch): void; load(): Promise<unknown> },
  query: Record<string, string | undefined>,
): Promise<unknown> {
  this.setData({ id: query.id ?? '' });
  return this.load();
}

/**
 * `onLoad` of a `?id=` page anyone can be sent to (a colleague's card, a department): binding
 * first — someone not bound yet goes to the bind page and nothing is loaded.
 */
export async function loadBoundById(
  this: { setData(patch: Patch): void; load(): Promise<unknown> },
  query: Record<string, string | undefined>,
): Promise<unknown> {
  this.setData({ id: query.id ?? '' });
  const me = await ensureBound().catch(() => null);
  return me ? this.load() : undefined;
}
