import type { TimelinePage } from '../../../typings/api';
import { z } from 'zod';
import { action } from '../../core/handler';
import { idSchema, pageSchema, wholeNumberSchema } from '../../core/domain/validation';
import { history as loadHistory } from '../../core/services/messaging';

export const history = action({
  access: 'employee',
  schema: z.object({
    conversationId: idSchema,
    beforeSeq: wholeNumberSchema.positive().optional(),
    limit: pageSchema.limit,
  }),
  run({ caller }, p): Promise<TimelinePage> {
    return loadHistory(caller, p.conversationId, p.beforeSeq, p.limit);
  },
});
