import { z } from 'zod';
import { action } from '../../core/handler';
import { idSchema, wholeNumberSchema } from '../../core/domain/validation';
import { doMarkRead } from '../../core/services/messaging';

export const markRead = action({
  access: 'employee',
  schema: z.object({ conversationId: idSchema, seq: wholeNumberSchema }),
  async run({ caller }, p): Promise<null> {
    await doMarkRead(caller, p.conversationId, p.seq);
    return null;
  },
});
