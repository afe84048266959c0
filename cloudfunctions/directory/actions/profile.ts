import { z } from 'zod';
import { action } from '../../core/handler';
import { idSchema } from '../../core/domain/validation';
import { profileOf } from '../../core/services/directory';

export const profile = action({
  access: 'employee',
  schema: z.object({ employeeId: idSchema }),
  run({ caller }, { employeeId }) {
    return profileOf(caller, employeeId);
  },
});
