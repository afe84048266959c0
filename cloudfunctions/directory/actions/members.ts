import { z } from 'zod';
import { action } from '../../core/handler';
import { idSchema, pageSchema } from '../../core/domain/validation';
import { listMembers } from '../../core/services/directory';

/**
 * Active employees in address-book (pinyin) order. `departmentId` lists that department's own
 * members, not its sub-departments' (the page shows those as rows to drill into); `keyword`
 * matches name, pinyin initials, full pinyin and — when the viewer may see mobiles — mobile.
 */
export const members = action({
  access: 'employee',
  schema: z.object({
    departmentId: idSchema.optional(),
    keyword: z.string().max(50).optional(),
    ...pageSchema,
  }),
  run({ caller }, params) {
    return listMembers(caller, params);
  },
});
