// The department page with real vant components over the local cloud: breadcrumb trail,
// sub-departments with counts, members paged in on scroll, and the size rules with a
// 1,200-person department (one page per setData, < 1,000 WXML nodes).
import {
  installPageCloud,
  load,
  openPage,
  settle,
  treeStats,
  type PageCloud,
  type Rendered,
} from './harness';
import { stubWx, waitFor } from './interact';
import { resetSession, seedDirectory } from './directoryPages';
import { ok } from '../functions/helpers';
import type { Department } from '../../typings/api';

/* eslint-disable-next-line @typescript-eslint/no-explicit-any -- simulate's mock of WeChat's global */
declare const wx: any;

let departmentId: string;
let pc: PageCloud;
beforeAll(() => {
  departmentId = load('pages/department/index');
});
beforeEach(() => {
  pc = installPageCloud();
  resetSession();
  stubWx('navigateTo', 'reLaunch', 'redirectTo', 'switchTab', 'setNavigationBarTitle');
});
afterEach(() => pc.close());

const text = (c: Rendered) => (c.dom.textContent ?? '').replace(/\s+/g, ' ');
type DepartmentPage = { onReachBottom(): Promise<void>; onPageScroll(e: { scrollTop: number }): void };

describe('department page', () => {
  it('shows the trail, sub-departments and members; pages 1,200 people in one page per setData under 1,000 nodes', async () => {
    await seedDirectory(pc.cloud, 1195);
    pc.actAs('o_li');
    const tree = (await ok<{ items: Department[] }>(pc.cloud, 'directory', 'o_li', { action: 'departments' }))
      .items;
    const big = tree.find((d) => d.path === '门店/大店')!;
    const store = tree.find((d) => d.path === '门店')!;
    expect(big.memberCount).toBe(1195);

    // The parent: trail and sub-departments with counts.
    const parent = await openPage(departmentId, { id: store.id });
    await waitFor(
      () => parent.querySelectorAll('.child-dept').length === 3 && text(parent).includes('1195人'),
      'sub-departments',
    );
    expect(text(parent.querySelector('.trail') as Rendered)).toBe('通讯录 / 门店');
    expect(text(parent)).toMatch(/大店\s*1195人/);
    parent
      .querySelectorAll('.child-dept')
      .find((c) => text(c).includes('大店'))!
      .dispatchEvent('click');
    await settle();
    expect(wx.navigateTo).toHaveBeenCalledWith(
      expect.objectContaining({ url: `/pages/department/index?id=${big.id}` }),
    );

    // The big department, scrolled to the end.
    const page = await openPage(departmentId, { id: big.id });
    const calls: Record<string, unknown>[] = [];
    const orig = page.instance.setData;
    page.instance.setData = function (this: unknown, d: Record<string, unknown>, cb?: () => void) {
      calls.push(JSON.parse(JSON.stringify(d)));
      return orig.call(this, d, cb);
    };
    await waitFor(() => page.querySelectorAll('.person').length === 30, 'the first page');
    expect(text(page.querySelector('.trail') as Rendered)).toBe('通讯录 / 门店 / 大店');
    expect(wx.setNavigationBarTitle).toHaveBeenCalledWith({ title: '大店' });
    const inst = page.instance as unknown as DepartmentPage;
    for (let i = 0; i < 60 && !page.data.done; i++) await inst.onReachBottom();
    await settle();
    expect(page.data.done).toBe(true);
    expect(text(page)).toContain('共 1195 人');

    const membersIn = (d: Record<string, unknown>) =>
      Object.values(d).reduce<number>(
        (n, v) =>
          n +
          (v && typeof v === 'object' && Array.isArray((v as { items?: unknown[] }).items)
            ? (v as { items: unknown[] }).items.length
            : 0),
        0,
      );
    expect(Math.max(...calls.map(membersIn))).toBe(30);
    const stats = treeStats(page.dom);
    expect(stats.nodes).toBeLessThan(1000);
    expect(stats.maxDepth).toBeLessThan(30);
    expect(stats.maxChildren).toBeLessThanOrEqual(60);
    // Every member after the first page (sent before recording began) was delivered once while paging in.
    const delivered = new Set<string>();
    for (const d of calls)
      for (const [k, v] of Object.entries(d))
        if (k.startsWith('blocks[') && !(v as { hidden: boolean }).hidden)
          for (const it of (v as { items: { id: string }[] }).items) delivered.add(it.id);
    expect(delivered.size).toBe(1195 - 30);

    // Scrolling back to the top brings the first chunks back, still one page per setData.
    calls.length = 0;
    inst.onPageScroll({ scrollTop: 0 });
    await settle();
    expect(page.querySelectorAll('.person').length).toBeGreaterThanOrEqual(30);
    expect(text(page)).toContain('店员0000');
    expect(Math.max(...calls.map(membersIn))).toBeLessThanOrEqual(30);
    expect(treeStats(page.dom).nodes).toBeLessThan(1000);

    page.querySelectorAll('.person')[0].dispatchEvent('tap');
    await settle();
    expect(wx.navigateTo).toHaveBeenLastCalledWith(
      expect.objectContaining({ url: expect.stringMatching(/^\/pages\/profile\/index\?id=/) }),
    );

    // A crumb not in the page stack redirects; 通讯录 goes to the tab.
    page.querySelectorAll('.crumb')[1].dispatchEvent('tap');
    await settle();
    expect(wx.redirectTo).toHaveBeenCalledWith(
      expect.objectContaining({ url: `/pages/department/index?id=${store.id}` }),
    );
    page.querySelectorAll('.crumb')[0].dispatchEvent('tap');
    await settle();
    expect(wx.switchTab).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/contacts/index' }));
  });

  it('shows an error with retry for an unknown department', async () => {
    await seedDirectory(pc.cloud);
    pc.actAs('o_li');
    const page = await openPage(departmentId, { id: 'nope' });
    await waitFor(() => page.data.error === '该部门不存在或已被删除', 'the error');
    await waitFor(() => text(page).includes('该部门不存在'), 'the error text');
    expect(text(page)).toContain('重试');
  });
});
