// Employee cards as the contract shows them. Mobile numbers follow the visibility setting.
import type { DepartmentRef, EmployeeCard } from '../../../typings/api';
import type { DepartmentDoc, EmployeeDoc } from '../store/documents';

/** What a card shows of a department (a stored one, or one of the kept tree's). */
export type CardDepartment = Pick<DepartmentDoc, '_id' | 'name' | 'path'>;

export interface CardOptions {
  departments: ReadonlyMap<string, CardDepartment>;
  showMobile: boolean;
}

export const departmentIndex = <D extends CardDepartment>(list: readonly D[]): Map<string, D> =>
  new Map(list.map((d) => [d._id, d]));

/** The departments among `ids` that exist, as the contract names them. */
export const departmentRefs = (
  ids: readonly string[],
  departments: ReadonlyMap<string, CardDepartment>,
): DepartmentRef[] =>
  ids
    .map((id) => departments.get(id))
    .filter((d): d is CardDepartment => !!d)
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
