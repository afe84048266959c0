import { z } from 'zod';
import { action } from '../../core/handler';
import { listJobs } from '../../core/services/jobs';

/** Running and failed long work (offboardings, imports, deletions, exports), then the day's finished ones. */
export const jobs = action({
  access: 'admin',
  schema: z.object({}),
  async run() {
    return { items: await listJobs() };
  },
});
