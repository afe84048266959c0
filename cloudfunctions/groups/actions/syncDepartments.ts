import { z } from 'zod';
import { idSchema } from '../../core/domain/validation';
import { action } from '../../core/handler';
import { doSyncDepartments } from '../../core/services/departmentSync';

export const syncDepartments = action({
  access: 'employee',
  schema: z.object({ conversationId: idSchema }),
  run: ({ caller }, { conversationId }) => doSyncDepartments(caller, conversationId),
});
