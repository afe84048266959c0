// A tap's work with its flag in the page data (a spinner, a disabled button) and the server's
// refusal as a toast: the shape of most buttons that call the cloud.
import { errorMessage } from '../services/cloud';

/**
 * Runs `work` with `flag` on (nothing, when it is on already: a second tap while the first is
 * under way). Answers the work's result, or undefined when it did not run or failed.
 */
export async function whileBusy<T>(
  page: { data: object; setData(patch: Record<string, unknown>): void },
  flag: string,
  work: () => Promise<T>,
): Promise<T | undefined> {
  if ((page.data as Record<string, unknown>)[flag]) return undefined;
  page.setData({ [flag]: true });
  try {
    return await work();
  } catch (e) {
    wx.showToast({ title: errorMessage(e), icon: 'none' });
    return undefined;
  } finally {
    page.setData({ [flag]: false });
  }
}
