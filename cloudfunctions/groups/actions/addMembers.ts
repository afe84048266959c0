import { z } from 'zod';
import { idListSchema, idSchema, requestIdSchema } from '../../core/domain/validation';
import { action } from '../../core/handler';
import { addToGroup } from '../../core/services/groupMembers';

export const addMembers = action({
  access: 'employee',
  schema: z
    .object({
      conversationId: idSchema,
      departmentIds: idListSchema(500).optional(),
      employeeIds: idListSchema(1000).optional(),
      requestId: requestIdSchema,
    })
    .refine((p) => (p.departmentIds?.length ?? 0) + (p.employeeIds?.length ?? 0) > 0, {
      message: '请选择部门或同事',
      path: ['employeeIds'],
    }),
  run: ({ caller }, { conversationId, departmentIds, employeeIds, requestId }) =>
    addToGroup(caller, conversationId, { departmentIds, employeeIds, requestId }),
});
