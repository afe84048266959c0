// The page stack WeChat keeps: navigateTo pushes, navigateBack pops (onUnload), switchTab keeps
// one live instance per tab, redirectTo/reLaunch replace. Draws the navigation bar (title from
// the page's json, back arrow when the stack is deeper than one) and the tab bar from app.json.
import { MP_ROOT } from './loader';

/* eslint-disable @typescript-eslint/no-explicit-any -- page instances are the mini program's untyped `this` */
interface SimComponent {
  instance: any;
  dom: HTMLElement;
  attach(parent: Element): void;
  detach(): void;
  triggerPageLifeTime(name: string, ...args: unknown[]): void;
}
const simulate = require('miniprogram-simulate') as {
  load(path: string, tagName: string, options: Record<string, unknown>): string;
  render(id: string, props?: Record<string, unknown>): SimComponent;
};
/* eslint-enable @typescript-eslint/no-explicit-any */

interface PageJson {
  navigationBarTitleText?: string;
  navigationBarBackgroundColor?: string;
  navigationBarTextStyle?: string;
  backgroundColor?: string;
  navigationStyle?: string;
  onReachBottomDistance?: number;
  enablePullDownRefresh?: boolean;
}

interface AppJson {
  pages: string[];
  subpackages?: { root: string; pages: string[] }[];
  window?: PageJson;
  tabBar?: {
    color?: string;
    selectedColor?: string;
    backgroundColor?: string;
    list: { pagePath: string; text: string }[];
  };
}

export interface PageEntry {
  route: string;
  query: Record<string, string>;
  comp: SimComponent;
  wrapper: HTMLElement;
  scroller: HTMLElement;
  title: string;
  json: PageJson;
  isTab: boolean;
  reachedBottom: boolean;
  refreshing?: boolean;
}

const readJson = <T>(file: string): T | null => {
  const text = window.__MP__.files[file];
  return typeof text === 'string' ? (JSON.parse(text) as T) : null;
};

export const appJson = (): AppJson => readJson<AppJson>(`${MP_ROOT}/app.json`) as AppJson;

function allRoutes(app: AppJson): Set<string> {
  const routes = new Set(app.pages);
  for (const sub of app.subpackages ?? [])
    for (const p of sub.pages) routes.add(`${sub.root.replace(/\/$/, '')}/${p}`);
  return routes;
}

export function parseUrl(url: string, fromRoute?: string): { route: string; query: Record<string, string> } {
  const [rawPath, rawQuery = ''] = url.split('?');
  let route = rawPath;
  if (!route.startsWith('/') && fromRoute) {
    // Relative to the current page's folder, as WeChat resolves it.
    const parts = fromRoute.split('/').slice(0, -1);
    for (const seg of route.split('/')) {
      if (seg === '..') parts.pop();
      else if (seg !== '.') parts.push(seg);
    }
    route = parts.join('/');
  }
  route = route.replace(/^\/+/, '').replace(/\.(js|ts)$/, '');
  const query: Record<string, string> = {};
  for (const pair of rawQuery.split('&')) {
    if (!pair) continue;
    const i = pair.indexOf('=');
    const k = i < 0 ? pair : pair.slice(0, i);
    const v = i < 0 ? '' : pair.slice(i + 1);
    // WeChat hands query values to onLoad as they appear in the url (still encoded).
    query[decodeURIComponent(k)] = v;
  }
  return { route, query };
}

const NAV_HEIGHT = 44;
const TAB_HEIGHT = 50;

const TAB_ICONS: Record<string, string> = {
  // Simple line icons: chat bubble, people, person.
  chats:
    '<svg viewBox="0 0 24 24"><path d="M4 5h16v11H9l-4 3v-3H4z" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linejoin="round"/></svg>',
  contacts:
    '<svg viewBox="0 0 24 24"><circle cx="9" cy="8" r="3.5" fill="none" stroke="currentColor" stroke-width="1.8"/><path d="M2.5 20c.8-3.8 3.4-5.5 6.5-5.5s5.7 1.7 6.5 5.5" fill="none" stroke="currentColor" stroke-width="1.8"/><path d="M15.5 4.8a3.5 3.5 0 0 1 0 6.4M18 14.8c1.8.8 3 2.5 3.5 5.2" fill="none" stroke="currentColor" stroke-width="1.8"/></svg>',
  me: '<svg viewBox="0 0 24 24"><circle cx="12" cy="8" r="4" fill="none" stroke="currentColor" stroke-width="1.8"/><path d="M4 21c1-4.4 4.2-6.5 8-6.5s7 2.1 8 6.5" fill="none" stroke="currentColor" stroke-width="1.8"/></svg>',
};

