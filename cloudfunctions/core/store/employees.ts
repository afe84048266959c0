import type { EmployeeDoc } from './documents';
import { byId, collection, first } from './query';

export function findEmployeeByOpenid(openid: string): Promise<EmployeeDoc | null> {
  return first<EmployeeDoc>(collection('employees').where({ openid }).limit(1));
}

export function getEmployee(id: string): Promise<EmployeeDoc | null> {
  return byId<EmployeeDoc>('employees', id);
}
