// What every group use case starts from: the company's settings and departments, the caller's
// group and role past the access gate (also inside a transaction), and the contract's view of a
// conversation document.
import type { Conversation, MemberRole, Settings } from '../../../typings/api';
import { publicStatus } from '../domain/conversation';
import { errors } from '../domain/errors';
import { roleOf } from '../domain/ownership';
import { getConversationTx, getMemberTx } from '../store/conversations';
import { currentDepartments, type TreeDepartment } from '../store/departmentTree';
import type { ConversationDoc, EmployeeDoc, MemberDoc } from '../store/documents';
import { loadSettings } from '../store/settings';
import type { Tx } from '../store/transaction';
import { checkConversationOpen, requireMember } from './access';
import type { Actor } from './membership';

export const system = (text: string) => ({ type: 'system' as const, senderId: null, senderName: '', text });
export const actorOf = (e: EmployeeDoc): Actor => ({ id: e._id, name: e.name });

export function toConversation(c: ConversationDoc): Conversation {
  return {
    id: c._id,
    type: c.type,
    name: c.name,
    ownerId: c.ownerId,
    adminIds: c.adminIds,
    announcement: c.announcement,
    muteAll: c.muteAll,
    memberCount: c.memberCount,
    departmentIds: c.departmentIds,
    status: publicStatus(c.status),
    lastSeq: c.lastSeq,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    creatorId: c.creatorId,
  };
}

export interface Company {
  settings: Settings;
  departments: TreeDepartment[];
}

/**
 * The settings and the whole department tree, the tree from what this instance keeps (one small
 * read of its stamp while it has not changed: store/departmentTree.ts).
 */
export async function loadCompany(): Promise<Company> {
  const [settings, departments] = await Promise.all([loadSettings(), currentDepartments()]);
  return { settings, departments };
}

export function requireGroup(c: ConversationDoc): void {
  if (c.type !== 'group') throw errors.notForDirect();
}

/** The caller's group (a direct chat is refused) and their role in it, past the requireMember gate. */
export async function requireGroupRole(
  conversationId: string,
  employeeId: string,
): Promise<{ conversation: ConversationDoc; role: MemberRole }> {
  const { conversation } = await requireMember(conversationId, employeeId);
  requireGroup(conversation);
  return { conversation, role: roleOf(employeeId, conversation) };
}

/** Conversation + caller's membership inside a transaction, with the open/disabled/dissolved gate. */
export async function memberTx(
  tx: Tx,
  conversationId: string,
  employeeId: string,
  alreadyRead?: ConversationDoc | null,
): Promise<{ conv: ConversationDoc; me: MemberDoc }> {
  const conv = checkConversationOpen(
    alreadyRead === undefined ? await getConversationTx(tx, conversationId) : alreadyRead,
  );
  requireGroup(conv);
  const me = await getMemberTx(tx, conversationId, employeeId);
  if (!me) throw errors.notInGroup();
  return { conv, me };
}
