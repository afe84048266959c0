// Roster import rules: header aliases, row validation and the department-path grammar.
// Pure: rows in, normalised rows or a Chinese rejection reason out. planImport (rosterPlan.ts)
// turns the normalised rows into writes.
//
// Row numbers: a row is numbered 1, 2, 3… among the data rows, the header excluded. In a file
// whose header is its first line, row n is therefore spreadsheet line n + 1 (the header is row 0);
// blank lines keep their number but are skipped, so numbers always match the file.

import { OWNER_RULE_TEXT } from './departmentGroups';

/** The fields a roster row can carry, whatever language its header is in. */
export type RosterField = 'name' | 'mobile' | 'department' | 'position' | 'employeeNo' | 'status';

/**
 * The roster's columns, in file order: the one list the import reads (header + aliases), the
 * export writes (header) and the template explains (example + note). Nothing else names them.
 */
export const ROSTER_COLUMNS: readonly {
  field: RosterField;
  /** The header the export and the template write (and the import's first alias). */
  header: string;
  aliases: readonly string[];
  /** The template's example row. */
  example: string;
  /** The template's notes sheet. */
  note: string;
  width: number;
}[] = [
  {
    field: 'name',
    header: '姓名',
    aliases: ['名字', '员工姓名', 'name'],
    example: '王芳',
    note: '必填，不超过 32 个字',
    width: 12,
  },
  {
    field: 'mobile',
    header: '手机号',
    aliases: ['手机', '手机号码', '电话', '联系电话', 'mobile', 'phone', 'mobilephone'],
    example: '13800138000',
    note: '必填，11 位中国大陆手机号；员工用它绑定微信',
    width: 16,
  },
  {
    field: 'department',
    header: '部门',
    aliases: ['所属部门', 'department', 'departments', 'dept'],
    example: '门店/南京路店',
    note: '上下级用 / 连接，如 门店/南京路店；多个部门用 ; 分隔；不存在的部门会自动创建；新员工不填则放入“未分配部门”',
    width: 28,
  },
  {
    field: 'position',
    header: '职位',
    aliases: ['岗位', '职务', 'position', 'title', 'jobtitle'],
    example: '导购',
    note: `选填；${OWNER_RULE_TEXT}`,
    width: 12,
  },
  {
    field: 'employeeNo',
    header: '工号',
    aliases: ['员工编号', '员工号', 'employeeno', 'employeenumber', 'employeeid', 'no'],
    example: 'A001',
    note: '选填；填写后按工号识别同一员工（可借此修改手机号），否则按手机号识别',
    width: 12,
  },
  {
    field: 'status',
    header: '状态',
    aliases: ['在职状态', 'status'],
    example: '在职',
    note: '选填；填“离职”即为该员工办理离职（退出所有群聊）',
    width: 8,
  },
];

const HEADER_ALIASES = Object.fromEntries(
  ROSTER_COLUMNS.map((c) => [c.field, [c.header, ...c.aliases]]),
) as Record<RosterField, string[]>;

const ALIAS_TO_FIELD = new Map<string, RosterField>(
  (Object.entries(HEADER_ALIASES) as [RosterField, string[]][]).flatMap(([field, aliases]) =>
    aliases.map((a) => [a, field] as [string, RosterField]),
  ),
);

/** The field a header cell names, or null for columns the import ignores. */
export function fieldOfHeader(header: string): RosterField | null {
  const key = header
    .replace(/^\uFEFF/, '')
    .replace(/[\s_\-()（）*]/g, '')
    .toLowerCase();
  return ALIAS_TO_FIELD.get(key) ?? null;
}

export type RawRow = Record<string, unknown>;

export interface RosterRow {
  /** 1-based data-row number (see the header comment). */
  row: number;
  name: string;
  mobile: string;
  /** Normalised department paths (segments trimmed, joined by '/'); empty = keep / none. */
  departments: string[];
  position: string | null;
  employeeNo: string | null;
  departed: boolean;
}

export interface Rejection {
  row: number;
  /** Short Chinese reason shown to the admin (缺少姓名, 手机号格式不正确, 文件内重复…). */
  reason: string;
  /** Extra words for the admin, e.g. which earlier row it duplicates. */
  detail?: string;
}

export const REASONS = {
  missingName: '缺少姓名',
  nameTooLong: '姓名过长',
  missingMobile: '缺少手机号',
  badMobile: '手机号格式不正确',
  badStatus: '状态不正确',
  badDepartment: '部门格式不正确',
  duplicateInFile: '文件内重复',
  mobileTaken: '手机号已被其他员工使用',
  departedUnknown: '未找到该员工，无法办理离职',
  tooLong: '字段过长',
  lastAdmin: '不能让最后一位管理员离职',
} as const;

