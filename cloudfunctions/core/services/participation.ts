// The usage scope (使用范围) says who takes part in chats at all, as in WeCom's 企业会话: someone
// outside it cannot start a direct chat, create a group, send, or be added (adding is filtered in
// membership.resolveCandidates). Reading what they already have stays possible.
import type { Scope } from '../../../typings/api';
import { errors } from '../domain/errors';
import { scopeMatcher, type DepartmentNode } from '../domain/scope';
import type { EmployeeDoc } from '../store/documents';
import { departmentsWithAncestors } from '../store/departmentTree';
import { loadSettings } from '../store/settings';

/**
 * Whether a scope covers the employee; departments are only loaded when the answer needs them,
 * and then only the employee's and those above them (a scope department covers everything below
 * it), from the tree this instance keeps (store/departmentTree.ts).
 */
export async function scopeCovers(
  scope: Scope,
  employee: Pick<EmployeeDoc, '_id' | 'departmentIds'>,
  departments?: readonly DepartmentNode[],
): Promise<boolean> {
  if (scope.mode === 'all' || scope.employeeIds.includes(employee._id)) return true;
  if (!scope.departmentIds.length) return false;
  return scopeMatcher(
    scope,
    departments ?? (await departmentsWithAncestors(employee.departmentIds)),
  )(employee);
}

/** FORBIDDEN for a caller outside the usage scope; one settings read when the scope is "all". */
export async function checkTakesPart(
  caller: Pick<EmployeeDoc, '_id' | 'departmentIds'>,
  company?: { settings: { usageScope: Scope }; departments: readonly DepartmentNode[] },
): Promise<void> {
  const scope = company?.settings.usageScope ?? (await loadSettings()).usageScope;
  if (!(await scopeCovers(scope, caller, company?.departments))) throw errors.callerOutOfScope();
}
