// One phone: boots the real mini program (app.ts, pages, vant) on miniprogram-simulate's engine
// inside this iframe, acting as the OPENID in `?as=`. `?path=` opens another first page.
import { installLoader, MP_ROOT, runEntry } from './loader';
import { Router } from './router';
import { registerBuiltins } from './builtins';
import { installWx } from './wxapi';

/* eslint-disable @typescript-eslint/no-explicit-any -- the mini program's globals are untyped */
const w = window as any;
/** The bundle has loaded and runs from here (the benchmark measures first render from this). */
const bootStart = performance.now();

interface PreviewState {
  openid: string;
  router: Router;
  /** Resolves once the first page has rendered; ms from script start to that render. */
  ready: Promise<number>;
  bootStart: number;
  errors: string[];
}

function reportError(e: unknown): void {
  // WeChat logs page errors to the console; so do we (tests fail on console errors).
  console.error(e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : e);
}

/**
 * Mouse input as touch: j-component makes tap/longpress out of touch events only, and a
 * preview is mostly used with a mouse. Real touch input already arrives as touch events.
 */
function installMouseAsTouch(): void {
  let target: Element | null = null;
  const dispatch = (type: string, e: MouseEvent) => {
    if (!target) return;
    const touch = new Touch({
      identifier: 1,
      target,
      clientX: e.clientX,
      clientY: e.clientY,
      pageX: e.pageX,
      pageY: e.pageY,
    });
    const touches = type === 'touchend' ? [] : [touch];
    target.dispatchEvent(
      new TouchEvent(type, {
        bubbles: true,
        cancelable: true,
        composed: true,
        touches,
        targetTouches: touches,
        changedTouches: [touch],
      }),
    );
  };
  const fromTouch = (e: MouseEvent) =>
    (e as MouseEvent & { sourceCapabilities?: { firesTouchEvents?: boolean } }).sourceCapabilities
      ?.firesTouchEvents;
  document.addEventListener(
    'mousedown',
    (e) => {
      if (e.button !== 0 || fromTouch(e)) return;
      let t = e.target as Element | null;
      if (!t?.closest('page')) return;
      // Native elements inside built-ins (the <img> of an image, a switch's track) are not
      // exparser nodes, so a tap on them would reach no handler: start from their host.
      while (t && !(t as Element & { __wxElement?: unknown }).__wxElement) t = t.parentElement;
      if (!t) return;
      target = t;
      dispatch('touchstart', e);
    },
    true,
  );
  document.addEventListener('mousemove', (e) => target && dispatch('touchmove', e), true);
  document.addEventListener(
    'mouseup',
    (e) => {
      dispatch('touchend', e);
      target = null;
    },
    true,
  );
}

async function boot(): Promise<number> {
  const params = new URLSearchParams(location.search);
  const openid = params.get('as') || '';
  installLoader();

  // What j-component's component `this` lacks and vant uses: getRelationNodes returns null where
  // WeChat returns [] (vant's checkbox throws), and the base-library ≥ 2.4 / 2.9 methods
  // groupSetData and animate (our getSystemInfo reports a current SDK, so vant calls them).
  const relFix = w.Behavior({
    lifetimes: {
      created(this: any) {
        const orig = this.getRelationNodes;
        this.getRelationNodes = (k: string) => orig.call(this, k) || [];
        this.groupSetData ??= (cb?: () => void) => cb?.();
        this.animate ??= (_selector: string, _frames: unknown[], duration: number, cb?: () => void) => {
          if (cb) setTimeout(cb, duration);
        };
        this.clearAnimation ??= (_selector: string, _opts?: unknown, cb?: () => void) => cb?.();
      },
    },
  });
  const simComponent = w.Component;
  w.Component = (o: any) => simComponent({ ...o, behaviors: [...(o.behaviors || []), relFix] });
  // Classic Page() files: page functions become component methods.
  w.Page = (o: any) => {
    const methods: Record<string, unknown> = {};
    const rest: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o)) (typeof v === 'function' ? methods : rest)[k] = v;
    return w.Component({ ...rest, methods });
  };

  const router = new Router(
    document.getElementById('stack') as HTMLElement,
    document.getElementById('nav') as HTMLElement,
    document.getElementById('tabbar') as HTMLElement,
    reportError,
  );
  const state: PreviewState = { openid, router, ready: Promise.resolve(0), bootStart, errors: [] };
  w.__preview = state;

  registerBuiltins({
    async phoneCode() {
      const res = await fetch('/api/preview/phone-code', {
        method: 'POST',
        headers: { 'x-wx-openid': openid },
      });
      const body = (await res.json()) as { code?: string; error?: string };
      if (!body.code) throw new Error(body.error ?? 'no phone number');
      return body.code;
    },
    navigate(openType, url, delta) {
      const go: Record<string, () => Promise<void>> = {
        navigate: () => router.navigateTo(url),
        redirect: () => router.redirectTo(url),
        switchTab: () => router.switchTab(url),
        reLaunch: () => router.reLaunch(url),
        navigateBack: () => router.navigateBack(delta),
      };
      void (go[openType] ?? go.navigate)().catch(reportError);
    },
  });
  installWx({ router, openid, width: window.innerWidth });
  installMouseAsTouch();

  // App(): keep the instance for getApp(), then launch.
  let app: any = { globalData: {} };
  w.App = (o: any) => {
    app = o;
    app.globalData ??= {};
  };
  w.getApp = () => app;
  w.getCurrentPages = () => router.pages();
  runEntry(`${MP_ROOT}/app`);
  const launch = { path: router.app.pages[0], query: {}, scene: 1001 };
  app.onLaunch?.(launch);
  app.onShow?.(launch);

  const first = params.get('path') || router.app.pages[0];
  const url = `/${first.replace(/^\//, '')}`;
  const { route } = { route: url.slice(1).split('?')[0] };
  if (router.tabIndex(route) >= 0) await router.switchTab(url);
  else await router.reLaunch(url);
  return performance.now() - bootStart;
}

window.addEventListener('error', (e) =>
  (w.__preview as PreviewState | undefined)?.errors.push(String(e.message)),
);
window.addEventListener('unhandledrejection', (e) => {
  (w.__preview as PreviewState | undefined)?.errors.push(String((e as PromiseRejectionEvent).reason));
});

const ready = boot();
ready.catch(reportError);
// boot() sets __preview synchronously before its first await; hang the promise on it.
if (w.__preview) (w.__preview as PreviewState).ready = ready;