export class Router {
  readonly app = appJson();
  readonly routes = allRoutes(this.app);
  readonly stack: PageEntry[] = [];
  /** Tab pages stay alive while another tab is shown, as in WeChat. */
  private readonly tabPages = new Map<string, PageEntry>();
  private readonly badges = new Map<number, { text?: string; dot?: boolean }>();
  private tabBarHidden = false;
  private loadCount = 0;
  /** Where the last page open spent its time (the benchmark reports it). */
  lastOpen: { route: string; loadMs: number; renderMs: number; attachMs: number } | null = null;

  constructor(
    private readonly stackEl: HTMLElement,
    private readonly navEl: HTMLElement,
    private readonly tabEl: HTMLElement,
    private readonly onError: (e: unknown) => void,
  ) {
    this.navEl.querySelector('.nav-back')?.addEventListener('click', () => void this.navigateBack(1));
    this.renderTabBar();
  }

  get current(): PageEntry | undefined {
    return this.stack[this.stack.length - 1];
  }

  tabIndex(route: string): number {
    return this.app.tabBar?.list.findIndex((t) => t.pagePath === route) ?? -1;
  }

  private check(route: string): void {
    if (!this.routes.has(route)) throw new Error(`page "${route}" is not found`);
  }

  private pageJson(route: string): PageJson {
    return { ...this.app.window, ...(readJson<PageJson>(`${MP_ROOT}/${route}.json`) ?? {}) };
  }

  private viewportHeight(isTab: boolean, custom = false): number {
    return window.innerHeight - (custom ? 0 : NAV_HEIGHT) - (isTab && !this.tabBarHidden ? TAB_HEIGHT : 0);
  }

  windowHeight(): number {
    const cur = this.current;
    return this.viewportHeight(cur?.isTab ?? false, cur?.json.navigationStyle === 'custom');
  }

  private async open(route: string, query: Record<string, string>): Promise<PageEntry> {
    this.check(route);
    const json = this.pageJson(route);
    const isTab = this.tabIndex(route) >= 0;
    // A tag name per page keeps each page's class prefix (and so its WXSS) apart from the others'.
    const tag = `page-${route.replace(/[^a-zA-Z0-9]+/g, '-')}`;
    const t0 = performance.now();
    const id = simulate.load(`${MP_ROOT}/${route}`, tag, { compiler: 'official', rootPath: MP_ROOT });
    const t1 = performance.now();
    const comp = simulate.render(id);
    const t2 = performance.now();
    const wrapper = document.createElement('div');
    wrapper.className = 'page-wrapper';
    wrapper.style.bottom = isTab ? `${TAB_HEIGHT}px` : '0';
    // navigationStyle "custom": the page draws its own bar from the top of the screen; WeChat
    // still draws the capsule over it.
    const custom = json.navigationStyle === 'custom';
    if (custom) wrapper.style.top = `-${NAV_HEIGHT}px`;
    wrapper.style.setProperty('--vh', `${this.viewportHeight(isTab, custom) / 100}px`);
    wrapper.style.background = json.backgroundColor ?? '#f7f8fa';
    const scroller = document.createElement('div');
    scroller.className = 'page-scroller';
    const pageEl = document.createElement('page');
    pageEl.setAttribute('data-route', route);
    scroller.appendChild(pageEl);
    wrapper.appendChild(scroller);
    this.stackEl.appendChild(wrapper);
    const entry: PageEntry = {
      route,
      query,
      comp,
      wrapper,
      scroller,
      title: json.navigationBarTitleText ?? '',
      json,
      isTab,
      reachedBottom: false,
    };
    const inst = comp.instance;
    inst.route = route;
    inst.__route__ = route;
    inst.options = query;
    scroller.addEventListener('scroll', () => this.onScroll(entry), { passive: true });
    if (json.enablePullDownRefresh) this.enablePullDown(entry);
    comp.attach(pageEl);
    this.loadCount++;
    this.lastOpen = { route, loadMs: t1 - t0, renderMs: t2 - t1, attachMs: performance.now() - t2 };
    return entry;
  }

