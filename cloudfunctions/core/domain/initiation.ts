// Initiation permission: who may create groups (admin setting). Enforced here, in the cloud
// function, whatever the page shows.
import type { Scope } from '../../../typings/api';
import { errors } from './errors';
import { inScope, type DepartmentNode, type ScopeSubject } from './scope';

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
  if (!canInitiate(initiation, departments, caller)) throw errors.initiationRestricted();
}
