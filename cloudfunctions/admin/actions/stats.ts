import { z } from 'zod';
import { action } from '../../core/handler';
import { adminStats } from '../../core/services/backoffice';

/** Counts for the admin home: active employees, active groups, messages sent today (China time). */
export const stats = action({
  access: 'admin',
  schema: z.object({}),
  run() {
    return adminStats();
  },
});
