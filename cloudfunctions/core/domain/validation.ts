// Payload validation at the edge. zod checks shapes; on top of it, keys that could smuggle
// database operators or pollute prototypes are refused anywhere in the payload.
import { z } from 'zod';
import { isBlank } from './text';
import { errors, type AppError, type FieldIssue } from './errors';

export type { FieldIssue };

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * A UTF-16 surrogate without its pair: no character at all. Stored as UTF-8 (SQLite here, BSON in
 * CloudBase) it silently becomes U+FFFD, so what was sent is not what is kept, and a name or a
 * keyword that carries one can only be garbage.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/**
 * Control characters other than tab and line breaks (NUL, BEL, ESC…, DEL, C1): no field of the
 * contract has a use for them, and a name of "\u0000" passed every blank check as something.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/** Why a string of a payload is not text, or null. */
export function textProblem(s: string): string | null {
  if (LONE_SURROGATE.test(s)) return '包含无效字符';
  if (CONTROL.test(s)) return '包含控制字符';
  return null;
}

/**
 * Paths of what is never legitimate anywhere in a payload: `__proto__`-like or `$operator` keys,
 * and keys or strings that are not text (textProblem).
 */
export function unsafeParts(value: unknown, path: string[] = [], out: FieldIssue[] = []): FieldIssue[] {
  if (typeof value === 'string') {
    const problem = textProblem(value);
    if (problem) out.push({ path: path.join('.'), message: problem });
    return out;
  }
  if (value === null || typeof value !== 'object') return out;
  if (Array.isArray(value)) {
    value.forEach((v, i) => unsafeParts(v, [...path, String(i)], out));
    return out;
  }
  for (const key of Object.keys(value)) {
    const here = [...path, key];
    if (FORBIDDEN_KEYS.has(key)) out.push({ path: here.join('.'), message: '不允许的字段名' });
    else if (key.startsWith('$')) out.push({ path: here.join('.'), message: '不允许的操作符' });
    else if (textProblem(key)) out.push({ path: here.join('.'), message: `字段名${textProblem(key)}` });
    else unsafeParts((value as Record<string, unknown>)[key], here, out);
  }
  return out;
}

export const invalid = (fields: FieldIssue[]): AppError => errors.invalidFields({ fields });

export function parseParams<S extends z.ZodTypeAny>(schema: S, raw: unknown): z.infer<S> {
  const bad = unsafeParts(raw);
  if (bad.length) throw invalid(bad);
  const result = schema.safeParse(raw);
  if (!result.success) {
    throw invalid(result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
  }
  return result.data;
}

// ---- shared schema pieces ----

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/**
 * A sequence number or a time in milliseconds: a whole number JSON carries exactly. 1e21 passes
 * `int()` but names no message and no moment, so it is refused rather than compared.
 */
export const wholeNumberSchema = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

export const idSchema = z.string().trim().min(1).max(64);
export const idListSchema = (max: number) => z.array(idSchema).max(max);
/** A client's id for one request: sending the same id again means "retry", never "do it twice". */
export const requestIdSchema = z.string().trim().min(1).max(64).optional();

/**
 * Params of an action that takes people picked in the member picker (create, addMembers): whole
 * departments and/or single colleagues, at least one of them, plus the client's request id that
 * lets a retry finish the same work. `extra` holds the action's own fields.
 */
export function pickedPeopleSchema<S extends z.ZodRawShape>(extra: S) {
  const picked = {
    departmentIds: idListSchema(500).optional(),
    employeeIds: idListSchema(1000).optional(),
    requestId: requestIdSchema,
  };
  return z.object({ ...extra, ...picked }).refine(
    (p) => {
      const { departmentIds, employeeIds } = p as { departmentIds?: string[]; employeeIds?: string[] };
      return (departmentIds?.length ?? 0) + (employeeIds?.length ?? 0) > 0;
    },
    { message: '请选择部门或同事', path: ['employeeIds'] },
  );
}

/** `limit` defaults to 20; anything larger than 100 is clamped, not refused (api.md). */
export const pageSchema = {
  cursor: z.string().max(200).optional(),
  limit: z
    .number()
    .int()
    .positive()
    .optional()
    .transform((n) => Math.min(n ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)),
};

export const mobileSchema = z
  .string()
  .trim()
  .regex(/^1\d{10}$/, '手机号格式不正确');
/**
 * User-written text that must show something: refused when only blanks or invisible characters
 * (zero-width spaces, bidi marks…) remain. `allowEmpty` keeps '' meaning "none/clear".
 */
export const visibleTextSchema = (max: number, o: { allowEmpty?: boolean; trim?: boolean } = {}) =>
  (o.trim === false ? z.string() : z.string().trim())
    .max(max)
    .refine((s) => (o.allowEmpty && s === '') || !isBlank(s), { message: '不能为空或只包含不可见字符' });

/** Explicit bidi embeddings, overrides and isolates (LRE…RLO, LRI…PDI). */
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/;

/**
 * A file's name as shown in the chat: no bidi controls, which would let "报销单\u202Excod.exe"
 * show as 报销单exe.docx (the stored file keeps its real extension; the bubble would lie about it).
 */
export const fileNameSchema = (max: number) =>
  visibleTextSchema(max).refine((s) => !BIDI_CONTROL.test(s), { message: '文件名不能包含方向控制字符' });

/** A person's name (first admin, roster edits). */
export const MAX_PERSON_NAME = 32;
export const nameSchema = visibleTextSchema(MAX_PERSON_NAME);
