// The product end to end, in Chromium, on a fresh company (`npm start -- --fresh`): the first
// admin, a roster, binding, the address book into a one-to-one chat, a department group, a
// message arriving live in the second phone with its unread badge, recall, and the back office
// disabling the group so it vanishes for the member. Tests run in order and share the company.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  announceScreenshots,
  launchChromium,
  newPhonePage,
  Phone,
  startLocalCloud,
  type LocalCloudProcess,
} from './helpers';

jest.setTimeout(90_000);

const ADMIN = 'o_e2e_admin';
const LINA = 'o_e2e_lina';
const ROSTER = [
  { 姓名: '李娜', 手机号: '13900000001', 部门: '门店/一店', 职位: '店长', 工号: 'E001' },
  { 姓名: '张伟', 手机号: '13900000002', 部门: '门店/一店', 职位: '导购', 工号: 'E002' },
  { 姓名: '赵敏', 手机号: '13900000003', 部门: '门店/二店', 职位: '导购', 工号: 'E003' },
];

/** A 1×1 PNG. */
const PNG_1PX =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';

let cloud: LocalCloudProcess;
let browser: Browser;
const invites: { employeeId: string; name: string; inviteCode: string }[] = [];
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

test('the first admin bootstraps on the bind page, then imports a roster through the back office', async () => {
  // An empty company: the first person to open the mini program lands on the bind page, which
  // offers 初始化管理员 (name, mobile and the deployment's setup token).
  const page = await phonePage();
  const admin = await Phone.open(page, cloud.base, ADMIN);
  await admin.waitRoute('pages/bind/index');
  await admin.see('首次使用：初始化管理员');
  await admin.top.getByPlaceholder('你的真实姓名').fill('王总');
  await admin.top.getByPlaceholder('11位手机号').fill('13800000000');
  await admin.top.getByPlaceholder('TONGSHI_SETUP_TOKEN').fill('local-setup');
  await admin.screenshot('00-bind-bootstrap');
  await admin.tap('成为管理员', true);
  await admin.waitRoute('pages/chats/index');
  const me = await cloud.call<{ isAdmin: boolean }>('directory', ADMIN, { action: 'me' });
  expect(me.data.isAdmin).toBe(true);

  // 我 → 管理后台 → 员工名册 → 从聊天中选择文件 (wx.chooseMessageFile is a file input here).
  await admin.tab('我').click();
  await admin.see('王总');
  await admin.tap('管理后台');
  await admin.waitRoute('admin/home/index');
  await admin.tap('员工名册');
  await admin.waitRoute('admin/roster/index');
  const csv = [
    '姓名,手机号,部门,职位,工号',
    ...ROSTER.map((r) => [r.姓名, r.手机号, r.部门, r.职位, r.工号].join(',')),
  ].join('\n');
  const chooser = page.waitForEvent('filechooser');
  await admin.tap('从聊天中选择文件');
  await (
    await chooser
  ).setFiles({ name: '花名册.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
  await admin.see('新员工邀请码', 20_000);
  await admin.screenshot('08-roster-import');

  // The invite codes as the page shows them (one cell per new employee).
  for (const row of ROSTER) {
    const cell = admin.top
      .locator('van-cell', { hasText: row.姓名 })
      .filter({ hasText: /[A-Z0-9]{6,}/ })
      .first();
    const text = (await cell.innerText()).replace(row.姓名, '').trim();
    invites.push({ employeeId: '', name: row.姓名, inviteCode: text.split(/\s+/)[0] });
  }
  const people = await cloud.call<{ items: { id: string; name: string }[] }>('directory', ADMIN, {
    action: 'members',
    limit: 100,
  });
  expect(people.ok).toBe(true);
  for (const inv of invites) inv.employeeId = people.data.items.find((p) => p.name === inv.name)?.id ?? '';
  expect(invites.map((i) => i.name).sort()).toEqual(['张伟', '李娜', '赵敏']);
  expect(invites.every((i) => i.employeeId && i.inviteCode)).toBe(true);
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
  await lina.tap('绑定', true);
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
  const me = await cloud.call<{ bound: boolean; employee: { name: string } }>(
    'directory',
    `o_as_${zhang?.employeeId}`,
    { action: 'me' },
  );
  expect(me.data).toMatchObject({ bound: true, employee: { name: '张伟' } });
  expect(problems).toEqual([]);
});

test('address book → colleague card → 发消息 opens a one-to-one chat; text and an image arrive live with a badge', async () => {
  const [admin, lina, page] = await twoPhones(ADMIN, LINA);
  await admin.tab('通讯录').click();
  await admin.see('门店');
  await admin.screenshot('flow-address-book', admin.frame.page().locator('#phone-1 iframe'));
  await admin.tap('门店');
  await admin.waitRoute('pages/department/index');
  await admin.tap('一店');
  await admin.see('李娜');
  await admin.tap('李娜');
  await admin.waitRoute('pages/profile/index');
  await admin.see('13900000001');
  await admin.screenshot('flow-colleague-card', admin.frame.page().locator('#phone-1 iframe'));
  await admin.tap('发消息');
  await admin.waitRoute('pages/chat/index');
  await admin.waitTitle('李娜');

  await admin.type('李娜你好，今天的排班表发我一下');
  await admin.tap('发送', true);
  await admin.see('李娜你好，今天的排班表发我一下');

  // The second phone, untouched, shows the chat with its unread badge.
  await lina.see('王总');
  await lina.see('李娜你好，今天的排班表发我一下');
  await expectBadge(lina, '1');
  await admin.screenshot('09-two-phones-live', page);

  // An image: ＋ → 图片 → the file chooser; uploaded to cloud storage, shown from its cloud:// id.
  const chooser = admin.frame.page().waitForEvent('filechooser');
  await admin.tapSelector('[class*="chat-index--plus"]');
  await admin.overlayTap('图片');
  await (
    await chooser
  ).setFiles({ name: 'shelf.png', mimeType: 'image/png', buffer: Buffer.from(PNG_1PX, 'base64') });
  await lina.see('[图片]');
  await lina.tap('王总');
  await lina.waitRoute('pages/chat/index');
  const img = lina.top.locator('wx-image img').first();
  await img.waitFor();
  await lina.frame.waitForFunction(() => {
    const el = document.querySelector('.page-wrapper.active wx-image img') as HTMLImageElement | null;
    return !!el && el.complete && el.naturalWidth > 0 && el.src.includes('/files/');
  });
  // Tapping it opens WeChat's image preview; a tap closes it.
  await img.click({ force: true });
  await lina.frame.locator('.wx-image-preview').waitFor();
  await lina.frame.locator('.wx-image-preview').click();
  expect(problems).toEqual([]);
});

let groupId = '';
let groupName = '';

test('create a department group; the message arrives live in the second phone, then is recalled', async () => {
  const [admin, lina, page] = await twoPhones(ADMIN, LINA);
  const linaBadgeBefore = Number(await lina.tabBadge(0)) || 0;
  // 消息 → ＋ → 发起群聊
  await admin.tapSelector('[class*="--plus"]');
  await admin.tap('发起群聊');
  await admin.waitRoute('pages/group-create/index');
  // Tick the whole 门店 department (sub-departments included): 3 people plus the creator.
  const storeRow = admin.top.locator('[class*="member-picker--dept"]', { hasText: '门店' }).first();
  await storeRow.waitFor();
  await admin.settle();
  await storeRow.locator('[class*="tick-dept"]').click({ force: true });
  await admin.see('已选 3 / 1000');
  await admin.top.getByPlaceholder('选填，不填则用成员姓名').fill('门店群');
  await admin.screenshot('05-create-group', page.locator('#phone-1 iframe'));
  await admin.tap('创建', true);
  await admin.waitRoute('pages/chat/index');
  await admin.waitTitle('门店群');
  groupName = '门店群';
  groupId = await admin.frame.evaluate(
    () =>
      (window as unknown as { __preview: { router: { current: { query: { id: string } } } } }).__preview
        .router.current.query.id,
  );

  await admin.type('明天上午盘点，大家 9 点到店');
  await admin.tap('发送', true);
  await admin.see('明天上午盘点，大家 9 点到店');

  // The member's list shows the new group and its message, and the tab badge goes up, live.
  await lina.see('明天上午盘点，大家 9 点到店');
  await lina.frame.waitForFunction(
    (before) =>
      Number(document.querySelector('#tabbar .tab[data-index="0"] .tab-badge')?.textContent ?? 0) > before,
    linaBadgeBefore,
    { timeout: 10_000 },
  );
  await lina.tap(/^门店群/);
  await lina.waitRoute('pages/chat/index');
  await lina.see('明天上午盘点，大家 9 点到店');
  await admin.screenshot('02-chat-page', page.locator('#phone-1 iframe'));

  // Recall: long-press the own bubble → 撤回. Both phones show the recall line.
  const bubble = admin.text('明天上午盘点，大家 9 点到店');
  await admin.settle();
  const box = await bubble.boundingBox();
  if (!box) throw new Error('bubble not visible');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.waitForTimeout(600);
  await page.mouse.up();
  await admin.overlayTap('撤回');
  await admin.see('你撤回了一条消息');
  await lina.see('王总撤回了一条消息');
  await expect(lina.text('明天上午盘点，大家 9 点到店').count()).resolves.toBe(0);
  expect(problems).toEqual([]);
});

test('group settings show the members, name and management entries', async () => {
  const page = await phonePage();
  const admin = await Phone.open(page, cloud.base, ADMIN, `pages/chat/index?id=${groupId}`);
  await admin.see('你撤回了一条消息');
  await admin.tapSelector('[class*="chat-index--info"]');
  await admin.waitRoute('pages/group-settings/index');
  await admin.see('群名称');
  await admin.see(groupName);
  await admin.see('李娜');
  await admin.screenshot('flow-group-settings');
  expect(problems).toEqual([]);
});

test('the back office disables the group and it vanishes for the member', async () => {
  const [admin, lina, page] = await twoPhones(ADMIN, LINA);
  await lina.see(groupName);
  await admin.tab('我').click();
  await admin.tap('管理后台');
  await admin.waitRoute('admin/home/index');
  await admin.tap('群聊管理');
  await admin.waitRoute('admin/groups/index');
  await admin.see(groupName);
  await admin.screenshot('06-admin-group-table', page.locator('#phone-1 iframe'));
  await admin.tap(groupName);
  await admin.tap('禁用', true);
  // van-dialog confirms, naming what will happen.
  await admin.see(`禁用「${groupName}」？`);
  await admin.top.locator('van-dialog').getByText('禁用', { exact: true }).click({ force: true });
  await admin.see('已禁用');

  // The member's conversation list drops it without a reload.
  await lina.text(groupName).waitFor({ state: 'detached', timeout: 10_000 });
  const list = await cloud.call<{ items: { id: string }[] }>('groups', LINA, { action: 'list' });
  expect(list.data.items.map((c) => c.id)).not.toContain(groupId);
  expect(problems).toEqual([]);
});

async function expectBadge(phone: Phone, text: string): Promise<void> {
  await phone.frame.waitForFunction(
    (t) => document.querySelector('#tabbar .tab[data-index="0"] .tab-badge')?.textContent === t,
    text,
    { timeout: 10_000 },
  );
}
