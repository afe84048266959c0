import { z } from 'zod';
import type { MeResult } from '../../../typings/api';
import { action } from '../../core/handler';
import { companyName } from '../../core/platform/env';
import { departmentIndex, toCard } from '../../core/services/cards';
import { subscribeTemplateIds } from '../../core/services/subscriptions';
import { loadAllDepartments } from '../../core/store/departments';
import { findEmployeeByFormerOpenid, findEmployeeByOpenid } from '../../core/store/employees';
import { loadSettingsDoc } from '../../core/store/settings';

/** Works for unbound callers: the mini program asks this first to choose bind page or tabs. */
export const me = action({
  access: 'openid',
  schema: z.object({}),
  async run({ openid }): Promise<MeResult> {
    const employee = await findEmployeeByOpenid(openid);
    if (!employee || employee.status !== 'active') {
      // A company nobody has set up yet: the bind page offers the first-admin form instead.
      const [settings, former] = await Promise.all([loadSettingsDoc(), findEmployeeByFormerOpenid(openid)]);
      const canBootstrap = !settings?.bootstrappedAt;
      // The bind page tells someone who has left that they have, instead of inviting them to bind.
      const departed = former?.status === 'departed' || employee?.status === 'departed';
      return {
        bound: false,
        isAdmin: false,
        companyName: companyName(),
        canBootstrap,
        ...(departed ? { departed: true } : {}),
      };
    }
    const departments = departmentIndex(await loadAllDepartments());
    return {
      bound: true,
      employee: toCard(employee, { departments, showMobile: true }),
      isAdmin: employee.isAdmin,
      companyName: companyName(),
      subscribeTemplateIds: subscribeTemplateIds(),
    };
  },
});
