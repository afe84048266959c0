import { z } from 'zod';
import { action } from '../../core/handler';
import {
  idListSchema,
  idSchema,
  mobileSchema,
  nameSchema,
  requestIdSchema,
  visibleTextSchema,
} from '../../core/domain/validation';
import { doUpdateEmployee } from '../../core/services/employeeEdit';

/** A change of departments moves the employee between auto-synced groups in the same call. */
export const updateEmployee = action({
  access: 'admin',
  schema: z.object({
    employeeId: idSchema,
    name: nameSchema.optional(),
    mobile: mobileSchema.optional(),
    departmentIds: idListSchema(20)
      .min(1, '至少选择一个部门')
      .transform((ids) => [...new Set(ids)])
      .optional(),
    // '' clears the position.
    position: visibleTextSchema(32, { allowEmpty: true }).optional(),
    requestId: requestIdSchema,
  }),
  run: ({ caller }, { employeeId, requestId, ...edit }) =>
    doUpdateEmployee({ id: caller._id, name: caller.name }, employeeId, edit, requestId),
});
