// Who is calling: the employee bound to the caller's OPENID, who must be active.
import { AppError } from '../domain/errors';
import type { EmployeeDoc } from '../store/documents';
import { findEmployeeByOpenid } from '../store/employees';

export type Caller = EmployeeDoc;

export async function resolveCaller(openid: string): Promise<Caller> {
  const employee = await findEmployeeByOpenid(openid);
  if (!employee) throw new AppError('UNAUTHENTICATED', '请先绑定员工身份');
  if (employee.status !== 'active') throw new AppError('UNAUTHENTICATED', '你已离职，无法继续使用');
  return employee;
}
