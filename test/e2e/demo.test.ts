// The README's promise: `npm start` on a fresh machine, open the printed URL, and the 消息 tab of
// the demo company shows conversations with unread badges. Then every page opens from the UI
// without a console error or an unhandled rejection.
import type { Browser } from 'playwright-core';
import { announceScreenshots, launchChromium, newPhonePage, Phone, startLocalCloud, type LocalCloudProcess } from './helpers';

jest.setTimeout(120_000);

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
