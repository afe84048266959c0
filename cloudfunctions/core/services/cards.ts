// Employee cards as the contract shows them. Mobile numbers follow the visibility setting.
import type { DepartmentRef, EmployeeCard } from '../../../typings/api';
import type { DepartmentDoc, EmployeeDoc } from '../store/documents';

export interface CardOptions {
  departments: ReadonlyMap<string, DepartmentDoc>;
  showMobile: boolean;
}

export const departmentIndex = (list: DepartmentDoc[]): Map<string, DepartmentDoc> =>
  new Map(list.map((d) => [d._id, d]));

/** The departments among `ids` that exist, as the contract names them. */
export const departmentRefs = (
  ids: readonly string[],
  departments: ReadonlyMap<string, DepartmentDoc>,
): DepartmentRef[] =>
  ids
    .map((id) => departments.get(id))
    .filter((d): d is DepartmentDoc => !!d)
    .map((d) => ({ id: d._id, name: d.name, path: d.path }));

export function toCard(e: EmployeeDoc, { departments, showMobile }: CardOptions): EmployeeCard {
  const refs = departmentRefs(e.departmentIds, departments);
  return {
    id: e._id,
    name: e.name,
    position: e.position,
    departmentIds: e.departmentIds,
    departments: refs,
    ...(e.employeeNo ? { employeeNo: e.employeeNo } : {}),
    ...(e.avatar ? { avatar: e.avatar } : {}),
    ...(showMobile ? { mobile: e.mobile } : {}),
    status: e.status,
    isAdmin: e.isAdmin,
    bound: !!e.openid,
  };
}
