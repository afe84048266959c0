// An employee as the admin sees them, opened from the roster: status, departments, groups, the
// invite code (copy, reissue — the old code stops working), and what may be done next: 编辑资料,
// 办理离职, 完成离职 (an offboarding left unfinished), 复职 (with a fresh invite code).
import type { AdminEmployeeDetail } from '../../../typings/api';
import { call, errorMessage } from '../../services/cloud';
import { formatDate } from '../shared/format';
import { initialLoadState, loadGuarded } from '../shared/guard';
import { closedDialog, openDialog, type ConfirmText } from '../shared/confirm';
import { offboardConfirm, offboardShowingProgress } from '../shared/offboard';
import { ROSTER_STATUS_LABEL } from '../roster/status';
import { loadById } from '../../utils/pageLoad';

type Pending = 'reissue' | 'offboard' | 'finish' | 'rehire' | null;

const INVITE_STATE: Record<string, string> = { valid: '有效', expired: '已过期', used: '已使用' };

const DIALOGS: Record<Exclude<Pending, null>, (name: string) => ConfirmText> = {
  reissue: (name) => ({
    title: `重新生成 ${name} 的邀请码？`,
    message: '旧邀请码将立即失效，请把新邀请码发给本人。',
    confirm: '重新生成',
  }),
  offboard: offboardConfirm,
  finish: (name) => ({
    title: `完成 ${name} 的离职？`,
    message: `${name} 的离职被中断，还在部分群里。继续让其退出剩余的群聊。`,
    confirm: '完成离职',
  }),
  rehire: (name) => ({
    title: `为 ${name} 办理复职？`,
    message: `${name} 将恢复为在职员工，并获得新的邀请码（需重新绑定微信）。原来的群聊不会自动恢复。`,
    confirm: '办理复职',
  }),
};

Component({
  data: {
    ...initialLoadState,
    id: '',
    detail: null as AdminEmployeeDetail | null,
    statusLabel: '',
    departments: '',
    inviteLine: '',
    ...closedDialog,
    pending: null as Pending,
    acting: false,
  },
  methods: {
    onLoad: loadById,
    load() {
      return loadGuarded(this, async () => {
        const detail = await call('admin', 'employee', { employeeId: this.data.id });
        const { employee: e, invite } = detail;
        return {
          detail,
          statusLabel: ROSTER_STATUS_LABEL[e.rosterStatus],
          departments: e.departments.map((d) => d.path || d.name).join('、') || '—',
          inviteLine: invite
            ? `${INVITE_STATE[invite.state]}${invite.state === 'valid' ? `，${formatDate(invite.expiresAt)} 前可用` : ''}`
            : '',
        };
      });
    },
    onRetry() {
      return this.load();
    },

    copyInvite() {
      const d = this.data.detail;
      if (!d?.invite) return;
      wx.setClipboardData({ data: `${d.employee.name} 的同事邀请码：${d.invite.code}（30天内有效）` });
    },

    edit() {
      wx.navigateTo({ url: `/admin/employee-edit/index?id=${this.data.id}` });
    },

    ask(e: WechatMiniprogram.TouchEvent) {
      const kind = (e.currentTarget.dataset as { kind: Exclude<Pending, null> }).kind;
      this.setData({ pending: kind, ...openDialog(DIALOGS[kind](this.data.detail?.employee.name ?? '')) });
    },

    onDialogCancel() {
      this.setData({ dialogShow: false, pending: null });
    },

    async onDialogConfirm() {
      const pending = this.data.pending;
      this.setData({ dialogShow: false });
      if (!pending || this.data.acting) return;
      this.setData({ acting: true });
      const employeeId = this.data.id;
      try {
        if (pending === 'reissue' || pending === 'rehire') {
          const issued = await call('admin', pending === 'reissue' ? 'reissueInviteCode' : 'rehire', {
            employeeId,
          });
          wx.showToast({ title: `新邀请码：${issued.inviteCode}`, icon: 'none' });
        } else await offboardShowingProgress(employeeId);
      } catch (e) {
        wx.showToast({ title: errorMessage(e), icon: 'none' });
      } finally {
        this.setData({ acting: false, pending: null });
      }
      await this.load();
    },
  },
});
