import { z } from 'zod';
import { action } from '../../core/handler';
import { idSchema } from '../../core/domain/validation';
import { doRecall } from '../../core/services/messaging';

export const recall = action({
  access: 'employee',
  schema: z.object({ messageId: idSchema }),
  async run({ caller }, p) {
    return { notice: await doRecall(caller, p.messageId) };
  },
});
