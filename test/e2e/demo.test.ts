// The README's promise: `npm start` on a fresh machine, open the printed URL, and the 消息 tab of
// the demo company shows conversations with unread badges. Then every page opens from the UI
// without a console error or an unhandled rejection.
import fs from 'fs';
import path from 'path';
import type { Browser } from 'playwright-core';
import {
  announceScreenshots,
  launchChromium,
  newPhonePage,
  Phone,
  PROJECT,
  startLocalCloud,
  type LocalCloudProcess,
} from './helpers';

jest.setTimeout(120_000);

const DEMO_ADMIN = 'o_demo_admin';

let cloud: LocalCloudProcess;
let browser: Browser;

beforeAll(async () => {
  announceScreenshots();
  [cloud, browser] = await Promise.all([startLocalCloud({ fresh: false }), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await cloud?.stop();
});

test('npm start prints the preview URL, which opens on the 消息 tab with conversations and unread badges', async () => {
  expect(cloud.output()).toContain(`Preview (mini program):  ${cloud.base}/`);
  const { context, page, problems } = await newPhonePage(browser, 1100, 800);
  try {
    // The printed URL itself: the host page with the act-as panel and one phone.
    await page.goto(`${cloud.base}/`);
    const frame = page.frameLocator('#phone-1 iframe');
    await frame.locator('#nav .nav-title', { hasText: '消息' }).waitFor();
    await frame.getByText('南京路店工作群 (64)').waitFor();
    await page.locator('#people li').first().waitFor();
    expect(await page.locator('#people li').count()).toBeGreaterThan(5);

    const handle = await page.locator('#phone-1 iframe').elementHandle();
    const phone = new Phone((await handle?.contentFrame())!);
    await phone.see('华东区店长群 (5)');
    await phone.see('陆军: 今天羊毛大衣卖了 6 件，库存还剩 3 件');
    // Unread badges per conversation and the tab bar total.
    const badges = await phone.top.locator('van-info').allTextContents();
    expect(badges.map((b) => b.trim())).toEqual(['2', '3', '1']);
    expect(await phone.tabBadge(0)).toBe('6');
    await phone.screenshot('01-conversation-list', page.locator('#phone-1 iframe'));
    await phone.screenshot('00-preview-host', page);

    // Act as someone else from the panel: the phone reloads as that person.
    await page.locator('#search').fill('陆军');
    await page.locator('#people li', { hasText: '陆军' }).first().locator('.who').click();
    await page.frameLocator('#phone-1 iframe').getByText('蒋刚永').first().waitFor();
    expect(page.url()).toContain('as=o_demo_guide');
    expect(problems).toEqual([]);
  } finally {
    await context.close();
  }
});

/** Every page the app declares (app.json pages and subpackages). */
function allPages(): string[] {
  const app = JSON.parse(fs.readFileSync(path.join(PROJECT, 'miniprogram/app.json'), 'utf8')) as {
    pages: string[];
    subpackages?: { root: string; pages: string[] }[];
  };
  return [...app.pages, ...(app.subpackages ?? []).flatMap((s) => s.pages.map((p) => `${s.root}/${p}`))];
}

test('every page opens from the UI without a console error or an unhandled rejection', async () => {
  const { context, page, problems } = await newPhonePage(browser);
  const visited = new Set<string>();
  try {
    const admin = await Phone.open(page, cloud.base, DEMO_ADMIN);
    const overflowing: string[] = [];
    const at = async (route: string) => {
      await admin.waitRoute(route);
      await admin.settle();
      visited.add(route);
      // Nothing wider than the 375 px phone: the page must not scroll sideways.
      const width = await admin.top
        .locator('.page-scroller')
        .evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
      if (width.scroll > width.client) overflowing.push(`${route} (${width.scroll} px)`);
      expect(problems).toEqual([]);
    };

    // 消息: search, 发起群聊, a group chat with its settings, members and read receipts.
    await at('pages/chats/index');
    await admin.tapSelector('[class*="chats-index--search"]');
    await at('pages/search/index');
    await admin.back();
    await admin.tapSelector('[class*="--plus"]');
    await admin.tap('发起群聊');
    await at('pages/group-create/index');
    await admin.back();
    await admin.tap('华东区店长群');
    await at('pages/chat/index');
    await admin.type('收到，周五前提交');
    await admin.tap('发送', true);
    await admin.see('收到，周五前提交');
    const bubble = admin.text('收到，周五前提交');
    await admin.settle();
    const box = await bubble.boundingBox();
    if (!box) throw new Error('own message not visible');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.waitForTimeout(600);
    await page.mouse.up();
    await admin.overlayTap('查看已读');
    await at('pages/receipts/index');
    await admin.back();
    await at('pages/chat/index');
    // The chat's top-right "…" opens 聊天信息.
    await admin.tapSelector('[class*="chat-index--info"]');
    await at('pages/group-settings/index');
    await admin.screenshot('07-group-settings');
    await admin.tap('查看全部成员');
    await at('pages/group-members/index');
    await admin.back();
    await admin.back();
    await admin.back();

    // 通讯录: a department, a colleague's card.
    await admin.tab('通讯录').click();
    await at('pages/contacts/index');
    await admin.screenshot('03-address-book');
    await admin.tap('人事部');
    await at('pages/department/index');
    await admin.tap('人事经理');
    await at('pages/profile/index');
    await admin.see('发消息');
    await admin.screenshot('04-colleague-card');
    // 发消息 → the one-to-one chat → its 聊天信息.
    await admin.tap('发消息', true);
    await at('pages/chat/index');
    await admin.tapSelector('[class*="chat-index--info"]');
    await at('pages/direct-info/index');
    await admin.see('查找聊天记录');
    await admin.screenshot('05-direct-info');
    await admin.back();
    await admin.back();
    await admin.back();
    await admin.back();

    // 我: the back office, every entry.
    await admin.tab('我').click();
    await at('pages/me/index');
    await admin.tap('管理后台');
    await at('admin/home/index');
    // 员工名册 → one employee's page → 编辑资料.
    await admin.tap('员工名册');
    await at('admin/roster/index');
    await admin.tapSelector('[class*="person-open"]');
    await at('admin/employee/index');
    await admin.tap('编辑资料');
    await at('admin/employee-edit/index');
    await admin.back();
    await at('admin/employee/index');
    await admin.back();
    await at('admin/roster/index');
    await admin.back();
    await at('admin/home/index');
    for (const [entry, route] of [
      ['组织架构', 'admin/departments/index'],
      ['群聊设置', 'admin/settings/index'],
      ['操作日志', 'admin/audit/index'],
    ]) {
      await admin.tap(entry);
      await at(route);
      await admin.back();
      await at('admin/home/index');
    }
    await admin.tap('群聊管理');
    await at('admin/groups/index');
    await admin.tap('华东区店长群');
    await admin.tap('查看', true);
    await at('admin/group-detail/index');

    // The bind page is what an unbound person sees first.
    await Phone.open(page, cloud.base, 'o_e2e_stranger');
    await at('pages/bind/index');

    expect([...visited].sort()).toEqual(allPages().sort());
    expect(overflowing).toEqual([]);
    expect(problems).toEqual([]);
  } finally {
    await context.close();
  }
});
