import { z } from 'zod';
import { action } from '../../core/handler';
import { idSchema } from '../../core/domain/validation';
import { doCreateDepartmentGroups } from '../../core/services/departmentGroups';

/** One group per department directly under `departmentId`; call again while `remaining` > 0. */
export const createDepartmentGroups = action({
  access: 'admin',
  schema: z.object({ departmentId: idSchema }),
  run: ({ caller }, { departmentId }) => doCreateDepartmentGroups(caller, departmentId),
});
