import { z } from 'zod';
import { idSchema } from '../../core/domain/validation';
import { action } from '../../core/handler';
import { leaveGroup } from '../../core/services/groupMembers';

export const leave = action({
  access: 'employee',
  schema: z.object({ conversationId: idSchema }),
  run: ({ caller }, { conversationId }) => leaveGroup(caller, conversationId),
});
