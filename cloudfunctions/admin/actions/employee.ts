import { z } from 'zod';
import { action } from '../../core/handler';
import { idSchema } from '../../core/domain/validation';
import { employeeDetail } from '../../core/services/rosterPeople';

/** One roster entry for the admin's employee page: status, invite code, groups, what may be done. */
export const employee = action({
  access: 'admin',
  schema: z.object({ employeeId: idSchema }),
  run(_ctx, { employeeId }) {
    return employeeDetail(employeeId);
  },
});
