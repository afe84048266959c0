// Document shapes as stored. Timestamps are milliseconds since the epoch.
import type { EmployeeStatus, Scope } from '../../../typings/api';

export interface EmployeeDoc {
  _id: string;
  name: string;
  mobile: string;
  employeeNo: string | null;
  departmentIds: string[];
  position: string;
  avatar: string | null;
  status: EmployeeStatus;
  isAdmin: boolean;
  openid: string | null;
  inviteCode: string | null;
  inviteExpiresAt: number | null;
  /** Lower-case pinyin initials and full pinyin of the name, for search. */
  nameInitials: string;
  namePinyin: string;
  createdAt: number;
  updatedAt: number;
  departedAt: number | null;
}

export interface BindingDoc {
  /** The OPENID itself: the primary key makes one openid ↔ one employee hold under races. */
  _id: string;
  employeeId: string;
  boundAt: number;
  via: 'bootstrap' | 'invite' | 'phone';
}

export interface CompanySettingsDoc {
  _id: 'company';
  initiation: Scope;
  usageScope: Scope;
  memberCap: number;
  mobileVisible: boolean;
  bootstrappedAt: number | null;
  updatedAt: number;
}

export interface AuditDoc {
  _id?: string;
  actorId: string | null;
  actorName: string;
  action: string;
  targetType: string;
  targetId: string | null;
  conversationId?: string | null;
  before?: unknown;
  after?: unknown;
  details?: unknown;
  at: number;
}

export interface DepartmentDoc {
  _id: string;
  name: string;
  parentId: string | null;
  order: number;
  /** Full path of names, e.g. 门店/中心店 (unique; the import matches on it). */
  path: string;
  createdAt: number;
}
