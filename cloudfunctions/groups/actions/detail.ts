import { z } from 'zod';
import { idSchema } from '../../core/domain/validation';
import { action } from '../../core/handler';
import { groupDetail } from '../../core/services/groupView';

export const detail = action({
  access: 'employee',
  schema: z.object({ conversationId: idSchema }),
  run: ({ caller }, { conversationId }) => groupDetail(caller, conversationId),
});
