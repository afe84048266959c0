// 服务通知 end to end, on the demo company: the store manager (phone 2) allows new-message
// reminders when opening a chat, then leaves it; the guide (phone 1) sends a direct message;
// once the notify function's timer has run, the manager's 服务通知 panel shows the card, and
// tapping it opens that chat at that message.
import type { Browser, BrowserContext } from 'playwright-core';
import {
  announceScreenshots,
  launchChromium,
  newPhonePage,
  Phone,
  startLocalCloud,
  type LocalCloudProcess,
} from './helpers';

jest.setTimeout(150_000);

let cloud: LocalCloudProcess;
let browser: Browser;
let context: BrowserContext | undefined;

beforeAll(async () => {
  announceScreenshots();
  // "Not read within a minute" shortened to a second; the test fires the timer itself.
  process.env.TONGSHI_NOTIFY_DELAY_MS = '1000';
  [cloud, browser] = await Promise.all([startLocalCloud({ fresh: false }), launchChromium()]);
});

afterAll(async () => {
  delete process.env.TONGSHI_NOTIFY_DELAY_MS;
  await context?.close();
  await browser?.close();
  await cloud?.stop();
});

const nameOf = async (openid: string) =>
  (await cloud.call<{ employee: { name: string } }>('directory', openid, { action: 'me' })).data.employee
    .name;

/** The ledger as directory.subscribe reports it, once the page's report has landed (≤ 5 s). */
async function creditsOf(openid: string): Promise<number[]> {
  let credits: number[] = [];
  for (let i = 0; i < 50; i++) {
    const res = await cloud.call<{ credits: Record<string, number> }>('directory', openid, {
      action: 'subscribe',
      templateIds: [],
    });
    credits = Object.values(res.data.credits);
    if (credits.some((n) => n > 0)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return credits;
}

async function phoneIn(page: import('playwright-core').Page, id: string): Promise<Phone> {
  await page.locator(`${id} iframe`).waitFor();
  const frame = await (await page.locator(`${id} iframe`).elementHandle())?.contentFrame();
  if (!frame) throw new Error(`no frame in ${id}`);
  const phone = new Phone(frame);
  await phone.ready();
  return phone;
}

test('phone B leaves the chat, A sends, B’s 服务通知 shows it and the card opens the chat at the message', async () => {
  const [guideName, managerName] = await Promise.all([nameOf('o_demo_guide'), nameOf('o_demo_manager')]);
  const opened = await newPhonePage(browser, 1100, 900, { subscribeSheet: true });
  context = opened.context;
  const page = opened.page;
  await page.goto(`${cloud.base}/?as=o_demo_guide&as2=o_demo_manager`);
  const guide = await phoneIn(page, '#phone-1');
  const manager = await phoneIn(page, '#phone-2');
  const text = '店长，明早的盘点表我放在收银台抽屉里了，记得看一下';
  try {
    // As in WeChat, the sheet opens only from a tap: a call from nowhere fails.
    await new Promise((r) => setTimeout(r, 1100));
    const untapped = await manager.frame.evaluate(
      `wx.requestSubscribeMessage({ tmplIds: ['local-tmpl-new-message'] }).then(() => 'opened', (e) => e.errMsg)`,
    );
    expect(untapped).toBe('requestSubscribeMessage:fail can only be invoked by user TAP gesture.');

    // B opens the direct chat: WeChat's subscription sheet comes up on that tap; B allows it.
    await manager.tap(guideName, true);
    await manager.overlayTap('允许');
    await manager.waitRoute('pages/chat/index');
    await manager.see('已经和小王说好了');
    await manager.back();
    await manager.waitRoute('pages/chats/index');
    // The accepted id reached directory.subscribe: one credit in the ledger.
    expect(await creditsOf('o_demo_manager')).toEqual([1]);

    // A opens the same chat (declines the sheet) and sends.
    await guide.tap(managerName, true);
    await guide.overlayTap('取消');
    await guide.waitRoute('pages/chat/index');
    await guide.type(text);
    await guide.tap(/^发送$/);
    await guide.see(text);

    // The timer (every minute under npm start) fired now, past the shortened delay.
    await new Promise((r) => setTimeout(r, 1500));
    // No keep-alive: an idle pooled socket would hold the test process open after the suite.
    const fired = await fetch(`${cloud.base}/api/dev/triggers/notify`, {
      method: 'POST',
      headers: { connection: 'close' },
    });
    expect((await fired.json()) as { ok: boolean }).toMatchObject({ ok: true });
    const inbox = (await (
      await fetch(`${cloud.base}/api/dev/notifications?openid=o_demo_manager`, {
        headers: { connection: 'close' },
      })
    ).json()) as { items: { page: string; data: Record<string, { value: string }> }[] };
    expect(inbox.items).toHaveLength(1);
    expect(inbox.items[0].page).toMatch(/^pages\/chat\/index\?id=[^&]+&seq=\d+$/);

    // B's 服务通知 panel beside the phone shows the card; tapping it opens the chat.
    await page.locator('#phone-2 .notices-button').click();
    const card = page.locator('#phone-2 .notice').first();
    await card.waitFor({ state: 'visible' });
    expect(await card.textContent()).toContain('店长，明早的盘点表我放在收银台抽屉里了…');
    expect(await card.textContent()).toContain(guideName);
    await manager.screenshot('40-notify-panel', page.locator('#phone-2'));
    await card.click();
    const reopened = await phoneIn(page, '#phone-2');
    await reopened.waitRoute('pages/chat/index');
    await reopened.see(text);
    // Opened at that message: it is the highlighted one (the ?seq= jump).
    await reopened.top.locator('[class*="hit"]', { hasText: text }).first().waitFor({ state: 'visible' });
    expect(await reopened.title()).toBe(guideName);
    await reopened.screenshot('41-notify-opened-chat', page.locator('#phone-2 iframe'));

    // A's list: long-press the chat → WeChat's menu → 置顶聊天, then 消息免打扰.
    await guide.back();
    await guide.waitRoute('pages/chats/index');
    for (const item of ['置顶聊天', '消息免打扰']) {
      const row = guide.top.getByText(managerName, { exact: true }).first();
      await guide.settle();
      const box = await row.boundingBox();
      if (!box) throw new Error('no row to long-press');
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.down();
      await new Promise((r) => setTimeout(r, 800));
      await page.mouse.up();
      await guide.overlayTap(item);
    }
    // (Page classes are scoped in the rendered DOM, e.g. main--row main--pinned.)
    const pinnedRow = guide.top.locator('[class*="pinned"]', { hasText: managerName });
    await pinnedRow.waitFor({ state: 'visible' });
    await pinnedRow.locator('[class*="quiet-mark"]').first().waitFor({ state: 'visible' });
    await guide.screenshot('42-chats-pinned-muted', page.locator('#phone-1 iframe'));
  } catch (e) {
    await guide.screenshot('fail-notify-guide', page.locator('#phone-1 iframe'));
    await manager.screenshot('fail-notify-manager', page.locator('#phone-2 iframe'));
    console.log(opened.problems, cloud.output().slice(-2000));
    throw e;
  }
  expect(opened.problems).toEqual([]);
});
