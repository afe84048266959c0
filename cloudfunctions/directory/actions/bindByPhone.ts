import { z } from 'zod';
import { action } from '../../core/handler';
import { doBindByPhone } from '../../core/services/binding';
import { departmentIndex, toCard } from '../../core/services/cards';
import { loadAllDepartments } from '../../core/store/departments';

/** `phoneCode` is the code of `<button open-type="getPhoneNumber">`, exchanged server-side. */
export const bindByPhone = action({
  access: 'openid',
  schema: z.object({ phoneCode: z.string().trim().min(1).max(128) }),
  async run({ openid }, { phoneCode }) {
    const employee = await doBindByPhone(openid, phoneCode);
    return {
      employee: toCard(employee, {
        departments: departmentIndex(await loadAllDepartments()),
        showMobile: true,
      }),
    };
  },
});
