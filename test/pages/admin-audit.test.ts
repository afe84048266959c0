// Audit log page: newest first, filtered by group through the picker.
import { makeCompany, makeGroup, type Company } from '../functions/admin-fixtures';
import { ok } from '../functions/helpers';
import { installPageCloud, load, openPage, settle, type PageCloud, type Rendered } from './harness';

let pc: PageCloud;
let co: Company;
let auditPage: string;
beforeAll(() => {
  auditPage = load('admin/audit/index');
});
beforeEach(async () => {
  pc = installPageCloud();
  co = await makeCompany(pc.cloud);
});
afterEach(() => pc.close());

describe('admin/audit page', () => {
  it('lists entries newest first and filters by group', async () => {
    const [a, b] = co.people;
    let t = Date.now();
    pc.cloud.setClock(() => (t += 1000));
    const g1 = await makeGroup(pc.cloud, a, [b], '甲群');
    const g2 = await makeGroup(pc.cloud, a, [b], '乙群');
    await ok(pc.cloud, 'admin', co.admin.openid, { action: 'disableGroup', conversationId: g1 });
    await ok(pc.cloud, 'admin', co.admin.openid, { action: 'disableGroup', conversationId: g2 });
    await ok(pc.cloud, 'admin', co.admin.openid, { action: 'enableGroup', conversationId: g1 });
    pc.actAs(co.admin.openid);
    const page = await openPage(auditPage);
    const titles = () =>
      Array.from(page.dom.querySelectorAll('.main--entry__title')).map((e) => e.textContent);
    expect(titles().slice(0, 3)).toEqual(['启用群聊', '禁用群聊', '禁用群聊']);
    // One sentence per entry with names: who, when, which group, what — no ids, no JSON.
    expect(page.dom.textContent).toContain(`${co.admin.name} 在「甲群」 重新启用了该群`);
    expect(page.dom.textContent).toContain(`${a.name} 在「乙群」 创建了该群`);
    expect(page.dom.textContent).not.toContain('{"');
    expect(page.dom.textContent).not.toContain(g1);

    page.querySelectorAll('.filter')[1].dispatchEvent('tap');
    await settle();
    const inst = page.instance as unknown as { onPickerSearch(e: { detail: string }): Promise<void> };
    await inst.onPickerSearch({ detail: '乙' });
    await settle();
    const cells = page.querySelectorAll('.pick-cell');
    expect(cells.map((c) => c.dom.textContent?.includes('乙群'))).toEqual([true]);
    (cells[0].querySelector('.van-cell') as Rendered).dispatchEvent('tap');
    await settle(10);
    expect(page.data.conversationId).toBe(g2);
    expect(titles().filter((x) => x === '禁用群聊' || x === '启用群聊')).toEqual(['禁用群聊']);
    expect(titles()).not.toContain('启用群聊');
  });

  it('filters by action', async () => {
    const [a, b] = co.people;
    const g1 = await makeGroup(pc.cloud, a, [b], '甲群');
    await ok(pc.cloud, 'admin', co.admin.openid, { action: 'disableGroup', conversationId: g1 });
    pc.actAs(co.admin.openid);
    const page = await openPage(auditPage);
    page.querySelectorAll('.filter')[2].dispatchEvent('tap');
    await settle();
    const cells = page.querySelectorAll('.pick-cell');
    const create = cells.find((c) => c.dom.textContent?.includes('创建群聊')) as Rendered;
    (create.querySelector('.van-cell') as Rendered).dispatchEvent('tap');
    await settle(10);
    expect(page.data.auditAction).toBe('group.create');
    const titles = Array.from(page.dom.querySelectorAll('.main--entry__title')).map((e) => e.textContent);
    expect(titles.length).toBeGreaterThan(0);
    expect(new Set(titles)).toEqual(new Set(['创建群聊']));
  });

  it('refuses a non-admin', async () => {
    pc.actAs(co.people[0].openid);
    const page = await openPage(auditPage);
    expect(page.dom.textContent).toContain('仅管理员可访问');
  });
});
