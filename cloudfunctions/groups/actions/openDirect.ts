import { z } from 'zod';
import { idSchema } from '../../core/domain/validation';
import { action } from '../../core/handler';
import { doOpenDirect } from '../../core/services/directChats';

export const openDirect = action({
  access: 'employee',
  schema: z.object({ employeeId: idSchema }),
  run: async ({ caller }, { employeeId }) => ({ conversation: await doOpenDirect(caller, employeeId) }),
});
