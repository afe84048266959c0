// The group table page: real vant components over the local cloud; disabling a group from it.
// One page per test file: simulate registers each vant component once per module registry.
import type { LocalCloud } from '../../localcloud/cloud';
import { makeCompany, makeGroup, type Company } from '../functions/admin-fixtures';
import { sendText } from '../functions/helpers';
import { installPageCloud, load, openPage, settle, type PageCloud, type Rendered } from './harness';

let pc: PageCloud;
let cloud: LocalCloud;
let co: Company;
let groupsPage: string;

beforeAll(() => {
  groupsPage = load('admin/groups/index');
});
beforeEach(async () => {
  pc = installPageCloud();
  cloud = pc.cloud;
  co = await makeCompany(cloud);
});
afterEach(() => pc.close());

const text = (page: Rendered) => page.dom.textContent ?? '';
const tagTexts = (page: Rendered) =>
  Array.from(page.dom.querySelectorAll('van-tag')).map((t) => t.textContent?.trim());
const conv = (id: string) => cloud.db.tables.getById('conversations', id) as { status: string };

describe('admin/groups page', () => {
  it('renders the group table with status tags and disables a group through the action sheet and dialog', async () => {
    const [a, b, c] = co.people;
    const g1 = await makeGroup(cloud, a, [b, c], '门店早班');
    const g2 = await makeGroup(cloud, b, [a], '财务对账');
    await sendText(cloud, a, g1, '早');
    await cloud.invoke('admin', co.admin.openid, { action: 'disableGroup', conversationId: g2 });

    pc.actAs(co.admin.openid);
    const page = await openPage(groupsPage);
    const cards = page.querySelectorAll('.card');
    expect(cards).toHaveLength(2);
    expect(text(page)).toContain('门店早班');
    expect(text(page)).toContain(`创建人 ${a.name}`);
    expect(text(page)).toContain('成员数 3');
    expect(text(page)).toContain('消息数 1');
    expect(tagTexts(page)).toEqual(['已禁用', '正常']);
    expect(page.dom.querySelector('van-dropdown-menu')?.textContent).toContain('全部状态');
    expect(page.dom.querySelector('van-search')).not.toBeNull();

    // Newest first: 财务对账 (disabled) then 门店早班.
    cards[1].dispatchEvent('tap');
    await settle();
    expect(page.data.sheetShow).toBe(true);
    const items = (page.querySelector('#sheet') as Rendered).querySelectorAll('.van-action-sheet__item');
    expect(items.map((i) => i.dom.textContent?.trim())).toEqual(['查看', '禁用', '导出记录', '删除']);
    items[1].dispatchEvent('tap');
    await settle();
    expect(page.data.dialogShow).toBe(true);
    expect(page.data.dialogTitle).toBe('禁用「门店早班」？');
    expect(conv(g1).status).toBe('active');
    // The dialog's second button is 确定/禁用; vant's button reacts to a tap on its inner <button>.
    const buttons = (page.querySelector('#confirm-dialog') as Rendered).querySelectorAll(
      '.van-dialog__button',
    );
    expect(buttons.map((b) => b.dom.textContent?.trim())).toEqual(['取消', '禁用']);
    (buttons[1].querySelector('.van-button') as Rendered).dispatchEvent('tap');
    await settle(10);
    expect(conv(g1).status).toBe('disabled');
    expect(tagTexts(page)).toEqual(['已禁用', '已禁用']);
  });

  it('pages on scroll, filters by status, and deletes after a confirmation naming the group and its size', async () => {
    const [a, b, c] = co.people;
    let t = Date.now();
    cloud.setClock(() => (t += 1000));
    const ids: string[] = [];
    for (let i = 1; i <= 22; i++) ids.push(await makeGroup(cloud, a, i === 1 ? [b, c] : [b], `第${i}群`));
    pc.actAs(co.admin.openid);
    const page = await openPage(groupsPage);
    expect(page.querySelectorAll('.card')).toHaveLength(20);
    expect(page.data.nextCursor).not.toBeNull();
    await (page.instance as unknown as { onReachBottom(): Promise<void> }).onReachBottom();
    await settle();
    expect(page.querySelectorAll('.card')).toHaveLength(22);
    expect(page.dom.textContent).toContain('没有更多了');

    // The oldest group (第1群, 3 members) is last; delete it.
    const cards = page.querySelectorAll('.card');
    cards[21].dispatchEvent('tap');
    await settle();
    const items = (page.querySelector('#sheet') as Rendered).querySelectorAll('.van-action-sheet__item');
    items[items.length - 1].dispatchEvent('tap');
    await settle();
    expect(page.data.dialogTitle).toBe('删除「第1群」？');
    expect(page.data.dialogMessage).toContain('3 名成员');
    const buttons = (page.querySelector('#confirm-dialog') as Rendered).querySelectorAll(
      '.van-dialog__button',
    );
    expect(buttons[1].dom.textContent?.trim()).toBe('删除');
    (buttons[1].querySelector('.van-button') as Rendered).dispatchEvent('tap');
    await settle(10);
    expect(cloud.db.tables.getById('conversations', ids[0])).toBeUndefined();
    expect(page.querySelectorAll('.card')).toHaveLength(21);

    // Status filter through the page's dropdown handler: nothing is disabled.
    await (
      page.instance as unknown as { onStatusChange(e: { detail: string }): Promise<void> }
    ).onStatusChange({ detail: 'disabled' });
    await settle();
    expect(page.querySelectorAll('.card')).toHaveLength(0);
    expect(page.dom.textContent).toContain('没有符合条件的群聊');
  });

  it('shows a refusal, not data, to a non-admin who opens it by path', async () => {
    const [a, b] = co.people;
    await makeGroup(cloud, a, [b], '机密群');
    pc.actAs(a.openid);
    const page = await openPage(groupsPage);
    expect(text(page)).toContain('仅管理员可访问');
    expect(text(page)).not.toContain('机密群');
  });
});
