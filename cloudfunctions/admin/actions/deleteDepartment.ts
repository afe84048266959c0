import { z } from 'zod';
import { action } from '../../core/handler';
import { idSchema } from '../../core/domain/validation';
import { doDeleteDepartment } from '../../core/services/departmentAdmin';

/** Only an empty department (no sub-departments, no active employees); a repeat answers deleted: false. */
export const deleteDepartment = action({
  access: 'admin',
  schema: z.object({ departmentId: idSchema }),
  run: ({ caller }, { departmentId }) =>
    doDeleteDepartment({ id: caller._id, name: caller.name }, departmentId),
});
