import { z } from 'zod';
import { action } from '../../core/handler';
import { idSchema } from '../../core/domain/validation';
import { doSetGroupStatus } from '../../core/services/backoffice';

export const enableGroup = action({
  access: 'admin',
  schema: z.object({ conversationId: idSchema }),
  async run({ caller }, { conversationId }) {
    await doSetGroupStatus(caller, conversationId, 'active');
  },
});
