// 聊天信息 (group settings): the 消息免打扰 and 置顶聊天 switches over the local cloud.
import { openPage } from './harness';
import { waitFor } from './interact';
import { usePrefsPage } from './prefsPages';

const f = usePrefsPage('pages/group-settings/index');

it('聊天信息: 消息免打扰 and 置顶聊天 switches write my settings', async () => {
  const page = await openPage(f.pageId, { id: 'g1' });
  f.opened.push(page);
  await waitFor(() => !!page.data.conv, 'the detail');
  expect((page.data.conv as { prefs: object }).prefs).toMatchObject({ pinned: false, muted: false });
  const inst = page.instance as unknown as {
    onQuiet(e: unknown): Promise<void>;
    onPin(e: unknown): Promise<void>;
  };
  await inst.onQuiet({ detail: true });
  await inst.onPin({ detail: true });
  const detail = await f.pc.cloud.invoke('groups', 'o_e2', { action: 'detail', conversationId: 'g1' });
  expect(detail).toMatchObject({ ok: true, data: { prefs: { pinned: true, muted: true } } });
  expect((page.data.conv as { prefs: object }).prefs).toMatchObject({ pinned: true, muted: true });
});
