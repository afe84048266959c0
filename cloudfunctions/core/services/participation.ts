// The usage scope (使用范围) says who takes part in chats at all, as in WeCom's 企业会话: someone
// outside it cannot start a direct chat, create a group, send, or be added (adding is filtered in
// membership.resolveCandidates). Reading what they already have stays possible.
import type { Scope } from '../../../typings/api';
import { errors } from '../domain/errors';
import { scopeMatcher } from '../domain/scope';
import type { DepartmentDoc, EmployeeDoc } from '../store/documents';
import { loadAllDepartments } from '../store/departments';
import { loadSettings } from '../store/settings';

/** Whether a scope covers the employee; departments are only loaded when the answer needs them. */
export async function scopeCovers(
  scope: Scope,
  employee: Pick<EmployeeDoc, '_id' | 'departmentIds'>,
  departments?: readonly DepartmentDoc[],
): Promise<boolean> {
  if (scope.mode === 'all' || scope.employeeIds.includes(employee._id)) return true;
  if (!scope.departmentIds.length) return false;
  return scopeMatcher(scope, departments ?? (await loadAllDepartments()))(employee);
}

/** FORBIDDEN for a caller outside the usage scope; one settings read when the scope is "all". */
export async function checkTakesPart(
  caller: Pick<EmployeeDoc, '_id' | 'departmentIds'>,
  company?: { settings: { usageScope: Scope }; departments: readonly DepartmentDoc[] },
): Promise<void> {
  const scope = company?.settings.usageScope ?? (await loadSettings()).usageScope;
  if (!(await scopeCovers(scope, caller, company?.departments))) throw errors.callerOutOfScope();
}
