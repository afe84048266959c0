// 我 → 新消息提醒 over the local cloud: 去开启 asks WeChat and shows the credits.
import { openPage, type Rendered } from './harness';
import { waitFor } from './interact';
import { usePrefsPage } from './prefsPages';
import { LOCAL_MESSAGE_TEMPLATE } from '../../localcloud/subscribeMessage';

/* eslint-disable-next-line @typescript-eslint/no-explicit-any -- simulate's mock of WeChat's global */
declare const wx: any;

const f = usePrefsPage('pages/me/index');
const text = (c: Rendered) => (c.dom.textContent ?? '').replace(/\s+/g, ' ');

it('我 → 新消息提醒: 去开启 asks WeChat, reports the accepted template and shows the count', async () => {
  wx.showModal = jest.fn();
  const page = await openPage(f.pageId);
  f.opened.push(page);
  await waitFor(() => text(page).includes('新消息提醒') && text(page).includes('去开启'), '去开启');
  wx.requestSubscribeMessage = jest.fn((o: { tmplIds: string[]; success(r: object): void }) => {
    f.pc.cloud.openapi.subscriptions.grant('o_e2', o.tmplIds);
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
  expect(f.pc.cloud.openapi.subscriptions.creditsOf('o_e2', LOCAL_MESSAGE_TEMPLATE)).toBe(1);
});
