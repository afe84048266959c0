import { z } from 'zod';
import { action } from '../../core/handler';
import { pageSchema } from '../../core/domain/validation';
import { rosterPage } from '../../core/services/rosterPeople';

/**
 * The whole roster, departed staff included, in address-book order: `status` narrows it to 在职
 * (active), 未绑定 (unbound), 离职 (departed) or 离职处理中 (offboarding); `keyword` matches name,
 * pinyin initials, full pinyin and mobile.
 */
export const roster = action({
  access: 'admin',
  schema: z.object({
    keyword: z.string().max(50).optional(),
    status: z.enum(['active', 'unbound', 'departed', 'offboarding', '']).optional(),
    ...pageSchema,
  }),
  run(_ctx, params) {
    return rosterPage(params);
  },
});
