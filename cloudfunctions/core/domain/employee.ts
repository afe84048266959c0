// A new roster entry, with the search keys derived from the name.
import type { EmployeeRecord } from './model';
import { nameKeysOf } from './nameKeys';
import { nameSearchKeys } from './pinyin';

export interface NewEmployee {
  id: string;
  name: string;
  mobile: string;
  position?: string;
  employeeNo?: string | null;
  departmentIds?: string[];
  isAdmin?: boolean;
  openid?: string | null;
  inviteCode?: string | null;
  inviteExpiresAt?: number | null;
}

export function buildEmployee(input: NewEmployee, now: number): EmployeeRecord {
  const keys = nameSearchKeys(input.name);
  return {
    _id: input.id,
    name: input.name,
    mobile: input.mobile,
    employeeNo: input.employeeNo ?? null,
    departmentIds: input.departmentIds ?? [],
    position: input.position ?? '',
    avatar: null,
    status: 'active',
    isAdmin: input.isAdmin ?? false,
    openid: input.openid ?? null,
    inviteCode: input.inviteCode ?? null,
    inviteExpiresAt: input.inviteExpiresAt ?? null,
    nameInitials: keys.initials,
    namePinyin: keys.pinyin,
    nameKeys: nameKeysOf(input.name, input.mobile),
    createdAt: now,
    updatedAt: now,
    departedAt: null,
    rosterStatus: input.openid ? 'active' : 'unbound',
  };
}
