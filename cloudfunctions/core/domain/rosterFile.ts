// Roster spreadsheets → raw rows keyed by header. CSV through papaparse, XLSX through exceljs:
// no hand-written spreadsheet parsing. Works on a buffer, so it is tested without storage.
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { TextDecoder } from 'util';
import { errors } from './errors';
import { fieldOfHeader, type RawRow } from './roster';

export interface NumberedRow {
  /** 1-based data-row number: spreadsheet line − header line (see roster.ts). */
  row: number;
  raw: RawRow;
}

export const MAX_IMPORT_ROWS = 10_000;

const isZip = (b: Buffer) => b.length > 3 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;

/** Excel in China saves CSV as GBK by default: decode UTF-8 when valid, else GB18030. */
export function decodeCsv(buffer: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buffer).replace(/^\uFEFF/, '');
  } catch {
    return new TextDecoder('gb18030').decode(buffer);
  }
}

const isBlank = (cells: unknown[]) =>
  cells.every((c) => c === null || c === undefined || String(c).trim() === '');

/** The header is the first non-blank line; it must name at least the 姓名 and 手机号 columns. */
function numberRows(lines: unknown[][]): NumberedRow[] {
  const headerAt = lines.findIndex((l) => !isBlank(l));
  if (headerAt < 0) return [];
  const header = lines[headerAt].map((h) => String(h ?? '').trim());
  const fields = header.map(fieldOfHeader);
  if (!fields.includes('name') || !fields.includes('mobile')) throw errors.rosterHeader({ header });
  const out: NumberedRow[] = [];
  for (let i = headerAt + 1; i < lines.length; i++) {
    if (isBlank(lines[i])) continue;
    const raw: RawRow = {};
    header.forEach((h, c) => {
      if (h) raw[h] = lines[i][c];
    });
    out.push({ row: i - headerAt, raw });
  }
  return out;
}

export function parseCsv(buffer: Buffer): NumberedRow[] {
  const parsed = Papa.parse<string[]>(decodeCsv(buffer), { skipEmptyLines: false });
  return numberRows(parsed.data);
}

/** An exceljs cell value as plain text/number (rich text, formulas and hyperlinks unwrapped). */
function plain(value: ExcelJS.CellValue): unknown {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value !== 'object') return value;
  if ('richText' in value) return value.richText.map((t) => t.text).join('');
  if ('result' in value) return plain(value.result as ExcelJS.CellValue);
  if ('text' in value) return String(value.text);
  return '';
}

export async function parseXlsx(buffer: Buffer): Promise<NumberedRow[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw errors.rosterUnreadable();
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const lines: unknown[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, n) => {
    const cells: unknown[] = [];
    row.eachCell({ includeEmpty: true }, (c, col) => {
      cells[col - 1] = plain(c.value);
    });
    lines[n - 1] = cells;
  });
  for (let i = 0; i < lines.length; i++) lines[i] ??= [];
  return numberRows(lines);
}

/** Chooses the parser by content (XLSX is a zip) and falls back to the file name. */
export async function parseRosterFile(buffer: Buffer, fileName = ''): Promise<NumberedRow[]> {
  const rows = isZip(buffer) || /\.xlsx$/i.test(fileName) ? await parseXlsx(buffer) : parseCsv(buffer);
  if (rows.length > MAX_IMPORT_ROWS) throw errors.rosterTooLong({ max: MAX_IMPORT_ROWS, rows: rows.length });
  return rows;
}
