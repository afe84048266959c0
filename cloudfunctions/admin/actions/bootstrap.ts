import { z } from 'zod';
import { action } from '../../core/handler';
import { mobileSchema, nameSchema } from '../../core/domain/validation';
import { doBootstrap } from '../../core/services/bootstrap';
import { departmentIndex, toCard } from '../../core/services/cards';

export const bootstrap = action({
  access: 'openid',
  schema: z.object({ name: nameSchema, mobile: mobileSchema, setupToken: z.string().min(1).max(200) }),
  async run({ openid }, params) {
    const employee = await doBootstrap({ openid, ...params });
    return { employee: toCard(employee, { departments: departmentIndex([]), showMobile: true }) };
  },
});
