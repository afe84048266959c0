// The page harness itself: a real page renders real vant components through the official compiler.
import { load, openPage, treeStats } from './harness';

describe('page harness', () => {
  it('renders a page with vant components', async () => {
    const page = await openPage(load('pages/me/index'));
    const empty = page.querySelector('.van-empty');
    expect(empty).not.toBeNull();
    // No wx.cloud is installed here, so the 我 page shows its error state (van-empty + retry).
    expect(page.dom.textContent).toContain('重试');
    expect(treeStats(page.dom).nodes).toBeGreaterThan(3);
  });
});

describe('wx.cloud in page tests', () => {
  it('is served in-process by the local cloud as the acting identity', async () => {
    const { installPageCloud } = await import('./harness');
    const pc = installPageCloud();
    try {
      pc.actAs('o_page_user');
      const res = await (
        globalThis as unknown as { wx: { cloud: { callFunction(o: object): Promise<{ result: unknown }> } } }
      ).wx.cloud.callFunction({
        name: 'directory',
        data: { action: 'me' },
      });
      expect(res.result).toEqual({ ok: true, data: expect.objectContaining({ bound: false }) });
    } finally {
      pc.close();
    }
  });
});
