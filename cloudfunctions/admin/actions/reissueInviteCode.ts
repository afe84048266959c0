import { z } from 'zod';
import { action } from '../../core/handler';
import { idSchema } from '../../core/domain/validation';
import { doReissueInvite } from '../../core/services/rosterPeople';

/** A new invite code for an active, unbound employee; the old code stops working. Audited. */
export const reissueInviteCode = action({
  access: 'admin',
  schema: z.object({ employeeId: idSchema }),
  run({ caller }, { employeeId }) {
    return doReissueInvite(employeeId, { id: caller._id, name: caller.name });
  },
});
