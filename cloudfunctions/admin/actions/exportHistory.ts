import { z } from 'zod';
import { action } from '../../core/handler';
import { CHINA_OFFSET_MS } from '../../core/domain/backoffice';
import { idSchema, wholeNumberSchema } from '../../core/domain/validation';
import { doExportHistory } from '../../core/services/export';

const DAY = 86_400_000;

/** 2026-11-20, optionally with a time and an explicit zone (Z or +08:00): nothing else guesses. */
const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/**
 * A date string as milliseconds, or NaN. A bare date is a China calendar day: `from` starts it,
 * `to` ends it (inclusive). Date.parse alone took "5" for a year and rolled 2026-02-31 into March.
 */
function parseBound(v: string, edge: 'from' | 'to'): number {
  const m = DATE.exec(v);
  if (!m) return NaN;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = new Date(Date.UTC(y, mo - 1, d));
  if (day.getUTCFullYear() !== y || day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d) return NaN;
  if (m[7] === undefined) return day.getTime() - CHINA_OFFSET_MS + (edge === 'to' ? DAY - 1 : 0);
  if (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6] ?? 0) > 59) return NaN;
  return Date.parse(v);
}

/** A bound of the range: milliseconds (the contract's time unit), or a date string (parseBound). */
const bound = (edge: 'from' | 'to') =>
  z.union([wholeNumberSchema, z.string().trim().min(1).max(40)]).transform((v, ctx) => {
    if (typeof v === 'number') return v;
    const ms = parseBound(v, edge);
    if (Number.isNaN(ms)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: '日期格式不正确' });
      return z.NEVER;
    }
    return ms;
  });

export const exportHistory = action({
  access: 'admin',
  schema: z.object({ conversationId: idSchema, from: bound('from').optional(), to: bound('to').optional() }),
  run({ caller }, { conversationId, from, to }) {
    return doExportHistory(caller, conversationId, { from, to });
  },
});
