import { z } from 'zod';
import { action } from '../../core/handler';
import { idListSchema } from '../../core/domain/validation';
import { createOptions as load } from '../../core/services/groupCreate';

/**
 * What the create-group page needs before submitting: the cap and whether the caller may create;
 * with departmentIds, the size of that department group (发起部门群 shows it before confirming).
 */
export const createOptions = action({
  access: 'employee',
  schema: z.object({ departmentIds: idListSchema(50).optional() }),
  run: ({ caller }, { departmentIds }) => load(caller, departmentIds),
});
