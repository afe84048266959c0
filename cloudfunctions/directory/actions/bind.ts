import { z } from 'zod';
import { action } from '../../core/handler';
import { bindByInvite } from '../../core/services/me';

/** Open to unbound callers ('openid' access): binding is how they become employees. */
export const bind = action({
  access: 'openid',
  schema: z.object({ inviteCode: z.string().trim().min(1).max(32) }),
  run: ({ openid }, { inviteCode }) => bindByInvite(openid, inviteCode),
});
