import { z } from 'zod';
import { idSchema } from '../../core/domain/validation';
import { action } from '../../core/handler';
import { doTransferOwner } from '../../core/services/groupAdmin';

export const transferOwner = action({
  access: 'employee',
  schema: z.object({ conversationId: idSchema, employeeId: idSchema }),
  run: ({ caller }, { conversationId, employeeId }) => doTransferOwner(caller, conversationId, employeeId),
});
