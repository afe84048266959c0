// 我 → 新消息提醒 over the local cloud: 去开启 asks WeChat and shows the credits.
import { installPageCloud, load, openPage, type PageCloud, type Rendered } from './harness';
import { waitFor } from './interact';
import { seedPeople } from '../functions/messages-fixture';
import { clearSession } from '../../miniprogram/services/session';
import { LOCAL_MESSAGE_TEMPLATE } from '../../localcloud/subscribeMessage';

/* eslint-disable-next-line @typescript-eslint/no-explicit-any -- simulate's mock of WeChat's global */
declare const wx: any;

let pc: PageCloud;
let pageId: string;
const text = (c: Rendered) => (c.dom.textContent ?? '').replace(/\s+/g, ' ');
const opened: Rendered[] = [];

beforeAll(() => {
  pageId = load('pages/me/index');
});

beforeEach(async () => {
  pc = installPageCloud();
  clearSession();
  await seedPeople(pc.cloud, 3);
  const store: Record<string, unknown> = {};
  wx.getStorageSync = (k: string) => store[k] ?? '';
  wx.setStorageSync = (k: string, v: unknown) => (store[k] = v);
  wx.setTabBarBadge = jest.fn();
  wx.removeTabBarBadge = jest.fn();
  wx.showToast = jest.fn();
  pc.actAs('o_e2');
});

afterEach(() => {
  // The list page stops its watches on unload; the others have nothing to stop.
  for (const p of opened.splice(0)) {
    (p.instance as unknown as { onUnload?(): void }).onUnload?.();
    p.detach();
  }
  delete wx.requestSubscribeMessage;
  delete wx.getSetting;
  pc.close();
});

it('我 → 新消息提醒: 去开启 asks WeChat, reports the accepted template and shows the count', async () => {
  wx.showModal = jest.fn();
  const page = await openPage(pageId);
  opened.push(page);
  await waitFor(() => text(page).includes('新消息提醒') && text(page).includes('去开启'), '去开启');
  wx.requestSubscribeMessage = jest.fn((o: { tmplIds: string[]; success(r: object): void }) => {
    pc.cloud.openapi.subscriptions.grant('o_e2', o.tmplIds);
    o.success({ errMsg: 'requestSubscribeMessage:ok', [o.tmplIds[0]]: 'accept' });
  });
  wx.getSetting = jest.fn((o: { success(r: object): void }) =>
    o.success({ subscriptionsSetting: { mainSwitch: true, itemSettings: {} } }),
  );
  (page.instance as unknown as { onNotify(): void }).onNotify();
  await waitFor(() => text(page).includes('已开启 1 次提醒'), '已开启 1 次提醒');
  expect(wx.requestSubscribeMessage).toHaveBeenCalledWith(
    expect.objectContaining({ tmplIds: [LOCAL_MESSAGE_TEMPLATE] }),
  );
  await waitFor(() => wx.showModal.mock.calls.length === 1, 'how to keep it on');
  expect(wx.showModal.mock.calls[0][0].content).toContain('总是保持以上选择');
  expect(pc.cloud.openapi.subscriptions.creditsOf('o_e2', LOCAL_MESSAGE_TEMPLATE)).toBe(1);
});
