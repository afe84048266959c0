import { z } from 'zod';
import { action } from '../../core/handler';
import { pageSchema } from '../../core/domain/validation';
import { listAdminGroups } from '../../core/services/backoffice';

export const statusSchema = z.enum(['active', 'disabled', 'dissolved']);

export const groups = action({
  access: 'admin',
  schema: z.object({ keyword: z.string().trim().max(50).optional(), status: statusSchema.optional(), ...pageSchema }),
  run(_ctx, params) {
    return listAdminGroups(params);
  },
});
