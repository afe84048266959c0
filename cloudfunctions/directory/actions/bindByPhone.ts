import { z } from 'zod';
import { action } from '../../core/handler';
import { bindWithPhone } from '../../core/services/me';

/** `phoneCode` is the code of `<button open-type="getPhoneNumber">`, exchanged server-side. */
export const bindByPhone = action({
  access: 'openid',
  schema: z.object({ phoneCode: z.string().trim().min(1).max(128) }),
  run: ({ openid }, { phoneCode }) => bindWithPhone(openid, phoneCode),
});
