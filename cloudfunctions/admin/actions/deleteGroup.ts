import { z } from 'zod';
import { action } from '../../core/handler';
import { idSchema } from '../../core/domain/validation';
import { doDeleteGroup } from '../../core/services/backoffice';

export const deleteGroup = action({
  access: 'admin',
  schema: z.object({ conversationId: idSchema }),
  run({ caller }, { conversationId }) {
    return doDeleteGroup(caller, conversationId);
  },
});
