import { z } from 'zod';
import { idListSchema, idSchema } from '../../core/domain/validation';
import { action } from '../../core/handler';
import { removeFromGroup } from '../../core/services/groupMembers';

export const removeMembers = action({
  access: 'employee',
  schema: z.object({ conversationId: idSchema, employeeIds: idListSchema(1000).min(1) }),
  run: ({ caller }, { conversationId, employeeIds }) => removeFromGroup(caller, conversationId, employeeIds),
});
