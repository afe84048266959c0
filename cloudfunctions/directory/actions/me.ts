import { z } from 'zod';
import { action } from '../../core/handler';
import { whoAmI } from '../../core/services/me';

/** Works for unbound callers: the mini program asks this first to choose bind page or tabs. */
export const me = action({
  access: 'openid',
  schema: z.object({}),
  run: ({ openid }) => whoAmI(openid),
});
