// Admin pages refuse non-admins. The cloud functions are the authority (every admin action answers
// FORBIDDEN to a non-admin), so a page shows the refusal when its first call is refused instead of
// asking `directory.me` first: no extra round trip, and nothing can be shown that the server
// did not hand out.
import type { MeResult } from '../../../typings/api';
import { CloudError, errorMessage } from '../../services/cloud';
import { loadMe } from '../../services/session';
import { loadPage } from '../../utils/pageLoad';

export const DENIED_TEXT = '仅管理员可访问';

/** True when the error means "this person may not use the back office". */
export function isDenied(e: unknown): boolean {
  return e instanceof CloudError && (e.code === 'FORBIDDEN' || e.code === 'UNAUTHENTICATED');
}

export type LoadState = {
  loading: boolean;
  denied: boolean;
  error: string;
};

export const initialLoadState: LoadState = { loading: true, denied: false, error: '' };

/** The page data to set after a failed load: a refusal, or an error with a retry. */
export function failureState(e: unknown): LoadState {
  return isDenied(e)
    ? { loading: false, denied: true, error: '' }
    : { loading: false, denied: false, error: errorMessage(e) };
}

/** A page's guarded load (utils/pageLoad): the refusal or the error with a retry when it fails. */
export function loadGuarded(
  page: { setData(patch: Record<string, unknown>): void },
  load: () => Promise<Record<string, unknown> | void>,
  reset: Record<string, unknown> = {},
): Promise<void> {
  return loadPage(page, load, { denied: false, ...reset }, failureState);
}

/**
 * `directory.me` for an admin page that needs it before its first call (its own id, a length
 * cap): null once the refusal (not bound, not an admin) or the error is shown, under the page's
 * own names for its spinner and error line.
 */
export async function adminMe(
  page: { setData(patch: Record<string, unknown>): void },
  loadingKey = 'loading',
  errorKey = 'error',
): Promise<MeResult | null> {
  try {
    const me = await loadMe();
    if (me.bound && me.isAdmin) return me;
    page.setData({ denied: true, [loadingKey]: false });
  } catch (e) {
    page.setData({ [loadingKey]: false, [errorKey]: errorMessage(e) });
  }
  return null;
}
