// The shared fixture of the chat-settings page tests (chat list menu, 聊天信息 switches,
// 我 → 新消息提醒): one page over a fresh local cloud, three people (acting as 李娜, o_e2) in two
// groups, wx storage and the tab badge stubbed; pages opened are unloaded after each test.
import { installPageCloud, load, type PageCloud, type Rendered } from './harness';
import { seedConversation, seedPeople } from '../functions/messages-fixture';
import { clearSession } from '../../miniprogram/services/session';

/* eslint-disable-next-line @typescript-eslint/no-explicit-any -- simulate's mock of WeChat's global */
declare const wx: any;

export interface PrefsFixture {
  pc: PageCloud;
  pageId: string;
  opened: Rendered[];
}

export function usePrefsPage(page: string): PrefsFixture {
  const f = { opened: [] } as unknown as PrefsFixture;
  beforeAll(() => {
    f.pageId = load(page);
  });
  beforeEach(async () => {
    f.pc = installPageCloud();
    clearSession();
    await seedPeople(f.pc.cloud, 3);
    const now = Date.now();
    await seedConversation(
      f.pc.cloud,
      { id: 'g1', name: '南京路店', memberIds: ['e1', 'e2', 'e3'] },
      now - 2000,
    );
    await seedConversation(
      f.pc.cloud,
      { id: 'g2', name: '华东区', memberIds: ['e1', 'e2', 'e3'] },
      now - 1000,
    );
    const store: Record<string, unknown> = {};
    wx.getStorageSync = (k: string) => store[k] ?? '';
    wx.setStorageSync = (k: string, v: unknown) => (store[k] = v);
    wx.setTabBarBadge = jest.fn();
    wx.removeTabBarBadge = jest.fn();
    wx.showToast = jest.fn();
    f.pc.actAs('o_e2');
  });
  afterEach(() => {
    // The list page stops its watches on unload; the others have nothing to stop.
    for (const p of f.opened.splice(0)) {
      (p.instance as unknown as { onUnload?(): void }).onUnload?.();
      p.detach();
    }
    delete wx.requestSubscribeMessage;
    delete wx.getSetting;
    f.pc.close();
  });
  return f;
}
