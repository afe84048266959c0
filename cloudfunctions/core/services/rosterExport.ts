// admin.exportRoster: the roster as an XLSX the import reads back unchanged (same columns, same
// department grammar), or the import template (the columns, an example row, a notes sheet).
// Written to cloud storage like a history export (exports/roster/<random>.xlsx): the admin's phone
// downloads it by file id and deletes it (admin.deleteExport); the maintenance sweep deletes any
// left behind an hour later, found through this action's audit entry.
import ExcelJS from 'exceljs';
import type { ExportResult } from '../../../typings/api';
import { exportFilePath } from '../domain/files';
import { ROSTER_COLUMNS } from '../domain/roster';
import {
  NOTES_SHEET,
  ROSTER_SHEET,
  rosterCells,
  templateExampleRow,
  templateNotes,
} from '../domain/rosterSheet';
import { clock } from '../platform/clock';
import { storeFile } from '../platform/storage';
import { recordAudit } from '../store/audit';
import { loadAllDepartments } from '../store/departments';
import { loadRosterSnapshot } from '../store/employees';
import type { Actor } from './membership';

/** The sheet with the roster's header row, as text cells (a mobile must not become a number). */
function rosterSheet(workbook: ExcelJS.Workbook): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(ROSTER_SHEET);
  sheet.columns = ROSTER_COLUMNS.map((c) => ({
    header: c.header,
    key: c.field,
    width: c.width,
    style: { numFmt: '@' },
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  return sheet;
}

async function buildRoster(): Promise<{ workbook: ExcelJS.Workbook; rows: number }> {
  const [people, departments] = await Promise.all([loadRosterSnapshot(), loadAllDepartments()]);
  const pathOf = new Map(departments.map((d) => [d._id, d.path]));
  const workbook = new ExcelJS.Workbook();
  const sheet = rosterSheet(workbook);
  const departmentAt = ROSTER_COLUMNS.findIndex((c) => c.field === 'department');
  const rows = people.map((e) => ({ e, cells: rosterCells(e, (id) => pathOf.get(id)) }));
  // Active people first (a departed entry sharing a mobile then loses, not them), by department and name.
  rows.sort(
    (a, b) =>
      Number(a.e.status !== 'active') - Number(b.e.status !== 'active') ||
      a.cells[departmentAt].localeCompare(b.cells[departmentAt], 'zh') ||
      a.e.name.localeCompare(b.e.name, 'zh'),
  );
  for (const r of rows) sheet.addRow(r.cells);
  return { workbook, rows: rows.length };
}

function buildTemplate(): { workbook: ExcelJS.Workbook; rows: number } {
  const workbook = new ExcelJS.Workbook();
  rosterSheet(workbook).addRow(templateExampleRow());
  const notes = workbook.addWorksheet(NOTES_SHEET);
  notes.columns = [{ width: 10 }, { width: 70 }, { width: 16 }];
  for (const line of templateNotes()) notes.addRow(line);
  notes.getRow(1).font = { bold: true };
  return { workbook, rows: 1 };
}

export async function doExportRoster(actor: Actor, options: { template: boolean }): Promise<ExportResult> {
  const { workbook, rows } = options.template ? buildTemplate() : await buildRoster();
  const content = Buffer.from(await workbook.xlsx.writeBuffer());
  const now = clock.now();
  const { fileId, tempFileURL } = await storeFile(exportFilePath('roster'), content, now);
  await recordAudit({
    actorId: actor.id,
    actorName: actor.name,
    action: 'roster.export',
    targetType: 'roster',
    targetId: null,
    after: { fileId, rows },
    details: { template: options.template, rows },
    at: now,
  });
  return { fileId, tempFileURL, rows };
}
