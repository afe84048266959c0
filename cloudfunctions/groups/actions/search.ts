import { z } from 'zod';
import { action } from '../../core/handler';
import { searchMyGroups } from '../../core/services/groupSearch';

/** My active groups whose name contains the keyword, most recent first (the search page). */
export const search = action({
  access: 'employee',
  schema: z.object({
    keyword: z.string().trim().min(1).max(30),
    limit: z.number().int().min(1).max(50).default(20),
  }),
  run({ caller }, { keyword, limit }) {
    return searchMyGroups(caller, keyword, limit);
  },
});
