// The roster page's 下载导入模板 / 导出花名册: the admin function writes the XLSX, the phone downloads
// it by file id, deletes it from storage and opens it — the sheet's header being the import's own.
import ExcelJS from 'exceljs';
import { installPageCloud, load, openPage, type PageCloud, type Rendered } from './harness';
import { ADMIN, resetSession, seedDirectory } from './directoryPages';
import { waitFor } from './interact';
import { ROSTER_COLUMNS } from '../../cloudfunctions/core/domain/roster';

/* eslint-disable-next-line @typescript-eslint/no-explicit-any -- simulate's mock of WeChat's global */
declare const wx: any;

let rosterId: string;
let pc: PageCloud;
let files: Map<string, Buffer>;
let opened: string[];
let downloaded: string[];
beforeAll(() => {
  rosterId = load('admin/roster/index');
});
beforeEach(async () => {
  pc = installPageCloud();
  resetSession();
  wx.showToast = jest.fn();
  files = new Map();
  opened = [];
  downloaded = [];
  const cloudDownload = wx.cloud.downloadFile.bind(wx.cloud);
  wx.cloud.downloadFile = (o: {
    fileID: string;
    success?: (r: unknown) => void;
    fail?: (e: unknown) => void;
  }) => {
    downloaded.push(o.fileID);
    // Keep the bytes the phone received, to read the sheet after the page deleted the file.
    files.set(o.fileID, pc.cloud.storage.read(o.fileID) as Buffer);
    return cloudDownload(o);
  };
  wx.openDocument = (o: { filePath: string; fileType: string; success: () => void }) => {
    opened.push(o.fileType);
    o.success();
  };
  await seedDirectory(pc.cloud);
});
afterEach(() => pc.close());

async function header(fileId: string): Promise<string[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(files.get(fileId) as unknown as ArrayBuffer);
  return (workbook.worksheets[0].getRow(1).values as unknown[]).slice(1).map(String);
}

it.each([
  ['.template', 2],
  ['.export', 7],
])('%s writes the sheet, the phone opens it and deletes it from storage', async (selector, lines) => {
  pc.actAs(ADMIN);
  const page = await openPage(rosterId);
  await waitFor(() => !!page.querySelector(selector), 'the button');
  (page.querySelector(selector) as Rendered).dispatchEvent('click');
  await waitFor(() => opened.length === 1 && page.data.sheetBusy === '', 'the sheet to open');
  expect(opened).toEqual(['xlsx']);
  expect(downloaded).toEqual([expect.stringMatching(/\/exports\/roster\/[0-9a-f]{24}\.xlsx$/)]);
  expect(pc.cloud.storage.exists(downloaded[0])).toBe(false);
  expect(await header(downloaded[0])).toEqual(ROSTER_COLUMNS.map((c) => c.header));
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(files.get(downloaded[0]) as unknown as ArrayBuffer);
  expect(workbook.worksheets[0].rowCount).toBe(lines);
  expect(wx.showToast).not.toHaveBeenCalled();
});
