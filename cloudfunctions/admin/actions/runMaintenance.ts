import { z } from 'zod';
import { action } from '../../core/handler';
import { runMaintenance as repair } from '../../core/services/maintenance';

/**
 * The maintenance function's repair run, started by an admin from the back office (after an
 * outage, or to see the timer's work done now). Idempotent and bounded like the timer's run;
 * runs inside the admin function, whose timeout is the maintenance function's.
 */
export const runMaintenance = action({
  access: 'admin',
  schema: z.object({}),
  run() {
    return repair();
  },
});
