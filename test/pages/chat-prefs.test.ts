// The chat list's long-press menu (置顶聊天, 标为已读/未读, 消息免打扰, 不显示该聊天) over the local cloud.
import { openPage, type Rendered } from './harness';
import { listedRows } from './chatsList';
import { waitFor } from './interact';
import { usePrefsPage } from './prefsPages';

/* eslint-disable-next-line @typescript-eslint/no-explicit-any -- simulate's mock of WeChat's global */
declare const wx: any;

const f = usePrefsPage('pages/chats/index');
let n = 0;

const send = (conversationId: string, text: string) =>
  f.pc.cloud.invoke('messages', 'o_e1', {
    action: 'send',
    conversationId,
    clientMsgId: `p${++n}`,
    type: 'text',
    text,
  });
const rows = listedRows;

/** Long-presses a row and picks the menu item with this label. */
async function menu(page: Rendered, id: string, label: string) {
  let items: string[] = [];
  wx.showActionSheet = jest.fn(async (o: { itemList: string[] }) => {
    items = o.itemList;
    if (!items.includes(label)) throw new Error(`no ${label} in ${items.join(',')}`);
    return { tapIndex: items.indexOf(label) };
  });
  await (page.instance as unknown as { onRowMenu(e: unknown): Promise<void> }).onRowMenu({
    currentTarget: { dataset: { id } },
  });
  return items;
}

it('long-press: 置顶聊天 puts the row first, 消息免打扰 greys its badge and takes it out of the tab count', async () => {
  await send('g1', '一');
  await send('g2', '二');
  await send('g2', '三');
  const list = await openPage(f.pageId);
  f.opened.push(list);
  await waitFor(
    () =>
      rows(list)
        .map((r) => r.id)
        .join() === 'g2,g1',
    'newest first',
  );
  expect(wx.setTabBarBadge).toHaveBeenLastCalledWith(expect.objectContaining({ text: '3' }));

  expect(await menu(list, 'g1', '置顶聊天')).toEqual(['置顶聊天', '标为已读', '消息免打扰', '不显示该聊天']);
  await waitFor(() => rows(list)[0].id === 'g1' && rows(list)[0].pinned, 'g1 pinned first');
  expect(list.querySelector('.row.pinned')).toBeTruthy();

  await menu(list, 'g2', '消息免打扰');
  await waitFor(() => rows(list).find((r) => r.id === 'g2')?.quiet === true, 'g2 muted');
  expect(rows(list).find((r) => r.id === 'g2')?.unread).toBe('2');
  expect(wx.setTabBarBadge).toHaveBeenLastCalledWith(expect.objectContaining({ text: '1' }));
  expect(list.dom.innerHTML).toMatch(/badge[^"]*quiet/);

  await menu(list, 'g1', '标为已读');
  await waitFor(() => rows(list).find((r) => r.id === 'g1')?.unread === '', 'g1 read');
  expect(await menu(list, 'g1', '标为未读')).toContain('取消置顶');
  await waitFor(() => rows(list).find((r) => r.id === 'g1')?.unread === '1', 'g1 marked unread');

  await menu(list, 'g1', '不显示该聊天');
  await waitFor(
    () =>
      rows(list)
        .map((r) => r.id)
        .join() === 'g2',
    'g1 hidden',
  );
  await send('g1', '新消息');
  await waitFor(() => rows(list)[0]?.id === 'g1', 'g1 back on top with its next message');
});
