import { z } from 'zod';
import { idSchema } from '../../core/domain/validation';
import { action } from '../../core/handler';
import { doSetAdmins } from '../../core/services/groupAdmin';

/** Replaces the group's admin list; the at-most-10 rule is domain/ownership.ts checkAdminCount. */
export const setAdmins = action({
  access: 'employee',
  schema: z.object({ conversationId: idSchema, employeeIds: z.array(idSchema).max(100) }),
  run: ({ caller }, { conversationId, employeeIds }) => doSetAdmins(caller, conversationId, employeeIds),
});
