import { z } from 'zod';
import { MAX_GROUP_NAME } from '../../core/domain/groupName';
import { idListSchema, requestIdSchema, visibleTextSchema } from '../../core/domain/validation';
import { action } from '../../core/handler';
import { doCreateGroup } from '../../core/services/groupCreate';

export const create = action({
  access: 'employee',
  schema: z
    .object({
      name: visibleTextSchema(MAX_GROUP_NAME, { allowEmpty: true }).optional(),
      departmentIds: idListSchema(500).optional(),
      employeeIds: idListSchema(1000).optional(),
      requestId: requestIdSchema,
    })
    .refine((p) => (p.departmentIds?.length ?? 0) + (p.employeeIds?.length ?? 0) > 0, {
      message: '请选择部门或同事',
      path: ['employeeIds'],
    }),
  run: ({ caller, openid }, params) => doCreateGroup(caller, openid, params),
});
