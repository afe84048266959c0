import { z } from 'zod';
import { action } from '../../core/handler';
import { idSchema } from '../../core/domain/validation';
import { doSetAdmin } from '../../core/services/rosterAdmin';

export const setAdmin = action({
  access: 'admin',
  schema: z.object({ employeeId: idSchema, isAdmin: z.boolean() }),
  async run({ caller }, { employeeId, isAdmin }) {
    await doSetAdmin(employeeId, isAdmin, { id: caller._id, name: caller.name });
    return null;
  },
});
