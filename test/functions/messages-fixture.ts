// A small company and conversations written straight into the local cloud's database, in the
// document shapes of core/store/documents.ts, so the messages tests do not depend on the groups
// function. Every assertion then goes through the real functions.
import type { LocalCloud } from '../../localcloud/cloud';
import { buildEmployee } from '../../cloudfunctions/core/domain/employee';
import type { ConversationDoc, MemberDoc } from '../../cloudfunctions/core/store/documents';
import { memberId } from '../../cloudfunctions/core/store/documents';
import { seedDocs, type Person } from './helpers';

export const NAMES = ['张伟', '李娜', '王强', '赵敏', '刘洋', '陈静', '杨帆', '黄磊', '周杰', '吴芳'];

export type { Person } from './helpers';

/** n bound, active employees e1..en with openids o_e1..o_en. */
export async function seedPeople(cloud: LocalCloud, n: number, now = Date.now()): Promise<Person[]> {
  const people = Array.from({ length: n }, (_, i) => ({
    id: `e${i + 1}`,
    openid: `o_e${i + 1}`,
    name: i < NAMES.length ? NAMES[i] : `员工${i + 1}`,
  }));
  const employees = people.map((p, i) =>
    buildEmployee(
      {
        id: p.id,
        name: p.name,
        mobile: `139${String(i).padStart(8, '0')}`,
        position: i === 0 ? '店长' : '导购',
        openid: p.openid,
      },
      now,
    ),
  );
  await seedDocs(cloud, 'employees', employees);
  await seedDocs(
    cloud,
    'bindings',
    people.map((p) => ({ _id: p.openid, employeeId: p.id, boundAt: now, via: 'invite' })),
  );
  return people;
}

export interface ConversationSpec {
  id: string;
  type?: 'group' | 'direct';
  name?: string;
  /** The first is the owner of a group. */
  memberIds: string[];
  adminIds?: string[];
  muteAll?: boolean;
  status?: ConversationDoc['status'];
  lastSeq?: number;
  /** Per member: joinedAtSeq (defaults to 0). */
  joinedAtSeq?: Record<string, number>;
}

export async function seedConversation(
  cloud: LocalCloud,
  spec: ConversationSpec,
  now = Date.now(),
): Promise<ConversationDoc> {
  const type = spec.type ?? 'group';
  const owner = type === 'group' ? spec.memberIds[0] : null;
  const admins = spec.adminIds ?? [];
  const conversation: ConversationDoc = {
    _id: spec.id,
    type,
    name: type === 'group' ? (spec.name ?? '测试群') : '',
    ownerId: owner,
    adminIds: admins,
    announcement: '',
    muteAll: spec.muteAll ?? false,
    allowMemberInvite: false,
    memberCount: spec.memberIds.length,
    departmentIds: [],
    status: spec.status ?? 'active',
    lastSeq: spec.lastSeq ?? 0,
    lastMessage: null,
    mentionAllSeq: 0,
    mentionSeqs: {},
    joinCounter: spec.memberIds.length + 1,
    directKey: type === 'direct' ? [...spec.memberIds].sort().join('|') : null,
    creatorId: spec.memberIds[0],
    createdAt: now,
    updatedAt: now,
  };
  const members: MemberDoc[] = spec.memberIds.map((employeeId, i) => {
    const joinedAtSeq = spec.joinedAtSeq?.[employeeId] ?? 0;
    return {
      _id: memberId(spec.id, employeeId),
      conversationId: spec.id,
      employeeId,
      role: employeeId === owner ? 'owner' : admins.includes(employeeId) ? 'admin' : 'member',
      joinSeq: i + 1,
      joinedAt: now,
      joinedAtSeq,
      lastReadSeq: joinedAtSeq,
    };
  });
  await seedDocs(cloud, 'conversations', [conversation]);
  await seedDocs(cloud, 'members', members);
  return conversation;
}
