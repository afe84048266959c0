import { z } from 'zod';
import { action } from '../../core/handler';
import { doBindByInvite } from '../../core/services/binding';
import { departmentIndex, toCard } from '../../core/services/cards';
import { loadAllDepartments } from '../../core/store/departments';

/** Open to unbound callers ('openid' access): binding is how they become employees. */
export const bind = action({
  access: 'openid',
  schema: z.object({ inviteCode: z.string().trim().min(1).max(32) }),
  async run({ openid }, { inviteCode }) {
    const employee = await doBindByInvite(openid, inviteCode);
    return {
      employee: toCard(employee, {
        departments: departmentIndex(await loadAllDepartments()),
        showMobile: true,
      }),
    };
  },
});
