import { z } from 'zod';
import { action } from '../../core/handler';
import { idSchema } from '../../core/domain/validation';
import { doOffboard } from '../../core/services/rosterOffboard';

/** Repeating it for an already departed employee finishes any group departures left undone. */
export const offboard = action({
  access: 'admin',
  schema: z.object({ employeeId: idSchema }),
  run({ caller }, { employeeId }) {
    return doOffboard(employeeId, { id: caller._id, name: caller.name });
  },
});
