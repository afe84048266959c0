// The records the rules speak of, defined by the domain. The store keeps them as they are
// (store/documents.ts adds the fields only storage and repair need); the domain never imports
// the store's shapes. Timestamps are milliseconds since the epoch.
import type { EmployeeStatus, RosterStatus } from '../../../typings/api';

export interface EmployeeRecord {
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
  /** When the invite code was used (kept after use so a reuse says 已被使用, not 无效). */
  inviteUsedAt?: number | null;
  /** Lower-case pinyin initials and full pinyin of the name, for search. */
  nameInitials: string;
  namePinyin: string;
  /**
   * Search terms of the name and mobile (domain/nameKeys.ts), written with them; absent on entries
   * from before it existed until the maintenance step `nameKeys` fills it.
   */
  nameKeys?: string[];
  createdAt: number;
  updatedAt: number;
  departedAt: number | null;
  /** The OPENID bound at departure (the binding itself is removed): tells them they have left. */
  formerOpenid?: string | null;
  /**
   * Set when an offboarding starts (the employee is already departed) and cleared once they
   * have left every group: an unfinished offboarding is found by it (indexed) and finished.
   */
  offboardingAt?: number | null;
  offboardedBy?: { id: string; name: string };
  /** When admin.rehire last made them active again (a retried rehire answers with the same code). */
  rehiredAt?: number | null;
  /**
   * rosterStatusOf(this), stored so each admin-roster filter is one index-ordered page on
   * (rosterStatus, namePinyin). Written in the same write as every change of status, openid or
   * offboardingAt; missing only on entries stored before it existed, until the maintenance
   * repair fills them (services/rosterStatuses.ts).
   */
  rosterStatus?: RosterStatus;
}

export interface DepartmentRecord {
  _id: string;
  name: string;
  parentId: string | null;
  order: number;
  /**
   * Full path of names, e.g. 门店/中心店 (unique; the import matches on it). Derived on every read
   * from the parent chain (store/departments.ts loadAllDepartments); a stored value is the path
   * when the document was written and is never trusted, so a rename or move is one write.
   */
  path: string;
  createdAt: number;
}

/**
 * 'creating': written, members still being added (invisible: the gate answers NOT_FOUND, lists
 * skip it); 'deleting': an admin's purge is under way (refused like a deleted group).
 */
export type ConversationLifecycle = 'active' | 'disabled' | 'dissolved' | 'creating' | 'deleting';

export interface ConversationRecord {
  _id: string;
  type: 'group' | 'direct';
  name: string;
  /** The name was made from the first members' names (no name given): it follows them leaving. */
  autoName?: boolean;
  ownerId: string | null;
  adminIds: string[];
  announcement: string;
  muteAll: boolean;
  /** When true any member may add people (owner setting); otherwise owner/admins only. */
  allowMemberInvite: boolean;
  memberCount: number;
  /** Departments the group was built from (re-expanded by syncDepartments). */
  departmentIds: string[];
  /**
   * The group follows its departments by itself: every change of the org chart reconciles it
   * (services/orgSync.ts). People added by hand (member.viaDepartment unset) always stay.
   */
  autoSync?: boolean;
  status: ConversationLifecycle;
  lastSeq: number;
  /**
   * Messages people sent among seq 1..lastSeq (system lines excluded; recalled and removed ones
   * included: they were sent), advanced in the very write that hands out their seq
   * (services/timeline.ts headAfter), so it is exact whenever it is present. Absent on
   * conversations from before it existed until the repair counts them (services/sentCounts.ts).
   */
  sentCount?: number;
  /**
   * Search terms of the name (domain/nameKeys.ts), written with it; absent on groups from before
   * it existed until the maintenance step `nameKeys` fills it.
   */
  nameKeys?: string[];
  /** Highest seq of an @all message, and per employee the highest seq mentioning them. */
  mentionAllSeq: number;
  mentionSeqs: Record<string, number>;
  /** Next join order number handed to a new member (1 = first). */
  joinCounter: number;
  /** For direct chats: the two employee ids sorted and joined with '|'. Null for groups. */
  directKey: string | null;
  creatorId: string;
  createdAt: number;
  updatedAt: number;
}
