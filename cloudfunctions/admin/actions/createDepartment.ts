import { z } from 'zod';
import { action } from '../../core/handler';
import { idSchema } from '../../core/domain/validation';
import { doCreateDepartment } from '../../core/services/departmentAdmin';

/** A new department, last among its siblings; `parentId` null or absent = a top-level department. */
export const createDepartment = action({
  access: 'admin',
  schema: z.object({ name: z.string().max(200), parentId: idSchema.nullable().optional() }),
  run: ({ caller }, { name, parentId }) =>
    doCreateDepartment({ id: caller._id, name: caller.name }, { name, parentId: parentId ?? null }),
});