  /** Runs a page hook; errors are reported like WeChat's console does, not thrown into the router. */
  private hook(entry: PageEntry, name: string, ...args: unknown[]): void {
    const inst = entry.comp.instance;
    try {
      const fn = inst[name];
      if (typeof fn === 'function') {
        const r = fn.apply(inst, args);
        if (r && typeof r.catch === 'function') r.catch(this.onError);
      }
      const lifetime = { onShow: 'show', onHide: 'hide' }[name];
      if (lifetime) entry.comp.triggerPageLifeTime(lifetime);
    } catch (e) {
      this.onError(e);
    }
  }

  private onScroll(entry: PageEntry): void {
    const s = entry.scroller;
    this.hook(entry, 'onPageScroll', { scrollTop: s.scrollTop });
    const distance = entry.json.onReachBottomDistance ?? 50;
    const atBottom = s.scrollTop + s.clientHeight >= s.scrollHeight - distance;
    if (atBottom && !entry.reachedBottom) {
      entry.reachedBottom = true;
      this.hook(entry, 'onReachBottom');
    } else if (!atBottom) entry.reachedBottom = false;
  }

  /**
   * Pull-down refresh, for a mouse: scrolling up past the top (the wheel, or a trackpad's
   * overscroll) pulls the page down; far enough, it refreshes like WeChat's pull.
   */
  private enablePullDown(entry: PageEntry): void {
    const indicator = document.createElement('div');
    indicator.className = 'pull-down';
    indicator.innerHTML = '<span></span><span></span><span></span>';
    entry.wrapper.insertBefore(indicator, entry.scroller);
    let pulled = 0;
    let reset: ReturnType<typeof setTimeout> | undefined;
    entry.scroller.addEventListener(
      'wheel',
      (e) => {
        if (entry.scroller.scrollTop > 0 || e.deltaY >= 0 || entry.refreshing) return;
        pulled += -e.deltaY;
        clearTimeout(reset);
        reset = setTimeout(() => (pulled = 0), 400);
        if (pulled > 120) {
          pulled = 0;
          this.startPullDownRefresh(entry);
        }
      },
      { passive: true },
    );
  }

  startPullDownRefresh(entry = this.current): void {
    if (!entry?.json.enablePullDownRefresh || entry.refreshing) return;
    entry.refreshing = true;
    entry.wrapper.classList.add('refreshing');
    this.hook(entry, 'onPullDownRefresh');
    // WeChat stops the animation by itself after a while if the page never calls stopPullDownRefresh.
    setTimeout(() => this.stopPullDownRefresh(entry), 3000);
  }

  stopPullDownRefresh(entry = this.current): void {
    if (!entry) return;
    entry.refreshing = false;
    entry.wrapper.classList.remove('refreshing');
  }

  private show(entry: PageEntry): void {
    for (const e of Array.from(this.stackEl.children))
      (e as HTMLElement).classList.toggle('active', e === entry.wrapper);
    this.renderNav();
    this.renderTabBar();
    this.hook(entry, 'onShow');
  }

  private unload(entry: PageEntry): void {
    this.hook(entry, 'onUnload');
    entry.comp.detach();
    entry.wrapper.remove();
    if (entry.isTab) this.tabPages.delete(entry.route);
  }

  private hideCurrent(): void {
    if (this.current) this.hook(this.current, 'onHide');
  }

  async navigateTo(url: string): Promise<void> {
    const { route, query } = parseUrl(url, this.current?.route);
    if (this.tabIndex(route) >= 0) throw new Error('can not navigateTo a tabbar page');
    if (this.stack.length >= 10) throw new Error('webview count limit exceed');
    this.check(route);
    this.hideCurrent();
    const entry = await this.open(route, query);
    this.stack.push(entry);
    this.hook(entry, 'onLoad', query);
    this.show(entry);
  }

  async redirectTo(url: string): Promise<void> {
    const { route, query } = parseUrl(url, this.current?.route);
    if (this.tabIndex(route) >= 0) throw new Error('can not redirectTo a tabbar page');
    this.check(route);
    const old = this.stack.pop();
    if (old) this.unload(old);
    const entry = await this.open(route, query);
    this.stack.push(entry);
    this.hook(entry, 'onLoad', query);
    this.show(entry);
  }

  async navigateBack(delta = 1): Promise<void> {
    if (this.stack.length <= 1) return;
    const n = Math.min(Math.max(1, delta), this.stack.length - 1);
    for (let i = 0; i < n; i++) this.unload(this.stack.pop() as PageEntry);
    this.show(this.current as PageEntry);
  }

