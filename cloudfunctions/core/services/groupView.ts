// groups.detail and groups.members: what a member sees of their group.
import type { ConversationDetail, GroupMember } from '../../../typings/api';
import { capabilitiesOf } from '../domain/capabilities';
import { prefsOf } from '../domain/chatPrefs';
import { roleOf } from '../domain/ownership';
import { unreadStart } from '../domain/unread';
import type { EmployeeDoc } from '../store/documents';
import { getEmployee } from '../store/employees';
import { requireMember } from './access';
import { BLOCK_LABELS } from '../domain/orgSync';
import { departmentsWithAncestors } from '../store/departmentTree';
import { departmentIndex, departmentRefs, toCard } from './cards';
import { memberListPage } from './memberList';

import { toConversation, loadCompany } from './groupGates';

export async function groupDetail(caller: EmployeeDoc, conversationId: string): Promise<ConversationDetail> {
  const { conversation: c, member } = await requireMember(conversationId, caller._id);
  const detail: ConversationDetail = {
    ...toConversation(c),
    ...capabilitiesOf(roleOf(caller._id, c), c),
    myRole: roleOf(caller._id, c),
    allowMemberInvite: c.allowMemberInvite,
    // My own settings of this chat (置顶, 消息免打扰), for its 聊天信息 page.
    prefs: prefsOf(member, c.lastSeq),
    unread: unreadStart(c, member, caller._id),
    joinedAtSeq: member.joinedAtSeq,
  };
  if (c.type === 'group') {
    detail.autoSync = !!c.autoSync;
    // The group's departments with their paths, from the tree this instance keeps.
    if (c.departmentIds.length)
      detail.departments = departmentRefs(
        c.departmentIds,
        departmentIndex(await departmentsWithAncestors(c.departmentIds)),
      );
    // Who the automatic sync left out is for the people who can act on it.
    if (detail.canSetAutoSync && c.autoSync && c.syncBlocked)
      detail.syncBlocked = {
        ...c.syncBlocked,
        items: c.syncBlocked.items.map((i) => ({ ...i, label: BLOCK_LABELS[i.reason] })),
      };
  }
  if (c.type === 'direct') {
    const peerId = (c.directKey ?? '').split('|').find((e) => e !== caller._id) ?? '';
    const [peer, company] = await Promise.all([getEmployee(peerId), loadCompany()]);
    if (peer) {
      detail.name = peer.name;
      detail.peer = toCard(peer, {
        departments: departmentIndex(company.departments),
        showMobile: company.settings.mobileVisible || caller.isAdmin,
      });
    }
  }
  return detail;
}

export async function membersOf(
  caller: EmployeeDoc,
  conversationId: string,
  cursor: string | undefined,
  limit: number,
  keyword?: string,
): Promise<{ items: GroupMember[]; nextCursor: string | null }> {
  const { conversation: c } = await requireMember(conversationId, caller._id);
  return memberListPage(c, cursor, limit, keyword);
}
