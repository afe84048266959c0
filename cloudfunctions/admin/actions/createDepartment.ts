import { z } from 'zod';
import { action } from '../../core/handler';
import { idSchema } from '../../core/domain/validation';
import { checkDepartmentName } from '../../core/domain/departmentTree';
import { doCreateDepartment } from '../../core/services/departmentAdmin';

/**
 * The name rules of domain/departmentTree.ts, judged with the payload: a blank or invisible name
 * is refused before the caller or the tree is read. checkDepartmentName throws its own
 * INVALID_ARGUMENT (请填写部门名称…), which zod lets through, so the caller reads that message.
 */
export const departmentNameSchema = z
  .string()
  .max(200)
  .superRefine((name) => void checkDepartmentName(name));

/** A new department, last among its siblings; `parentId` null or absent = a top-level department. */
export const createDepartment = action({
  access: 'admin',
  schema: z.object({ name: departmentNameSchema, parentId: idSchema.nullable().optional() }),
  run: ({ caller }, { name, parentId }) =>
    doCreateDepartment({ id: caller._id, name: caller.name }, { name, parentId: parentId ?? null }),
});
