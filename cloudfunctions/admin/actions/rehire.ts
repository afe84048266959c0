import { z } from 'zod';
import { action } from '../../core/handler';
import { idSchema } from '../../core/domain/validation';
import { doRehire } from '../../core/services/rosterPeople';

/** Someone whose offboarding is finished becomes active again, with a fresh invite code. Audited. */
export const rehire = action({
  access: 'admin',
  schema: z.object({ employeeId: idSchema }),
  run({ caller }, { employeeId }) {
    return doRehire(employeeId, { id: caller._id, name: caller.name });
  },
});
