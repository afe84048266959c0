// The chat in the browser preview, on the demo company: the store manager opens the store group,
// the guide posts from a second phone, and the manager's open chat shows it live (db.watch over
// Server-Sent Events) without touching anything.
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

let cloud: LocalCloudProcess;
let browser: Browser;
let context: BrowserContext | undefined;

beforeAll(async () => {
  announceScreenshots();
  [cloud, browser] = await Promise.all([startLocalCloud({ fresh: false }), launchChromium()]);
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await cloud?.stop();
});

test('a message from the second phone appears live in the first phone’s open chat', async () => {
  const opened = await newPhonePage(browser, 900, 800);
  context = opened.context;
  const page = opened.page;
  await page.goto(`${cloud.base}/?as=o_demo_manager&as2=o_demo_guide`);
  const phones: Phone[] = [];
  for (const id of ['#phone-1', '#phone-2']) {
    await page.locator(`${id} iframe`).waitFor();
    const frame = await (await page.locator(`${id} iframe`).elementHandle())?.contentFrame();
    if (!frame) throw new Error(`no frame in ${id}`);
    const phone = new Phone(frame);
    await phone.ready();
    phones.push(phone);
  }
  const [manager, guide] = phones;
  try {
    await manager.see('南京路店工作群 (64)');
    await manager.see('[有人@我]');
    await manager.tap('南京路店工作群 (64)');
    await manager.waitRoute('pages/chat/index');
    expect(await manager.title()).toBe('南京路店工作群 (64)');
    await manager.see('今天羊毛大衣卖了 6 件，库存还剩 3 件');

    await guide.tap('南京路店工作群 (64)');
    await guide.waitRoute('pages/chat/index');
    await guide.type('店长，试衣间的灯坏了一盏');
    await guide.tap(/^发送$/);
    await guide.see('店长，试衣间的灯坏了一盏');

    await manager.see('店长，试衣间的灯坏了一盏', 15_000);
    await manager.screenshot('10-chat-live', page.locator('#phone-1 iframe'));
  } catch (e) {
    await manager.screenshot('fail-manager', page.locator('#phone-1 iframe'));
    await guide.screenshot('fail-guide', page.locator('#phone-2 iframe'));
    console.log(await manager.route(), await guide.route(), opened.problems);
    throw e;
  }
  expect(opened.problems).toEqual([]);
});
