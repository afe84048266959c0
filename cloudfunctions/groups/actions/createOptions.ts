import { z } from 'zod';
import { action } from '../../core/handler';
import { createOptions as load } from '../../core/services/groupCreate';

/** What the create-group page needs before submitting: the cap and whether the caller may create. */
export const createOptions = action({
  access: 'employee',
  schema: z.object({}),
  run: ({ caller }) => load(caller),
});
