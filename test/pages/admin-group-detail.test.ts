// Group detail in the back office: members and recent messages, removing one message by long-press,
// exporting with a progress overlay and opening the XLSX.
import { makeCompany, makeGroup, type Company } from '../functions/admin-fixtures';
import { seedDocs, sendText } from '../functions/helpers';
import { buildEmployee } from '../../cloudfunctions/core/domain/employee';
import { installPageCloud, load, openPage, settle, type PageCloud, type Rendered } from './harness';
import { waitFor } from './interact';

/* eslint-disable-next-line @typescript-eslint/no-explicit-any -- simulate's mock of WeChat's global */
declare const wx: any;

let pc: PageCloud;
let co: Company;
let detailPage: string;
beforeAll(() => {
  detailPage = load('admin/group-detail/index');
});
beforeEach(async () => {
  pc = installPageCloud();
  co = await makeCompany(pc.cloud);
});
afterEach(() => pc.close());

describe('admin/group-detail page', () => {
  it('shows members and messages, removes a message after confirmation, and exports', async () => {
    const [owner, member] = co.people;
    const g = await makeGroup(pc.cloud, owner, [member], '详情群');
    await sendText(pc.cloud, owner, g, '大家好');
    const bad = await sendText(pc.cloud, member, g, '不当言论');
    pc.actAs(co.admin.openid);
    const page = await openPage(detailPage, { id: g });
    const text = () => page.dom.textContent ?? '';
    expect(text()).toContain('详情群');
    expect(text()).toContain(owner.name);
    expect(text()).toContain('群主');
    expect(text()).toContain('大家好');
    expect(text()).toContain('不当言论');

    const rows = page.querySelectorAll('.message');
    const index = (page.data.messages as { id: string }[]).findIndex((m) => m.id === bad.id);
    rows[index].dispatchEvent('longpress');
    await settle();
    expect(page.data.sheetShow).toBe(true);
    (page.querySelector('#message-sheet') as Rendered)
      .querySelectorAll('.van-action-sheet__item')[0]
      .dispatchEvent('tap');
    await settle();
    expect(page.data.dialogShow).toBe(true);
    expect(page.data.dialogMessage).toContain('不当言论');
    const buttons = (page.querySelector('#confirm-dialog') as Rendered).querySelectorAll(
      '.van-dialog__button',
    );
    (buttons[1].querySelector('.van-button') as Rendered).dispatchEvent('tap');
    await settle(10);
    expect((pc.cloud.db.tables.getById('messages', bad.id) as { removed?: boolean }).removed).toBe(true);
    const list = () => page.dom.querySelector('.main--messages')?.textContent ?? '';
    expect(list()).toContain('该消息已被管理员删除');
    expect(list()).not.toContain('不当言论');

    // Export everything: a progress overlay while it runs, then the XLSX is downloaded by file id
    // (wx.cloud.downloadFile, through the storage rule), deleted from storage, and opened.
    const opened: { filePath: string; fileType: string }[] = [];
    let busyDuringDownload = false;
    wx.downloadFile = jest.fn();
    const cloudDownload = wx.cloud.downloadFile.bind(wx.cloud);
    const downloaded: string[] = [];
    wx.cloud.downloadFile = (o: { fileID: string }) => {
      busyDuringDownload = page.data.busy === true;
      downloaded.push(o.fileID);
      return cloudDownload(o);
    };
    wx.openDocument = (o: { filePath: string; fileType: string; success: () => void }) => {
      opened.push({ filePath: o.filePath, fileType: o.fileType });
      o.success();
    };
    (page.querySelector('#export') as Rendered).querySelector('.van-cell')?.dispatchEvent('tap');
    await settle();
    (page.querySelector('#export-sheet') as Rendered)
      .querySelectorAll('.van-action-sheet__item')[0]
      .dispatchEvent('tap');
    await waitFor(() => opened.length > 0 && page.data.busy === false, 'the export to open');
    expect(busyDuringDownload).toBe(true);
    expect(wx.downloadFile).not.toHaveBeenCalled();
    expect(downloaded).toEqual([expect.stringMatching(/\/exports\/.+\.xlsx$/)]);
    expect(opened).toEqual([{ filePath: expect.stringMatching(/\.xlsx$/), fileType: 'xlsx' }]);
    // The phone has its copy: the export is gone from storage.
    expect(pc.cloud.storage.exists(downloaded[0])).toBe(false);
    expect(page.data.busy).toBe(false);
  });

  it('refuses a non-admin, even a member of the group', async () => {
    const [owner, member] = co.people;
    const g = await makeGroup(pc.cloud, owner, [member], '详情群');
    await sendText(pc.cloud, owner, g, '内部消息');
    pc.actAs(owner.openid);
    const page = await openPage(detailPage, { id: g });
    expect(page.dom.textContent).toContain('仅管理员可访问');
    expect(page.dom.textContent).not.toContain('内部消息');
  });

  it('searches the whole group by name on the server, past the first page of members', async () => {
    const now = Date.now();
    const extra = Array.from({ length: 25 }, (_, i) =>
      buildEmployee(
        { id: `x${i}`, name: i === 24 ? '欧阳末位' : `店员${i}`, mobile: `1370000${1000 + i}` },
        now,
      ),
    );
    await seedDocs(pc.cloud, 'employees', extra);
    const [owner] = co.people;
    const g = await makeGroup(
      pc.cloud,
      owner,
      extra.map((e) => ({ id: e._id, openid: '', name: e.name })),
      '大群',
    );
    pc.actAs(co.admin.openid);
    const page = await openPage(detailPage, { id: g });
    const names = () => page.querySelectorAll('.member-row').map((r) => r.dom.textContent ?? '');
    expect(names()).toHaveLength(20);
    expect(names().some((n) => n.includes('欧阳末位'))).toBe(false);
    await (page.instance as unknown as { onMemberSearch(e: unknown): Promise<void> }).onMemberSearch({
      detail: '末位',
    });
    await settle();
    expect(names()).toEqual([expect.stringContaining('欧阳末位')]);
    await (page.instance as unknown as { onMemberSearch(e: unknown): Promise<void> }).onMemberSearch({
      detail: 'oymw',
    });
    await settle();
    expect(names()).toEqual([expect.stringContaining('欧阳末位')]);
    await (page.instance as unknown as { onMemberSearch(e: unknown): Promise<void> }).onMemberSearch({
      detail: '',
    });
    await settle();
    expect(names()).toHaveLength(20);
  });
});
