// The roster as a spreadsheet the import reads back: one row per employee in ROSTER_COLUMNS
// order (domain/roster.ts, the one list of columns), and the template's example row and notes.
// Pure: the service writes the cells into an XLSX.
import { ROSTER_COLUMNS, STATUS_WORDS, type RosterField } from './roster';

export interface RosterEntry {
  name: string;
  mobile: string;
  employeeNo: string | null;
  position: string;
  departmentIds: string[];
  status: 'active' | 'departed';
}

/** Sheet names. */
export const ROSTER_SHEET = '花名册';
export const NOTES_SHEET = '填写说明';

/** One employee's cells, in column order; departments as paths joined by ';' (the import's grammar). */
export function rosterCells(e: RosterEntry, pathOf: (departmentId: string) => string | undefined): string[] {
  const value: Record<RosterField, string> = {
    name: e.name,
    mobile: e.mobile,
    department: e.departmentIds
      .map(pathOf)
      .filter((p): p is string => !!p)
      .join(';'),
    position: e.position ?? '',
    employeeNo: e.employeeNo ?? '',
    status: STATUS_WORDS[e.status],
  };
  return ROSTER_COLUMNS.map((c) => value[c.field]);
}

export const templateExampleRow = (): string[] => ROSTER_COLUMNS.map((c) => c.example);

/** The notes sheet: one line per column, then the general rules of a file. */
export function templateNotes(): string[][] {
  return [
    ['列名', '说明', '示例'],
    ...ROSTER_COLUMNS.map((c) => [c.header, c.note, c.example]),
    [],
    ['第一行是表头，列的顺序不限；从第二行起每行一名员工，空行会被跳过。'],
    ['导入结果中的行号从表头下一行算起（第 1 行 = 表格第 2 行）。'],
    ['再次导入同一名员工（工号或手机号相同）即更新其信息，未填写的职位和部门保持不变。'],
  ];
}
