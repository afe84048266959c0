import { z } from 'zod';
import { action } from '../../core/handler';
import { CHINA_OFFSET_MS } from '../../core/domain/backoffice';
import { idSchema } from '../../core/domain/validation';
import { doExportHistory } from '../../core/services/export';

const DAY = 86_400_000;

/**
 * A bound of the range: milliseconds (the contract's time unit), or a date string. A bare date
 * ("2026-11-20") is a China calendar day: `from` starts it, `to` ends it (inclusive).
 */
const bound = (edge: 'from' | 'to') =>
  z.union([z.number().int().nonnegative(), z.string().trim().min(1).max(40)]).transform((v, ctx) => {
    if (typeof v === 'number') return v;
    const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
    const ms = day
      ? Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3])) -
        CHINA_OFFSET_MS +
        (edge === 'to' ? DAY - 1 : 0)
      : Date.parse(v);
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
