// directory.me and the results of binding: who the caller is, as their own card.
import type { BindResult, MeResult } from '../../../typings/api';
import { inputLimits } from '../domain/limits';
import { companyName } from '../platform/env';
import { departmentsWithAncestors } from '../store/departmentTree';
import type { EmployeeDoc } from '../store/documents';
import { findEmployeeByFormerOpenid, findEmployeeByOpenid } from '../store/employees';
import { loadSettingsDoc } from '../store/settings';
import { doBindByInvite, doBindByPhone } from './binding';
import { departmentIndex, toCard } from './cards';
import { subscribeTemplateIds } from './subscriptions';

/** One's own card shows one's own mobile whatever the visibility setting. */
async function ownCard(employee: EmployeeDoc): Promise<BindResult> {
  // Only one's departments and those above them, from the tree this instance keeps.
  const departments = departmentIndex(await departmentsWithAncestors(employee.departmentIds));
  return { employee: toCard(employee, { departments, showMobile: true }) };
}

/** Works for unbound callers: the mini program asks this first to choose bind page or tabs. */
export async function whoAmI(openid: string): Promise<MeResult> {
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
      limits: inputLimits(),
      ...(departed ? { departed: true } : {}),
    };
  }
  return {
    bound: true,
    ...(await ownCard(employee)),
    isAdmin: employee.isAdmin,
    companyName: companyName(),
    subscribeTemplateIds: subscribeTemplateIds(),
    limits: inputLimits(),
  };
}

export const bindByInvite = async (openid: string, inviteCode: string): Promise<BindResult> =>
  ownCard(await doBindByInvite(openid, inviteCode));

export const bindWithPhone = async (openid: string, phoneCode: string): Promise<BindResult> =>
  ownCard(await doBindByPhone(openid, phoneCode));
