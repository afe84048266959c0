import { z } from 'zod';
import { idSchema } from '../../core/domain/validation';
import { action } from '../../core/handler';
import { doDissolve } from '../../core/services/groupAdmin';

export const dissolve = action({
  access: 'employee',
  schema: z.object({ conversationId: idSchema }),
  run: ({ caller }, { conversationId }) => doDissolve(caller, conversationId),
});
