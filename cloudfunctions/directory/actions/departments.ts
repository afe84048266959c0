import { z } from 'zod';
import { action } from '../../core/handler';
import { departmentTree } from '../../core/services/directory';

export const departments = action({
  access: 'employee',
  schema: z.object({}),
  async run() {
    return { items: await departmentTree() };
  },
});
