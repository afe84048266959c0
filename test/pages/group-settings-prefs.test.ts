// 聊天信息 (group settings): the 消息免打扰 and 置顶聊天 switches over the local cloud.
import { installPageCloud, load, openPage, type PageCloud, type Rendered } from './harness';
import { waitFor } from './interact';
import { seedConversation, seedPeople } from '../functions/messages-fixture';
import { clearSession } from '../../miniprogram/services/session';

/* eslint-disable-next-line @typescript-eslint/no-explicit-any -- simulate's mock of WeChat's global */
declare const wx: any;

let pc: PageCloud;
let pageId: string;
const opened: Rendered[] = [];

beforeAll(() => {
  pageId = load('pages/group-settings/index');
});

beforeEach(async () => {
  pc = installPageCloud();
  clearSession();
  await seedPeople(pc.cloud, 3);
  const now = Date.now();
  await seedConversation(pc.cloud, { id: 'g1', name: '南京路店', memberIds: ['e1', 'e2', 'e3'] }, now - 2000);
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

it('聊天信息: 消息免打扰 and 置顶聊天 switches write my settings', async () => {
  const page = await openPage(pageId, { id: 'g1' });
  opened.push(page);
  await waitFor(() => !!page.data.conv, 'the detail');
  expect(page.data.conv).toMatchObject({ pinned: false, muted: false });
  const inst = page.instance as unknown as {
    onQuiet(e: unknown): Promise<void>;
    onPin(e: unknown): Promise<void>;
  };
  await inst.onQuiet({ detail: true });
  await inst.onPin({ detail: true });
  const detail = await pc.cloud.invoke('groups', 'o_e2', { action: 'detail', conversationId: 'g1' });
  expect(detail).toMatchObject({ ok: true, data: { pinned: true, muted: true } });
  expect(page.data.conv).toMatchObject({ pinned: true, muted: true });
});
