// The walkthrough's findings (issue 18), each reproduced through the UI of the preview on the demo
// company: one server for the file, a fresh browser context per test. Setup that is not the
// finding itself (a group to look at, someone departing) goes through the HTTP functions.
import zlib from 'zlib';
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

const ADMIN = 'o_demo_admin';
const MANAGER = 'o_demo_manager'; // 蒋刚永, owner of 南京路店工作群
const GUIDE = 'o_demo_guide'; // 陆军
const REGIONAL = 'o_demo_regional';
const CASHIER = 'o_demo_cashier';
const HR = 'o_demo_hr';
const FINANCE = 'o_demo_finance';
const LOGISTICS = 'o_demo_logistics';
const PNG_1PX =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';

/** A solid PNG of the given size (a tall image: its height only arrives once it has loaded). */
function png(width: number, height: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = crcTable[(c ^ x) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const head = Buffer.alloc(13);
  head.writeUInt32BE(width, 0);
  head.writeUInt32BE(height, 4);
  head.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3, 0x5b)]);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', head),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

let cloud: LocalCloudProcess;
let browser: Browser;
let context: BrowserContext | undefined;
let problems: string[] = [];

beforeAll(async () => {
  announceScreenshots();
  [cloud, browser] = await Promise.all([startLocalCloud({ fresh: false }), launchChromium()]);
});

afterEach(async () => {
  await context?.close();
  context = undefined;
});

afterAll(async () => {
  await browser?.close();
  await cloud?.stop();
});

async function phonePage(): Promise<Page> {
  await context?.close();
  const opened = await newPhonePage(browser);
  context = opened.context;
  problems = opened.problems;
  return opened.page;
}

async function open(openid: string, pagePath?: string): Promise<Phone> {
  return Phone.open(await phonePage(), cloud.base, openid, pagePath);
}

async function ok<T>(fn: string, openid: string, data: Record<string, unknown>): Promise<T> {
  const res = await cloud.call<T>(fn, openid, data);
  if (!res.ok) throw new Error(`${fn}.${String(data.action)}: ${JSON.stringify(res.error)}`);
  return res.data;
}

const employeeIdOf = async (openid: string) =>
  (await ok<{ employee: { id: string } }>('directory', openid, { action: 'me' })).employee.id;

async function groupId(openid: string, name: string): Promise<string> {
  const { items } = await ok<{ items: { id: string; name: string }[] }>('groups', openid, { action: 'list' });
  const hit = items.find((i) => i.name === name);
  if (!hit) throw new Error(`${openid} has no "${name}"`);
  return hit.id;
}

/** Nothing on the page scrolls sideways, and nothing was logged as an error. */
async function expectClean(phone: Phone): Promise<void> {
  const width = await phone.top
    .locator('.page-scroller')
    .evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
  expect(width.scroll).toBeLessThanOrEqual(width.client);
  expect(problems).toEqual([]);
}

const rowOf = (phone: Phone, name: string) =>
  phone.top.locator('van-swipe-cell').filter({ hasText: name }).first();

test('app.wxss reaches the pages; the receipts page has full-width tabs and rows with avatar and position', async () => {
  const gid = await groupId(MANAGER, '南京路店工作群');
  const { items } = await ok<{ items: { id: string; senderId: string | null }[] }>('messages', MANAGER, {
    action: 'history',
    conversationId: gid,
    limit: 20,
  });
  const message = items.filter((m) => m.senderId).pop();
  const phone = await open(MANAGER, `pages/receipts/index?messageId=${message?.id}`);
  await phone.see(/未读 \(\d+\)/);
  await phone.settle();
  // The global class .text-meta (24rpx, #b2b2b2) styles the position under each name.
  const meta = phone.top.locator('[class*="text-meta"]').first();
  await meta.waitFor();
  expect(
    await meta.evaluate((el) => {
      const cs = getComputedStyle(el);
      return [cs.fontSize, cs.color];
    }),
  ).toEqual(['12px', 'rgb(178, 178, 178)']);
  // Two tabs share the phone's width, and their titles are not cut off.
  const tabs = await phone.top.locator('[class*="van-tabs--van-tab"]').evaluateAll((els) =>
    els
      .filter((el) => el.classList.contains('van-tabs--van-tab'))
      .map((el) => {
        const title = el.querySelector('[class*="van-ellipsis"]') as HTMLElement;
        return { width: el.getBoundingClientRect().width, cut: title.scrollWidth > title.clientWidth };
      }),
  );
  expect(tabs).toHaveLength(2);
  for (const t of tabs) expect(t).toEqual({ width: 375 / 2, cut: false });
  expect(await phone.top.locator('avatar').count()).toBeGreaterThan(5);
  await phone.screenshot('20-receipts');
  await expectClean(phone);
});

