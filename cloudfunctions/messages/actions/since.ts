import type { TimelinePage } from '../../../typings/api';
import { z } from 'zod';
import { action } from '../../core/handler';
import { idSchema, pageSchema, wholeNumberSchema } from '../../core/domain/validation';
import { since as loadSince } from '../../core/services/messaging';

export const since = action({
  access: 'employee',
  schema: z.object({
    conversationId: idSchema,
    afterSeq: wholeNumberSchema,
    limit: pageSchema.limit,
  }),
  run({ caller }, p): Promise<TimelinePage> {
    return loadSince(caller, p.conversationId, p.afterSeq, p.limit);
  },
});
