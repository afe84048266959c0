// What groups.detail tells a page it may do comes from the rules that enforce it; and the list
// preview of a recall is worded for its reader.
import { capabilitiesOf } from '../../cloudfunctions/core/domain/capabilities';
import { checkCanRemove, MAX_GROUP_ADMINS } from '../../cloudfunctions/core/domain/ownership';
import { previewFor } from '../../cloudfunctions/core/domain/preview';
import type { MemberRole } from '../../typings/api';

const group = { type: 'group' as const, status: 'active' as const, muteAll: false, allowMemberInvite: false };

describe('capabilitiesOf', () => {
  it('walks the role matrix', () => {
    const of = (role: MemberRole) => capabilitiesOf(role, group);
    expect(of('owner')).toMatchObject({
      canManage: true,
      canInvite: true,
      canAdminister: true,
      canMentionAll: true,
    });
    expect(of('admin')).toMatchObject({
      canManage: true,
      canInvite: true,
      canAdminister: false,
      canMentionAll: true,
    });
    expect(of('member')).toMatchObject({
      canManage: false,
      canInvite: false,
      canAdminister: false,
      canMentionAll: false,
    });
    expect(capabilitiesOf('member', { ...group, allowMemberInvite: true }).canInvite).toBe(true);
    expect(of('owner').maxAdmins).toBe(MAX_GROUP_ADMINS);
  });

  it('lists exactly the roles checkCanRemove lets each role remove', () => {
    const roles: MemberRole[] = ['owner', 'admin', 'member'];
    for (const actor of roles) {
      const allowed = roles.filter((target) => {
        try {
          checkCanRemove(actor, target, false);
          return true;
        } catch {
          return false;
        }
      });
      expect(capabilitiesOf(actor, group).removableRoles).toEqual(allowed);
    }
  });

  it('blocks plain members under mute-all with the refusal a send gets; never in a direct chat', () => {
    const muted = { ...group, muteAll: true };
    expect(capabilitiesOf('member', muted).sendBlocked).toEqual({
      label: '全员禁言中',
      message: '全员禁言中，仅群主和管理员可发言',
    });
    expect(capabilitiesOf('admin', muted).sendBlocked).toBeNull();
    const direct = capabilitiesOf('member', { ...muted, type: 'direct' });
    expect(direct).toMatchObject({
      sendBlocked: null,
      canManage: false,
      canMentionAll: false,
      removableRoles: [],
    });
  });
});

describe('previewFor', () => {
  const recalled = { preview: '张伟撤回了一条消息', state: 'recalled' as const, senderId: 'e1' };
  it('words my own recall for me and leaves everyone else’s', () => {
    expect(previewFor(recalled, 'e1').preview).toBe('你撤回了一条消息');
    expect(previewFor(recalled, 'e2').preview).toBe('张伟撤回了一条消息');
    expect(previewFor({ ...recalled, state: undefined }, 'e1').preview).toBe('张伟撤回了一条消息');
  });
});