const cell = (v: unknown): string => {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(v);
  if (typeof v === 'object' && v && 'text' in v) return String((v as { text: unknown }).text ?? '').trim();
  return String(v).trim();
};

/** Mobiles arrive as "138 0013 8000", "+86-13800138000" or numbers from a spreadsheet. */
export function normalizeMobile(raw: string): string {
  return raw.replace(/[\s\-()（）]/g, '').replace(/^(\+?86)(?=1\d{10}$)/, '');
}

/** The 状态 the export and the template write; the import reads these and the synonyms below. */
export const STATUS_WORDS = { active: '在职', departed: '离职' } as const;
const DEPARTED = new Set([STATUS_WORDS.departed, '已离职', 'departed', 'left', 'inactive']);
const ACTIVE = new Set(['', STATUS_WORDS.active, 'active', '正常', '在岗']);

/** `门店/中心店; 总经办；人事部` → ['门店/中心店', '总经办', '人事部']. Null when a path is malformed. */
export function splitDepartmentPaths(raw: string): string[] | null {
  const out: string[] = [];
  for (const part of raw.split(/[;；]/)) {
    if (!part.trim()) continue;
    const segments = part
      .split(/[/／]/)
      .map((s) => s.trim())
      .filter((s, i, all) => s || (i !== 0 && i !== all.length - 1));
    if (!segments.length || segments.some((s) => !s || s.length > 32)) return null;
    const path = segments.join('/');
    if (!out.includes(path)) out.push(path);
  }
  return out;
}

/** Maps a raw row (any header language) to its fields, keeping the first column of each field. */
export function fieldsOf(raw: RawRow): Partial<Record<RosterField, string>> {
  const out: Partial<Record<RosterField, string>> = {};
  for (const [header, value] of Object.entries(raw)) {
    const field = fieldOfHeader(header);
    if (field && out[field] === undefined) out[field] = cell(value);
  }
  return out;
}

/** Validates one row on its own (duplicates and conflicts are decided across rows later). */
export function parseRosterRow(row: number, raw: RawRow): RosterRow | Rejection {
  const f = fieldsOf(raw);
  const name = (f.name ?? '').replace(/\s+/g, ' ');
  if (!name) return { row, reason: REASONS.missingName };
  if (name.length > 32) return { row, reason: REASONS.nameTooLong };
  const mobileRaw = f.mobile ?? '';
  if (!mobileRaw) return { row, reason: REASONS.missingMobile };
  const mobile = normalizeMobile(mobileRaw);
  if (!/^1\d{10}$/.test(mobile)) return { row, reason: REASONS.badMobile, detail: mobileRaw };
  const status = (f.status ?? '').toLowerCase();
  if (!DEPARTED.has(status) && !ACTIVE.has(status))
    return { row, reason: REASONS.badStatus, detail: f.status };
  const departments = splitDepartmentPaths(f.department ?? '');
  if (!departments) return { row, reason: REASONS.badDepartment, detail: f.department };
  const position = f.position ? f.position : null;
  const employeeNo = f.employeeNo ? f.employeeNo : null;
  if ((position?.length ?? 0) > 32 || (employeeNo?.length ?? 0) > 32) return { row, reason: REASONS.tooLong };
  return { row, name, mobile, departments, position, employeeNo, departed: DEPARTED.has(status) };
}

export const isRejection = (r: RosterRow | Rejection): r is Rejection => 'reason' in r;

/**
 * Rows that repeat an earlier row's 工号 or mobile are rejected: which of two differing rows is
 * right cannot be guessed, and the first one wins so the report points at the later one.
 */
export function rejectDuplicates(rows: RosterRow[]): { kept: RosterRow[]; rejected: Rejection[] } {
  const byNo = new Map<string, number>();
  const byMobile = new Map<string, number>();
  const kept: RosterRow[] = [];
  const rejected: Rejection[] = [];
  for (const r of rows) {
    const sameNo = r.employeeNo ? byNo.get(r.employeeNo) : undefined;
    const sameMobile = byMobile.get(r.mobile);
    if (sameNo !== undefined || sameMobile !== undefined) {
      rejected.push({
        row: r.row,
        reason: REASONS.duplicateInFile,
        detail:
          sameNo !== undefined ? `与第${sameNo}行的工号相同` : `与第${sameMobile as number}行的手机号相同`,
      });
      continue;
    }
    if (r.employeeNo) byNo.set(r.employeeNo, r.row);
    byMobile.set(r.mobile, r.row);
    kept.push(r);
  }
  return { kept, rejected };
}
