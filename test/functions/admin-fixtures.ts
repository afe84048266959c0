// A small company for the back-office tests: an admin, a department with a few bound employees
// (written straight into the store: the roster import has its own tests), groups built through
// groups.create and messages sent through messages.send.
import { buildEmployee } from '../../cloudfunctions/core/domain/employee';
import type { LocalCloud } from '../../localcloud/cloud';
import { bootstrapAdmin, ok, type Person, indexDirectory } from './helpers';

export interface Company {
  admin: Person;
  people: Person[];
  deptId: string;
}

const NAMES = ['张伟', '李娜', '王强', '赵敏', '刘洋', '陈静'];

/** Bootstraps the admin and puts employees (bound to openids o_e0…) into department 门店/一店. */
export async function makeCompany(cloud: LocalCloud, size = 4): Promise<Company> {
  const { employee } = await bootstrapAdmin(cloud, 'o_admin');
  const now = Date.now();
  const deptId = 'dept_store1';
  cloud.db.tables.put('departments', {
    _id: 'dept_store',
    name: '门店',
    parentId: null,
    order: 1,
    path: '门店',
    createdAt: now,
  });
  cloud.db.tables.put('departments', {
    _id: deptId,
    name: '一店',
    parentId: 'dept_store',
    order: 1,
    path: '门店/一店',
    createdAt: now,
  });
  const people: Person[] = [];
  for (let i = 0; i < size; i++) {
    const id = `emp_${i}`;
    const openid = `o_e${i}`;
    const name = NAMES[i % NAMES.length] + (i >= NAMES.length ? String(i) : '');
    const doc = buildEmployee(
      { id, name, mobile: `1390000000${i}`, position: '店员', departmentIds: [deptId], openid },
      now,
    );
    cloud.db.tables.put('employees', { ...doc });
    cloud.db.tables.put('bindings', { _id: openid, employeeId: id, boundAt: now, via: 'invite' });
    people.push({ id, openid, name });
  }
  await indexDirectory(cloud);
  return { admin: { id: employee.id, openid: 'o_admin', name: '王建国' }, people, deptId };
}

/** A group owned by `owner` with `others` as members, created through groups.create. */
export async function makeGroup(
  cloud: LocalCloud,
  owner: Person,
  others: Person[],
  name = '一店群',
): Promise<string> {
  const { conversation } = await ok<{ conversation: { id: string } }>(cloud, 'groups', owner.openid, {
    action: 'create',
    name,
    employeeIds: others.map((p) => p.id),
  });
  return conversation.id;
}