test('编辑群公告: the textarea is typable once its popup opens; [公告] marks only the announcement line', async () => {
  const gid = await groupId(MANAGER, '南京路店工作群');
  const phone = await open(MANAGER, `pages/group-settings/index?id=${gid}`);
  await phone.tapSelector('[class*="announcement-cell"]');
  const field = phone.top.locator('.wx-native-textarea').first();
  await field.waitFor({ state: 'visible' });
  expect((await field.boundingBox())?.height).toBeGreaterThan(15);
  await field.fill('周五晚上盘点，请各位准时到店');
  await phone.screenshot('21-announcement-edit');
  await phone.tap('保存', true);
  await phone.see('周五晚上盘点，请各位准时到店');

  const list = await open(MANAGER);
  const row = rowOf(list, '南京路店工作群');
  await row.getByText('[公告]').waitFor();
  await row.getByText('周五晚上盘点，请各位准时到店').waitFor();
  await list.screenshot('22-list-announcement');
  // The next message is not an announcement: the mark goes.
  await ok('messages', GUIDE, {
    action: 'send',
    conversationId: gid,
    clientMsgId: 'e2e-after-notice',
    type: 'text',
    text: '收到',
  });
  await row.getByText('陆军: 收到').waitFor({ timeout: 15_000 });
  expect(await row.getByText('[公告]').count()).toBe(0);
  await expectClean(list);
});

test('a long title stops before the capsule', async () => {
  const name = '华东区南京路旗舰店春季新品陈列与库存盘点协调工作群';
  const guideId = await employeeIdOf(GUIDE);
  const { conversation } = await ok<{ conversation: { id: string } }>('groups', MANAGER, {
    action: 'create',
    name,
    employeeIds: [guideId],
  });
  const phone = await open(MANAGER, `pages/group-settings/index?id=${conversation.id}`);
  await phone.waitTitle('聊天信息');
  const title = await phone.frame.locator('#nav .nav-title').boundingBox();
  const capsule = await phone.frame.locator('#nav .nav-capsule').boundingBox();
  if (!title || !capsule) throw new Error('no navigation bar');
  expect(title.x + title.width).toBeLessThanOrEqual(capsule.x);
  await phone.screenshot('23-long-title');
});

test('a list row swiped with the mouse opens 标为已读 / 删除, and 标为已读 clears its badge', async () => {
  const phone = await open(REGIONAL);
  const row = rowOf(phone, '华东区店长群');
  await row.waitFor();
  await phone.settle();
  expect((await row.locator('van-info').textContent())?.trim()).toMatch(/^\d+$/);
  const box = await row.boundingBox();
  if (!box) throw new Error('row not visible');
  const page = phone.frame.page();
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width - 30, y);
  await page.mouse.down();
  for (let i = 1; i <= 10; i++) await page.mouse.move(box.x + box.width - 30 - i * 20, y);
  await page.mouse.up();
  const read = row.getByText('标为已读');
  await expect(read.isVisible()).resolves.toBe(true);
  await phone.settle();
  await phone.screenshot('24-swipe-open');
  await read.click();
  await phone.frame.waitForFunction(
    () => !document.querySelector('.page-wrapper.active van-swipe-cell van-info')?.textContent?.trim(),
  );
  await expectClean(phone);
});

test('admin settings: the whole 指定人员和部门 row picks it; the summary names the department', async () => {
  const phone = await open(ADMIN, 'admin/settings/index');
  await phone.tap('指定人员和部门', true);
  await phone.tap('选择人员和部门', true);
  const picker = phone.top.locator('member-picker');
  await picker.getByText('人事部').first().waitFor();
  await phone.settle();
  await picker.locator('[class*="tick-dept"]').first().click({ force: true });
  await phone.see(/已选：\S+/);
  const picked = (await phone.text(/已选：\S+/).textContent())?.replace('已选：', '').trim() ?? '';
  expect(picked).not.toMatch(/个部门、/);
  await phone.tap('确定', true);
  await picker.waitFor({ state: 'detached' });
  await phone.text(picked, true).waitFor();
  await phone.settle();
  await phone.screenshot('25-settings-scope');
  await expectClean(phone);
});

