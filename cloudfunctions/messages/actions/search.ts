import { z } from 'zod';
import type { Page, SearchHit } from '../../../typings/api';
import { action } from '../../core/handler';
import { idSchema, pageSchema } from '../../core/domain/validation';
import { offsetOf } from '../../core/services/messaging';
import { searchMyMessages } from '../../core/services/search';

export const search = action({
  access: 'employee',
  schema: z.object({
    keyword: z.string().trim().min(1).max(50),
    conversationId: idSchema.optional(),
    ...pageSchema,
  }),
  run({ caller }, p): Promise<Page<SearchHit>> {
    return searchMyMessages(caller, p.keyword, p.conversationId, offsetOf(p.cursor), p.limit);
  },
});
