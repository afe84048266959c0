// A small company for the groups tests, written straight into the local cloud's database
// (the roster import is another function's job). Bound people get openid `o_<id>`.
import type { LocalCloud } from '../../localcloud/cloud';
import { buildEmployee } from '../../cloudfunctions/core/domain/employee';
import type { DepartmentDoc, EmployeeDoc } from '../../cloudfunctions/core/store/documents';
import { ok, seedDocs, storedDocs } from './helpers';

export interface PersonSpec {
  id: string;
  name: string;
  dept: string;
  departed?: boolean;
  unbound?: boolean;
}

export const openidOf = (id: string): string => `o_${id}`;

/** 总部(hq) > 技术部(tech), 销售部(sales) > 一组(s1); 门店(stores) holds bulk staff. */
export const DEPARTMENTS: [id: string, name: string, parentId: string | null][] = [
  ['hq', '总部', null],
  ['tech', '技术部', 'hq'],
  ['sales', '销售部', 'hq'],
  ['s1', '一组', 'sales'],
  ['stores', '门店', null],
  ['big', '大店', 'stores'],
];

export const PEOPLE: PersonSpec[] = [
  { id: 'zhang', name: '张伟', dept: 'hq' },
  { id: 'li', name: '李娜', dept: 'tech' },
  { id: 'wang', name: '王强', dept: 'tech' },
  { id: 'zhao', name: '赵敏', dept: 'sales' },
  { id: 'chen', name: '陈静', dept: 's1' },
  { id: 'liu', name: '刘洋', dept: 's1' },
  { id: 'gone', name: '离职者', dept: 's1', departed: true },
  { id: 'yang', name: '杨帆', dept: 'tech', unbound: true },
];

export async function seedCompany(cloud: LocalCloud, extra: PersonSpec[] = []): Promise<void> {
  const now = Date.now();
  const departments: DepartmentDoc[] = DEPARTMENTS.map(([id, name, parentId], i) => ({
    _id: id,
    name,
    parentId,
    order: i + 1,
    path: name,
    createdAt: now,
  }));
  const employees: EmployeeDoc[] = [...PEOPLE, ...extra].map((p, i) => ({
    ...buildEmployee(
      {
        id: p.id,
        name: p.name,
        mobile: `139${String(i).padStart(8, '0')}`,
        position: '职员',
        departmentIds: [p.dept],
        openid: p.unbound ? null : openidOf(p.id),
      },
      now,
    ),
    ...(p.departed
      ? { status: 'departed' as const, rosterStatus: 'departed' as const, openid: null, departedAt: now }
      : {}),
  }));
  await seedDocs(cloud, 'departments', departments);
  await seedDocs(cloud, 'employees', employees);
}

/** `n` bulk staff in department `dept`, ids `${prefix}0001`… */
export const bulk = (n: number, dept = 'big', prefix = 's'): PersonSpec[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `${prefix}${String(i + 1).padStart(4, '0')}`,
    name: `员工${i + 1}`,
    dept,
  }));

export interface Created {
  conversation: { id: string; memberCount: number; name: string; ownerId: string; departmentIds: string[] };
  skipped: { employeeId: string; reason: string }[];
}

export const createGroup = (cloud: LocalCloud, creator: string, params: object) =>
  ok<Created>(cloud, 'groups', openidOf(creator), { action: 'create', ...params });

/** The member documents as stored, read through the engine (not through the functions). */
export function storedMembers(
  cloud: LocalCloud,
  conversationId: string,
): { employeeId: string; role: string; joinSeq: number }[] {
  return storedDocs(cloud, 'members', { conversationId });
}

/** The conversation document as stored. */
export function storedConversation(
  cloud: LocalCloud,
  id: string,
): Record<string, unknown> & {
  memberCount: number;
  ownerId: string | null;
  status: string;
  adminIds: string[];
} {
  return cloud.db.tables.getById('conversations', id) as never;
}

export function storedMessages(
  cloud: LocalCloud,
  conversationId: string,
): { text?: string; seq: number; type: string }[] {
  return storedDocs<{ text?: string; seq: number; type: string }>(cloud, 'messages', { conversationId }).sort(
    (a, b) => a.seq - b.seq,
  );
}
