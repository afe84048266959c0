// Auto-synced store groups end to end, in Chromium, on a fresh company: the admin moves a 导购
// from 南京路店 to 淮海路店 on 编辑员工资料 (the department picker, then 保存); on the 导购's own
// phone, open on the 消息 tab the whole time, the old store group leaves the list and the new one
// arrives, live (no reload, no navigation).
import type { Browser, BrowserContext } from 'playwright-core';
import {
  announceScreenshots,
  launchChromium,
  newPhonePage,
  Phone,
  startLocalCloud,
  type LocalCloudProcess,
} from './helpers';

jest.setTimeout(120_000);

const ADMIN = 'o_e2e_admin';
const GUIDE = 'o_e2e_guide';
const NJ = 'o_e2e_nj';
const HH = 'o_e2e_hh';
const ROSTER = [
  { 姓名: '南店长', 手机号: '13900000011', 部门: '门店/南京路店', 职位: '店长', 工号: 'S001' },
  { 姓名: '王芳', 手机号: '13900000012', 部门: '门店/南京路店', 职位: '导购', 工号: 'S002' },
  { 姓名: '收银小李', 手机号: '13900000013', 部门: '门店/南京路店', 职位: '收银', 工号: 'S003' },
  { 姓名: '淮店长', 手机号: '13900000021', 部门: '门店/淮海路店', 职位: '店长', 工号: 'S004' },
  { 姓名: '导购小赵', 手机号: '13900000022', 部门: '门店/淮海路店', 职位: '导购', 工号: 'S005' },
];

let cloud: LocalCloudProcess;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  announceScreenshots();
  [cloud, browser] = await Promise.all([startLocalCloud({ fresh: true }), launchChromium()]);
});
afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await cloud?.stop();
});

async function api<T>(fn: string, openid: string, data: Record<string, unknown>): Promise<T> {
  const res = await cloud.call<T>(fn, openid, data);
  if (!res.ok) throw new Error(`${fn}.${String(data.action)}: ${JSON.stringify(res.error)}`);
  return res.data;
}

async function phone(openid: string, pagePath?: string): Promise<{ phone: Phone; problems: string[] }> {
  const opened = await newPhonePage(browser);
  contexts.push(opened.context);
  return { phone: await Phone.open(opened.page, cloud.base, openid, pagePath), problems: opened.problems };
}

test('admin moves 王芳 from 南京路店 to 淮海路店; her 消息 list swaps the store groups live', async () => {
  // The company, through the same functions the pages call.
  await api('admin', ADMIN, {
    action: 'bootstrap',
    name: '王总',
    mobile: '13900000001',
    setupToken: 'local-setup',
  });
  const report = await api<{ invites: { employeeId: string; name: string; inviteCode: string }[] }>(
    'admin',
    ADMIN,
    { action: 'importRoster', rows: ROSTER },
  );
  const invite = (name: string) => report.invites.find((i) => i.name === name)!;
  for (const [openid, name] of [
    [GUIDE, '王芳'],
    [NJ, '南店长'],
    [HH, '淮店长'],
  ])
    await api('directory', openid, { action: 'bind', inviteCode: invite(name).inviteCode });
  const { items } = await api<{ items: { id: string; path?: string }[] }>('directory', ADMIN, {
    action: 'departments',
  });
  const dept = (path: string) => items.find((d) => d.path === path)!.id;
  for (const [owner, name, path] of [
    [NJ, '南京路店群', '门店/南京路店'],
    [HH, '淮海路店群', '门店/淮海路店'],
  ])
    await api('groups', owner, { action: 'create', name, departmentIds: [dept(path)], autoSync: true });

  // 王芳's phone on 消息: her store's group only.
  const guide = await phone(GUIDE);
  await guide.phone.waitRoute('pages/chats/index');
  await guide.phone.see('南京路店群');
  expect(await guide.phone.text('淮海路店群').count()).toBe(0);

  // The admin's phone on 编辑员工资料 for her.
  const admin = await phone(ADMIN, `admin/employee-edit/index?id=${invite('王芳').employeeId}`);
  await admin.phone.waitRoute('admin/employee-edit/index');
  await admin.phone.see('门店/南京路店');
  await admin.phone.tapSelector('[class*="--departments-cell"]');
  await admin.phone.see('选择部门（可多选）');
  // The sheet slides up (vant: 300 ms); a forced tap during the slide lands where the row was.
  await admin.phone.frame.waitForTimeout(500);
  await admin.phone.tapSelector('[class*="--dept-row"]:has-text("门店/南京路店")');
  await admin.phone.see('确定（0）');
  await admin.phone.tapSelector('[class*="--dept-row"]:has-text("门店/淮海路店")');
  await admin.phone.see('确定（1）');
  await admin.phone.top.locator('[class*="--dept-row--on"]:has-text("门店/淮海路店")').waitFor();
  await admin.phone.tapSelector('[class*="--picker-confirm"]');
  await admin.phone.see('门店/淮海路店');
  await admin.phone.see('门店/淮海路店');
  await admin.phone.tap('保存', true);
  await admin.phone.see('已加入：淮海路店群', 20_000);
  await admin.phone.see('已退出：南京路店群');
  await admin.phone.screenshot('org-sync-admin-moved', admin.phone.top);

  // Her list follows without her touching anything.
  await guide.phone.see('淮海路店群', 20_000);
  await guide.phone.text('南京路店群').waitFor({ state: 'detached', timeout: 20_000 });
  await guide.phone.screenshot('org-sync-guide-list', guide.phone.top);
  expect(await guide.phone.route()).toBe('pages/chats/index');
  // Opening it shows her arrival, not what was said before she joined.
  await guide.phone.tap('淮海路店群');
  await guide.phone.waitRoute('pages/chat/index');
  await guide.phone.see('新同事 王芳 加入了群聊');

  expect(guide.problems).toEqual([]);
  expect(admin.problems).toEqual([]);
});
