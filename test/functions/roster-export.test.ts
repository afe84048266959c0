// admin.exportRoster through the local cloud: the roster as XLSX in the import's own columns (an
// export imported back changes nothing), the import template (header, example row, notes), the
// file's lifecycle (deleteExport, the maintenance sweep) and the audit entry.
import ExcelJS from 'exceljs';
import type { ExportResult } from '../../typings/api';
import type { LocalCloud } from '../../localcloud/cloud';
import { ROSTER_COLUMNS } from '../../cloudfunctions/core/domain/roster';
import { NOTES_SHEET, ROSTER_SHEET } from '../../cloudfunctions/core/domain/rosterSheet';
import { ok, openCloud, storedDocs } from './helpers';
import { ADMIN, importRows, smallCompany, type Report } from './rosterHelpers';

let cloud: LocalCloud;
let adminId: string;
beforeEach(async () => {
  cloud = openCloud();
  ({ adminId } = await smallCompany(cloud));
});
afterEach(() => cloud.close());

const exportRoster = (template?: boolean) =>
  ok<ExportResult>(cloud, 'admin', ADMIN, { action: 'exportRoster', ...(template ? { template } : {}) });

async function sheetOf(fileId: string, name: string): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(cloud.storage.read(fileId) as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet(name) as ExcelJS.Worksheet;
  const out: string[][] = [];
  sheet.eachRow((row) => out.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
  return out;
}

/** Every employee document, without the fields an import stamps even when nothing changes. */
const snapshot = () =>
  JSON.stringify(
    cloud.db.tables
      .scan('employees', {})
      .docs.map((d) => d)
      .sort((a, b) => String(a._id).localeCompare(String(b._id))),
  );

test('the export has the import columns, one row per employee with department paths', async () => {
  const res = await exportRoster();
  expect(res.fileId).toMatch(/^cloud:\/\/.+\/exports\/roster\/[0-9a-f]{24}\.xlsx$/);
  expect(res.tempFileURL).not.toBe('');
  const rows = await sheetOf(res.fileId, ROSTER_SHEET);
  expect(rows[0]).toEqual(ROSTER_COLUMNS.map((c) => c.header));
  expect(res.rows).toBe(6);
  expect(rows).toHaveLength(7);
  const zhao = rows.find((r) => r[0] === '赵敏') as string[];
  expect(zhao).toEqual(['赵敏', '13900000004', '人事部;门店/中心店', '人事专员', 'A004', '在职']);
  const audit = storedDocs<{ after: { fileId: string }; details: { template: boolean } }>(
    cloud,
    'audit_log',
    {
      action: 'roster.export',
    },
  );
  expect(audit.map((a) => [a.after.fileId, a.details.template])).toEqual([[res.fileId, false]]);
});

test('an exported roster imported back changes nothing', async () => {
  // A departed person, a rename of a department, a second department: all must survive the trip.
  await importRows(cloud, [{ 姓名: '陈静', 手机号: '13900000005', 状态: '离职' }]);
  const before = snapshot();
  const departmentsBefore = cloud.db.tables.count('departments');
  const res = await exportRoster();
  const file = cloud.storage.read(res.fileId) as Buffer;
  const fileId = cloud.storage.upload(`roster/${adminId}/0123456789abcdef.xlsx`, file);
  const report = await ok<Report>(cloud, 'admin', ADMIN, { action: 'importRoster', fileId });
  expect(report).toMatchObject({ created: 0, departed: 0, departmentsCreated: 0, rejected: [] });
  expect(report.unchanged).toBe(report.updated);
  expect(report.updated).toBe(6);
  expect(snapshot()).toBe(before);
  expect(cloud.db.tables.count('departments')).toBe(departmentsBefore);
});

test('the template: the same header, an example row the import accepts, and a notes sheet per column', async () => {
  const res = await exportRoster(true);
  const rows = await sheetOf(res.fileId, ROSTER_SHEET);
  expect(rows).toEqual([ROSTER_COLUMNS.map((c) => c.header), ROSTER_COLUMNS.map((c) => c.example)]);
  const notes = await sheetOf(res.fileId, NOTES_SHEET);
  for (const c of ROSTER_COLUMNS) expect(notes.find((n) => n[0] === c.header)?.[1]).toBe(c.note);
  // The example row is a valid row: importing the template accepts it (its 工号 A001 is 张伟's here).
  const fileId = cloud.storage.upload(
    `roster/${adminId}/fedcba9876543210.xlsx`,
    cloud.storage.read(res.fileId) as Buffer,
  );
  const report = await ok<Report>(cloud, 'admin', ADMIN, { action: 'importRoster', fileId });
  expect(report).toMatchObject({ rejected: [] });
  expect(report.created + report.updated).toBe(1);
});

test('the phone deletes the file after download; the sweep deletes forgotten ones', async () => {
  const first = await exportRoster();
  expect(await ok(cloud, 'admin', ADMIN, { action: 'deleteExport', fileId: first.fileId })).toEqual({
    deleted: true,
  });
  expect(cloud.storage.read(first.fileId)).toBeNull();
  let now = Date.now();
  cloud.setClock(() => now);
  const forgotten = await exportRoster(true);
  now += 61 * 60_000;
  await ok(cloud, 'admin', ADMIN, { action: 'runMaintenance' });
  expect(cloud.storage.read(forgotten.fileId)).toBeNull();
});

test('a non-admin cannot export', async () => {
  const res = await cloud.invoke('admin', 'o_nobody', { action: 'exportRoster' });
  expect(res.ok).toBe(false);
});