test('import: a row without 部门 lands visibly in 未分配部门; a PNG replaces the last report with its error', async () => {
  const phone = await open(ADMIN, 'admin/roster/index');
  const page = phone.frame.page();
  const csv = '姓名,手机号,部门,职位\n沈无部,13700000071,,导购\n沈有部,13700000072,人事部,专员\n';
  let chooser = page.waitForEvent('filechooser');
  await phone.tap('从聊天中选择文件');
  await (
    await chooser
  ).setFiles({ name: '花名册.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
  await phone.see('第 1 行未填部门', 20_000);
  await phone.see('导入结果');
  await phone.screenshot('26-import-unassigned');

  chooser = page.waitForEvent('filechooser');
  await phone.tap('从聊天中选择文件');
  await (
    await chooser
  ).setFiles({ name: 'photo.png', mimeType: 'image/png', buffer: Buffer.from(PNG_1PX, 'base64') });
  await phone.see('请选择 .xlsx 或 .csv 格式的花名册');
  expect(await phone.top.getByText('导入结果').count()).toBe(0);
  await phone.screenshot('27-import-png');

  // The person is in the address book's tree.
  const tree = await open(ADMIN, 'pages/contacts/index');
  await tree.tap('未分配部门');
  await tree.see('沈无部');
  await expectClean(tree);
});

test('departed people are told they have left (bind page, phone binding); an unnamed group drops their name', async () => {
  const [cashierId, hrId, financeId] = await Promise.all([CASHIER, HR, FINANCE].map(employeeIdOf));
  const { conversation } = await ok<{ conversation: { id: string; name: string } }>('groups', HR, {
    action: 'create',
    employeeIds: [cashierId, financeId],
  });
  expect(hrId).toBeTruthy();
  const cashierName = conversation.name.split('、')[1];
  expect(conversation.name).toContain(cashierName);
  await ok('admin', ADMIN, { action: 'offboard', employeeId: cashierId });

  const phone = await open(CASHIER);
  await phone.waitRoute('pages/bind/index');
  await phone.see('离职');
  expect(await phone.top.getByText('首次使用请绑定').count()).toBe(0);
  await phone.tap('手机号快捷绑定');
  await phone.see('你已从公司离职');
  await phone.screenshot('28-bind-departed');

  const hr = await open(HR);
  // Named after the members who remain: the title no longer carries the departed cashier.
  await rowOf(hr, `${conversation.name.replace(`${cashierName}、`, '')} (2)`).waitFor();
  await hr.screenshot('32-list-unnamed-group');
  await expectClean(hr);
});

test('my own recall reads 你撤回了一条消息 in my list', async () => {
  const direct = await groupId(GUIDE, '蒋刚永');
  const { message } = await ok<{ message: { id: string } }>('messages', GUIDE, {
    action: 'send',
    conversationId: direct,
    clientMsgId: 'e2e-recall',
    type: 'text',
    text: '发错了',
  });
  await ok('messages', GUIDE, { action: 'recall', messageId: message.id });
  const phone = await open(GUIDE);
  await rowOf(phone, '蒋刚永').getByText('你撤回了一条消息').waitFor();
  await phone.screenshot('29-list-own-recall');
  await expectClean(phone);
});

test('华东区 says that the rest of its people are in sub-departments', async () => {
  const { items } = await ok<{ items: { id: string; name: string }[] }>('directory', ADMIN, {
    action: 'departments',
  });
  const east = items.find((d) => d.name === '华东区');
  const phone = await open(ADMIN, `pages/department/index?id=${east?.id}`);
  await phone.see(/本部门 \d+ 人，其余 \d+ 人在下级部门/);
  await phone.screenshot('30-department-sub');
  await expectClean(phone);
});

test('a disabled group leaves an open list and comes back when re-enabled', async () => {
  const gid = await groupId(REGIONAL, '华东区店长群');
  const phone = await open(REGIONAL);
  const row = rowOf(phone, '华东区店长群');
  await row.waitFor();
  await ok('admin', ADMIN, { action: 'disableGroup', conversationId: gid });
  await row.waitFor({ state: 'detached', timeout: 15_000 });
  await ok('admin', ADMIN, { action: 'enableGroup', conversationId: gid });
  await row.waitFor({ timeout: 15_000 });
  await expectClean(phone);
});

test('the export calendar shows the month and year', async () => {
  const gid = await groupId(MANAGER, '南京路店工作群');
  const phone = await open(ADMIN, `admin/group-detail/index?id=${gid}`);
  await phone.tap('导出聊天记录');
  await phone.tap('选择日期范围');
  await phone.see(/\d{4}年\d{1,2}月/);
  await phone.screenshot('31-export-calendar');
  expect(problems).toEqual([]);
});

test('发消息 on a card without sending puts no empty chat into the colleague’s 消息 list', async () => {
  const financeId = await employeeIdOf(FINANCE);
  const phone = await open(LOGISTICS, `pages/profile/index?id=${financeId}`);
  await phone.tap('发消息', true);
  await phone.waitRoute('pages/chat/index');
  const logisticsName = (await ok<{ employee: { name: string } }>('directory', LOGISTICS, { action: 'me' }))
    .employee.name;
  const finance = await open(FINANCE);
  await finance.waitRoute('pages/chats/index');
  await finance.settle();
  expect(await rowOf(finance, logisticsName).count()).toBe(0);
  await expectClean(finance);
});

// ---- the chat page ----

const send = (openid: string, conversationId: string, text: string, clientMsgId: string) =>
  ok<{ message: { id: string; seq: number } }>('messages', openid, {
    action: 'send',
    conversationId,
    clientMsgId,
    type: 'text',
    text,
  });

const bubbleRows = (phone: Phone) => phone.top.locator('[class*="message-bubble--row"]');

test('有人@我 and N条新消息 pills jump to what I missed; a chat with more than a screen unread opens at the first unread', async () => {
  // 蒋刚永 was @-mentioned in 南京路店工作群 (the demo's [有人@我]).
  const store = await groupId(MANAGER, '南京路店工作群');
  const phone = await open(MANAGER, `pages/chat/index?id=${store}`);
  const pill = phone.top.locator('[class*="chat-index--pill"]');
  await expect(pill.textContent()).resolves.toContain('有人@我');
  await phone.screenshot('40-chat-pill-mention');
  await pill.click();
  await phone.top.locator('[class*="chat-index--hit"]').waitFor();
  expect(await pill.count()).toBe(0);

  // 40 unread in 华东区店长群: more than a page, so the pill offers the jump to the first.
  const east = await groupId(REGIONAL, '华东区店长群');
  for (let i = 1; i <= 40; i++) await send(ADMIN, east, `补货提醒 ${i}`, `e2e-pill-${i}`);
  const regional = await open(REGIONAL, `pages/chat/index?id=${east}`);
  const many = regional.top.locator('[class*="chat-index--pill"]');
  // 40 new here, plus whatever this regional manager had not read before.
  expect(Number(/(\d+)条新消息/.exec((await many.textContent()) ?? '')?.[1])).toBeGreaterThanOrEqual(40);
  await many.click();
  const first = regional.top.getByText('补货提醒 1', { exact: true });
  await first.waitFor();
  await regional.screenshot('41-chat-pill-jumped');

  // 12 unread (more than a screen, all on the first page): the chat opens at the first of them.
  for (let i = 1; i <= 12; i++) await send(ADMIN, east, `盘点第 ${i} 组`, `e2e-open-${i}`);
  const again = await open(REGIONAL, `pages/chat/index?id=${east}`);
  const firstUnread = again.top.getByText('盘点第 1 组', { exact: true });
  await firstUnread.waitFor();
  await again.settle();
  const list = await again.top.locator('wx-scroll-view').first().boundingBox();
  const box = await firstUnread.boundingBox();
  if (!list || !box) throw new Error('not laid out');
  expect(box.y).toBeGreaterThanOrEqual(list.y);
  expect(box.y + box.height).toBeLessThanOrEqual(list.y + list.height);
  expect(problems).toEqual([]);
});

test('a sender’s avatar opens their card; a long-press on it @-mentions them', async () => {
  const store = await groupId(MANAGER, '南京路店工作群');
  const phone = await open(MANAGER, `pages/chat/index?id=${store}`);
  const theirs = bubbleRows(phone).filter({ hasNot: phone.top.locator('[class*="message-bubble--mine"]') });
  const avatar = phone.top
    .locator(
      '[class*="message-bubble--row"]:not([class*="message-bubble--mine"]) [class*="message-bubble--avatar"]',
    )
    .last();
  await avatar.waitFor();
  expect(await theirs.count()).toBeGreaterThan(0);
  await phone.settle();
  await avatar.click({ force: true });
  await phone.waitRoute('pages/profile/index');
  await phone.see('发消息');
  const name =
    (await phone.top.locator('[class*="profile-index--name"]').first().textContent())?.trim() ?? '';
  await phone.back();
  await phone.waitRoute('pages/chat/index');
  await phone.settle();
  const box = await avatar.boundingBox();
  if (!box) throw new Error('avatar not visible');
  const page = phone.frame.page();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.waitForTimeout(600);
  await page.mouse.up();
  const field = phone.top.locator('.wx-native-textarea').first();
  await expect(field.inputValue()).resolves.toBe(`@${name} `);
  await phone.screenshot('42-chat-avatar-mention');
  expect(problems).toEqual([]);
});

test('a draft stays with its chat and the 消息 list marks it [草稿]', async () => {
  const east = await groupId(ADMIN, '华东区店长群');
  const phone = await open(ADMIN);
  await phone.tap('华东区店长群 (5)');
  await phone.waitRoute('pages/chat/index');
  await phone.type('周三之前把缺码表发我');
  await phone.back();
  await phone.waitRoute('pages/chats/index');
  const row = rowOf(phone, '华东区店长群');
  await row.getByText('[草稿]').waitFor();
  await row.getByText('周三之前把缺码表发我').waitFor();
  await phone.screenshot('43-list-draft');
  await phone.tap('华东区店长群 (5)');
  await phone.waitRoute('pages/chat/index');
  await expect(phone.top.locator('.wx-native-textarea').first().inputValue()).resolves.toBe(
    '周三之前把缺码表发我',
  );
  expect(east).toBeTruthy();
  await expectClean(phone);
});

test('one-to-one: 已读/未读 under my messages; 聊天信息 has 查找聊天记录 and 置顶聊天', async () => {
  const direct = await groupId(MANAGER, '陆军');
  const phone = await open(MANAGER, `pages/chat/index?id=${direct}`);
  await phone.type('明早九点开店前碰一下');
  await phone.tap('发送', true);
  const row = bubbleRows(phone).filter({ hasText: '明早九点开店前碰一下' });
  await row.getByText('未读', { exact: true }).waitFor();
  const { items } = await ok<{ items: { seq: number }[] }>('messages', GUIDE, {
    action: 'history',
    conversationId: direct,
    limit: 1,
  });
  await ok('messages', GUIDE, {
    action: 'markRead',
    conversationId: direct,
    seq: items[items.length - 1].seq,
  });

  await phone.tapSelector('[class*="chat-index--info"]');
  await phone.waitRoute('pages/direct-info/index');
  await phone.see('查找聊天记录');
  await phone.see('陆军');
  await phone.tapSelector('[class*="pin-switch"]');
  const pinned = async () =>
    (
      await ok<{ prefs?: { pinned: boolean } }>('groups', MANAGER, {
        action: 'detail',
        conversationId: direct,
      })
    ).prefs?.pinned;
  for (let i = 0; i < 50 && !(await pinned()); i++) await new Promise((r) => setTimeout(r, 100));
  expect(await pinned()).toBe(true);
  await phone.screenshot('44-direct-info');
  await phone.back();
  await phone.waitRoute('pages/chat/index');
  // Back on the chat, the receipt is fetched again: 陆军 has read it.
  await row.getByText('已读', { exact: true }).waitFor();
  await phone.screenshot('45-direct-read');
  await expectClean(phone);
});

test('a file is a white card with its type and size; a loaded image keeps the newest in view', async () => {
  const direct = await groupId(MANAGER, '陆军');
  const phone = await open(MANAGER, `pages/chat/index?id=${direct}`);
  const page = phone.frame.page();
  let chooser = page.waitForEvent('filechooser');
  await phone.tapSelector('[class*="chat-index--plus"]');
  await phone.overlayTap('文件');
  await (
    await chooser
  ).setFiles({
    name: '三月报价单.xlsx',
    mimeType: 'application/octet-stream',
    buffer: Buffer.alloc(2048, 1),
  });
  const card = phone.top
    .locator('[class*="message-bubble--file-card"]')
    .filter({ hasText: '三月报价单.xlsx' });
  await card.waitFor();
  await card.getByText('XLSX', { exact: true }).waitFor();
  await card.getByText('2.0KB', { exact: true }).waitFor();
  // The pending bubble is replaced by the sent one once the server answers; a bubble read while it is
  // being replaced has no style yet, so read again until the one that stays answers (5 s at most).
  const fileBubble = phone.top
    .locator(
      '[class*="message-bubble--mine"] [class*="message-bubble--bubble"][class*="message-bubble--file"]',
    )
    .filter({ hasText: '三月报价单.xlsx' })
    .last();
  let bg = '';
  for (let tries = 0; tries < 20 && bg !== 'rgb(255, 255, 255)'; tries++) {
    if (tries) await page.waitForTimeout(250);
    bg = await fileBubble.evaluate((el) => getComputedStyle(el).backgroundColor).catch(() => '');
  }
  expect(bg).toBe('rgb(255, 255, 255)');
  await phone.screenshot('46-chat-file-card');

  chooser = page.waitForEvent('filechooser');
  await phone.tapSelector('[class*="chat-index--plus"]');
  await phone.overlayTap('图片');
  await (await chooser).setFiles({ name: 'shelf.png', mimeType: 'image/png', buffer: png(300, 900) });
  await phone.frame.waitForFunction(() => {
    const imgs = document.querySelectorAll('.page-wrapper.active wx-image img');
    const img = imgs[imgs.length - 1] as HTMLImageElement | undefined;
    return !!img && img.complete && img.naturalHeight === 900;
  });
  await phone.settle();
  // The whole image is in view: the list was scrolled again once its height arrived.
  const gap = await phone.top
    .locator('wx-scroll-view')
    .first()
    .evaluate((el) => el.scrollHeight - el.clientHeight - el.scrollTop);
  expect(gap).toBeLessThan(4);
  await phone.screenshot('47-chat-image-follow');
  expect(problems).toEqual([]);
});

test('a group disabled while its chat is open stops showing history; re-enabled, it comes back', async () => {
  const east = await groupId(REGIONAL, '华东区店长群');
  const phone = await open(REGIONAL, `pages/chat/index?id=${east}`);
  await bubbleRows(phone).first().waitFor();
  await ok('admin', ADMIN, { action: 'disableGroup', conversationId: east });
  await phone.see('该群已被管理员禁用', 15_000);
  await bubbleRows(phone).first().waitFor({ state: 'detached' });
  await phone.screenshot('48-chat-disabled');
  await ok('admin', ADMIN, { action: 'enableGroup', conversationId: east });
  await bubbleRows(phone).first().waitFor({ timeout: 15_000 });
  expect(problems).toEqual([]);
});

test('聊天信息 "…" sits in the navigation bar, left of the capsule, over no message', async () => {
  const phone = await open(MANAGER);
  const row = rowOf(phone, '南京路店工作群');
  await row.waitFor().catch(async (e) => {
    await phone.screenshot('fail-49-list');
    throw e;
  });
  await phone.settle();
  await row.click();
  await phone.waitRoute('pages/chat/index');
  await phone.waitTitle('南京路店工作群');
  await bubbleRows(phone).first().waitFor();
  await phone.settle();
  const info = await phone.top.locator('[class*="chat-index--info"]').boundingBox();
  const bar = await phone.top.locator('[class*="chat-index--nav"]').first().boundingBox();
  const capsule = await phone.frame.locator('#nav .nav-capsule').boundingBox();
  const list = await phone.top.locator('wx-scroll-view').first().boundingBox();
  if (!info || !bar || !capsule || !list) throw new Error('not laid out');
  expect(info.y).toBeGreaterThanOrEqual(bar.y);
  expect(info.y + info.height).toBeLessThanOrEqual(bar.y + bar.height);
  expect(info.x + info.width).toBeLessThanOrEqual(capsule.x);
  // The messages start below the bar: nothing of theirs is under the button.
  expect(list.y).toBeGreaterThanOrEqual(info.y + info.height);
  await phone.screenshot('49-chat-nav');
  await phone.tapSelector('[class*="chat-index--info"]');
  await phone.waitRoute('pages/group-settings/index');
  await phone.back();
  await phone.waitRoute('pages/chat/index');
  // The chat's own back arrow returns to the list.
  await phone.tapSelector('[class*="chat-index--nav-back"]');
  await phone.waitRoute('pages/chats/index');
  await expectClean(phone);
});
