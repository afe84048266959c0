import { z } from 'zod';
import { action } from '../../core/handler';
import { idSchema, visibleTextSchema } from '../../core/domain/validation';
import { doDeleteMessage } from '../../core/services/backoffice';

export const deleteMessage = action({
  access: 'admin',
  schema: z.object({ messageId: idSchema, reason: visibleTextSchema(200, { allowEmpty: true }).optional() }),
  async run({ caller }, { messageId, reason }) {
    await doDeleteMessage(caller, messageId, reason || undefined);
  },
});
