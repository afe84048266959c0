// Who is calling: the employee bound to the caller's OPENID, who must be active.
import { errors } from '../domain/errors';
import type { EmployeeDoc } from '../store/documents';
import { findEmployeeByOpenid } from '../store/employees';

export type Caller = EmployeeDoc;

export async function resolveCaller(openid: string): Promise<Caller> {
  const employee = await findEmployeeByOpenid(openid);
  if (!employee) throw errors.notBound();
  if (employee.status !== 'active') throw errors.callerDeparted();
  return employee;
}