  async switchTab(url: string): Promise<void> {
    const { route } = parseUrl(url, this.current?.route);
    if (this.tabIndex(route) < 0) throw new Error('can not switchTab to a non-tabbar page');
    // Non-tab pages above are closed; the tab pages themselves stay alive.
    while (this.stack.length && !this.current?.isTab) this.unload(this.stack.pop() as PageEntry);
    if (this.current?.route === route) {
      this.show(this.current);
      return;
    }
    this.hideCurrent();
    this.stack.length = 0;
    let entry = this.tabPages.get(route);
    if (entry) {
      this.stack.push(entry);
      this.show(entry);
      return;
    }
    entry = await this.open(route, {});
    this.tabPages.set(route, entry);
    this.stack.push(entry);
    this.hook(entry, 'onLoad', {});
    this.show(entry);
  }

  async reLaunch(url: string): Promise<void> {
    const { route, query } = parseUrl(url, this.current?.route);
    this.check(route);
    while (this.stack.length) this.unload(this.stack.pop() as PageEntry);
    for (const entry of [...this.tabPages.values()]) this.unload(entry);
    const entry = await this.open(route, query);
    if (entry.isTab) this.tabPages.set(route, entry);
    this.stack.push(entry);
    this.hook(entry, 'onLoad', query);
    this.show(entry);
  }

  setTitle(title: string): void {
    const cur = this.current;
    if (cur) cur.title = title;
    this.renderNav();
  }

  private renderNav(): void {
    const cur = this.current;
    (this.navEl.querySelector('.nav-title') as HTMLElement).textContent = cur?.title ?? '';
    this.navEl.classList.toggle('can-back', this.stack.length > 1);
    this.navEl.classList.toggle('custom', cur?.json.navigationStyle === 'custom');
    if (cur?.json.navigationBarBackgroundColor)
      this.navEl.style.background = cur.json.navigationBarBackgroundColor;
    this.navEl.classList.toggle('white-text', cur?.json.navigationBarTextStyle === 'white');
  }

  setBadge(index: number, badge: { text?: string; dot?: boolean } | null): void {
    if (badge) this.badges.set(index, badge);
    else this.badges.delete(index);
    this.renderTabBar();
  }

  setTabBarHidden(hidden: boolean): void {
    this.tabBarHidden = hidden;
    this.renderTabBar();
  }

  private renderTabBar(): void {
    const tabBar = this.app.tabBar;
    const cur = this.current;
    const visible = !!tabBar && !!cur?.isTab && !this.tabBarHidden;
    this.tabEl.style.display = visible ? 'flex' : 'none';
    if (!tabBar || !visible) return;
    this.tabEl.style.background = tabBar.backgroundColor ?? '#f7f7f7';
    this.tabEl.textContent = '';
    tabBar.list.forEach((item, index) => {
      const selected = item.pagePath === cur?.route;
      const tab = document.createElement('div');
      tab.className = `tab${selected ? ' selected' : ''}`;
      tab.dataset.index = String(index);
      tab.style.color = selected ? (tabBar.selectedColor ?? '#07c160') : (tabBar.color ?? '#7a7e83');
      const key = item.pagePath.split('/')[1] ?? '';
      const icon = document.createElement('div');
      icon.className = 'tab-icon';
      icon.innerHTML = TAB_ICONS[key] ?? TAB_ICONS.me;
      const badge = this.badges.get(index);
      if (badge?.text) {
        const b = document.createElement('span');
        b.className = 'tab-badge';
        b.textContent = badge.text;
        icon.appendChild(b);
      } else if (badge?.dot) {
        const d = document.createElement('span');
        d.className = 'tab-dot';
        icon.appendChild(d);
      }
      const label = document.createElement('div');
      label.className = 'tab-text';
      label.textContent = item.text;
      tab.append(icon, label);
      tab.addEventListener('click', () => void this.switchTab(`/${item.pagePath}`).catch(this.onError));
      this.tabEl.appendChild(tab);
    });
  }

  /** Pages as getCurrentPages() returns them: bottom of the stack first. */
  pages(): unknown[] {
    return this.stack.map((e) => e.comp.instance);
  }

  scrollTo(top: number): void {
    this.current?.scroller.scrollTo({ top });
  }

  get loads(): number {
    return this.loadCount;
  }
}
