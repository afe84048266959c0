// Subscription messages (订阅消息) on the client: WeChat reaches a closed mini program only
// through them, and each accepted wx.requestSubscribeMessage allows one card (one-time
// subscriptions). So the ask rides on taps the user makes anyway — sending, opening a chat —
// and stays quiet when it would nag:
// - with a few credits banked it does not ask again until they run low;
// - after a 取消 it waits a day (the 我 page's 去开启 still asks at once);
// - once the user ticked 总是保持以上选择 the popup no longer shows and every ask silently adds a
//   credit, so then it asks on each natural tap until a healthy bank is reached.
// WeChat requires the call inside the tap itself: callers invoke `askOnTap()` first thing in
// their tap handler, before any await.
import { call } from './cloud';
import { currentMe } from './session';

const KEY = 'notify.state';
/** Banked credits that make a popup on an ordinary tap not worth it. */
const ENOUGH = 3;
/** With "always keep" ticked the ask is silent; stop topping up here. */
const BANK = 20;
const QUIET_AFTER_DECLINE_MS = 24 * 3600_000;

interface State {
  credits: number;
  declinedAt: number;
  keep: boolean;
}

function load(): State {
  try {
    const v = wx.getStorageSync(KEY) as State | '';
    if (v && typeof v === 'object') return v;
  } catch {
    // no storage: defaults
  }
  return { credits: 0, declinedAt: 0, keep: false };
}

function save(s: State): void {
  try {
    wx.setStorageSync(KEY, s);
  } catch {
    // a full storage only means we may ask again
  }
}

const templateIds = (): string[] => currentMe()?.subscribeTemplateIds ?? [];

/** The credits the cloud holds for me (the 我 page), refreshed into the local hint. */
export async function loadCredits(): Promise<number | null> {
  const ids = templateIds();
  if (!ids.length) return null;
  const { credits } = await call('directory', 'subscribe', { templateIds: [] });
  const n = credits[ids[0]] ?? 0;
  save({ ...load(), credits: n });
  return n;
}

/** Whether a natural tap should ask now (pure: the rule above). */
export function shouldAsk(s: State, now: number): boolean {
  if (s.keep) return s.credits < BANK;
  if (now - s.declinedAt < QUIET_AFTER_DECLINE_MS) return false;
  return s.credits < ENOUGH;
}

/**
 * Shows WeChat's popup for the new-message template (or adds a credit silently when the user
 * chose to keep it) and reports what was accepted. `force` is the 我 page's explicit 去开启.
 * Resolves to my credit count afterwards, or null when nothing was asked.
 */
export function askOnTap(force = false): Promise<number | null> {
  const ids = templateIds();
  const state = load();
  if (!ids.length || (!force && !shouldAsk(state, Date.now()))) return Promise.resolve(null);
  return new Promise((resolve) => {
    // Hosts without the API (old base libraries, tests) simply never ask.
    if (typeof wx.requestSubscribeMessage !== 'function') return resolve(null);
    wx.requestSubscribeMessage({
      tmplIds: ids,
      success: (res) => {
        const answers = res as unknown as Record<string, string>;
        const accepted = ids.filter((id) => answers[id] === 'accept');
        if (!accepted.length) {
          save({ ...state, declinedAt: Date.now(), keep: false });
          resolve(state.credits);
          return;
        }
        void Promise.all([
          call('directory', 'subscribe', { templateIds: accepted }),
          keptByUser(ids[0]),
        ]).then(
          ([{ credits }, keep]) => {
            const n = credits[ids[0]] ?? 0;
            save({ credits: n, declinedAt: 0, keep });
            resolve(n);
          },
          () => resolve(state.credits),
        );
      },
      // Main switch off, too many templates, no tap… nothing to report; try on a later tap.
      fail: () => resolve(null),
    });
  });
}

/** Whether the user ticked 总是保持以上选择 for this template (then asking is silent). */
function keptByUser(templateId: string): Promise<boolean> {
  return new Promise((resolve) => {
    if (typeof wx.getSetting !== 'function') return resolve(false);
    wx.getSetting({
      withSubscriptions: true,
      success: (res) => {
        const items = res.subscriptionsSetting?.itemSettings as Record<string, string> | undefined;
        resolve(items?.[templateId] === 'accept');
      },
      fail: () => resolve(false),
    });
  });
}
