import { z } from 'zod';
import { action } from '../../core/handler';
import { idSchema, requestIdSchema } from '../../core/domain/validation';
import { doUpdateDepartment } from '../../core/services/departmentAdmin';
import { departmentNameSchema } from './createDepartment';

/**
 * Rename (`name`), move (`parentId`; null = top level) and reorder (`index`: its place among its
 * siblings after the change, 0 = first) in one call; fields left out stay as they are.
 */
export const updateDepartment = action({
  access: 'admin',
  schema: z.object({
    departmentId: idSchema,
    name: departmentNameSchema.optional(),
    parentId: idSchema.nullable().optional(),
    index: z.number().int().min(0).max(10_000).optional(),
    requestId: requestIdSchema,
  }),
  run: ({ caller }, { departmentId, requestId, ...change }) =>
    doUpdateDepartment({ id: caller._id, name: caller.name }, departmentId, change, requestId),
});
