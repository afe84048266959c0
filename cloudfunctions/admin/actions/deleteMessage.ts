import { z } from 'zod';
import { action } from '../../core/handler';
import { idSchema } from '../../core/domain/validation';
import { doDeleteMessage } from '../../core/services/backoffice';

export const deleteMessage = action({
  access: 'admin',
  schema: z.object({ messageId: idSchema, reason: z.string().trim().max(200).optional() }),
  async run({ caller }, { messageId, reason }) {
    await doDeleteMessage(caller, messageId, reason || undefined);
  },
});
