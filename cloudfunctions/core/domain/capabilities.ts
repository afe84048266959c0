// What the caller may do in a conversation, for the pages to show or hide controls. Every flag
// comes from the same rule the services enforce (ownership, mentions, message), so a page never
// restates a rule: it asks groups.detail and obeys the answer; the server still checks each call.
import type { Capabilities, MemberRole } from '../../../typings/api';
import type { ConversationLifecycle } from './model';
import { publicStatus } from './conversation';
import { mayMentionAll } from './mentions';
import { MUTED_LABEL, postRefusal } from './message';
import { isManagerRole, MAX_GROUP_ADMINS, mayAdd, removableRoles } from './ownership';

export interface CapabilitySource {
  type: 'group' | 'direct';
  status: ConversationLifecycle;
  muteAll: boolean;
  allowMemberInvite: boolean;
  /** Departments the group is linked to (none: it cannot follow any). */
  departmentIds?: readonly string[];
}

export function capabilitiesOf(role: MemberRole, c: CapabilitySource): Capabilities {
  const group = c.type === 'group';
  const refusal = postRefusal({ status: publicStatus(c.status), muteAll: group && c.muteAll, role });
  return {
    canManage: group && isManagerRole(role),
    canInvite: group && mayAdd(role, c.allowMemberInvite),
    canAdminister: group && role === 'owner',
    canSetAutoSync: group && isManagerRole(role) && (c.departmentIds?.length ?? 0) > 0,
    canMentionAll: mayMentionAll(role, c.type),
    removableRoles: group ? removableRoles(role) : [],
    maxAdmins: MAX_GROUP_ADMINS,
    sendBlocked: refusal ? { label: MUTED_LABEL, message: refusal.message } : null,
  };
}
