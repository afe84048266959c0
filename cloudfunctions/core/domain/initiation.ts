// Initiation permission: who may create groups (admin setting). Enforced here, in the cloud
// function, whatever the page shows.
import type { Scope } from '../../../typings/api';
import { AppError } from './errors';
import { inScope, type DepartmentNode, type ScopeSubject } from './scope';

export const NOT_PERMITTED_REASON = '管理员已限制发起群聊的人员，你暂无权限';

export function canInitiate(
  initiation: Scope,
  departments: readonly DepartmentNode[],
  caller: ScopeSubject,
): boolean {
  return inScope(initiation, departments, caller);
}

export function checkCanInitiate(
  initiation: Scope,
  departments: readonly DepartmentNode[],
  caller: ScopeSubject,
): void {
  if (!canInitiate(initiation, departments, caller)) throw new AppError('FORBIDDEN', NOT_PERMITTED_REASON);
}
