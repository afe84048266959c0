// Admin home: the three counts and the entries; a refusal for non-admins.
import { makeCompany, makeGroup, type Company } from '../functions/admin-fixtures';
import { ok, sendText } from '../functions/helpers';
import { settle } from './harness';
import { installPageCloud, load, openPage, type PageCloud } from './harness';

let pc: PageCloud;
let co: Company;
let homePage: string;
beforeAll(() => {
  homePage = load('admin/home/index');
});
beforeEach(async () => {
  pc = installPageCloud();
  co = await makeCompany(pc.cloud);
});
afterEach(() => pc.close());

describe('admin/home page', () => {
  it('shows the three counts and the entries', async () => {
    const [a, b] = co.people;
    const g = await makeGroup(pc.cloud, a, [b]);
    await sendText(pc.cloud, a, g, '你好');
    pc.actAs(co.admin.openid);
    const page = await openPage(homePage);
    const stat = (id: string) =>
      page.dom.querySelector(`#${id}`)?.textContent ?? page.querySelector(`#${id}`)?.dom.textContent;
    expect(stat('stat-employees')).toBe(`${co.people.length + 1}员工`);
    expect(stat('stat-groups')).toBe('1群聊');
    expect(stat('stat-messages')).toBe('1今日消息');
    const cells = Array.from(page.dom.querySelectorAll('van-cell')).map((c) => c.textContent);
    expect(cells.map((c) => c?.slice(0, 4))).toEqual([
      '群聊管理',
      '员工名册',
      '组织架构',
      '群聊设置',
      '操作日志',
    ]);
  });

  it('shows long work with its progress, and runs the repair with a report of what it did', async () => {
    const [a, b, c] = co.people;
    await makeGroup(pc.cloud, a, [b, c]);
    await ok(pc.cloud, 'admin', co.admin.openid, { action: 'offboard', employeeId: c.id });
    // An offboarding killed ten minutes ago: departed, still in the group.
    const g = await makeGroup(pc.cloud, a, [b]);
    pc.cloud.db.tables.put('employees', {
      ...pc.cloud.db.tables.getById('employees', b.id),
      status: 'departed',
      rosterStatus: 'offboarding',
      openid: null,
      offboardingAt: Date.now() - 10 * 60 * 1000,
    });
    pc.actAs(co.admin.openid);
    const page = await openPage(homePage);
    const jobs = () => page.querySelectorAll('.job').map((j) => j.dom.textContent?.replace(/\s+/g, ''));
    expect(jobs()).toEqual([expect.stringContaining(`办理离职：${c.name}已完成1/1个群`)]);
    page.querySelector('.run-repair')?.dispatchEvent('click');
    await settle();
    await settle();
    expect(page.data.repairReport).toEqual(['完成被中断的离职：1']);
    expect(page.dom.textContent).toContain('完成被中断的离职：1');
    expect(pc.cloud.db.tables.scan('members', { conversationId: g, employeeId: b.id }).docs).toHaveLength(0);
    // Nothing left: the next run says so.
    page.querySelector('.run-repair')?.dispatchEvent('click');
    await settle();
    await settle();
    expect(page.data.repairReport).toEqual(['没有需要修复的内容']);
  });

  it('refuses a non-admin', async () => {
    pc.actAs(co.people[0].openid);
    const page = await openPage(homePage);
    expect(page.dom.textContent).toContain('仅管理员可访问');
    expect(page.dom.textContent).not.toContain('今日消息');
  });
});
