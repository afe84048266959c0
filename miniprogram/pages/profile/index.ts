// Colleague card: who they are, how to reach them, and 发消息 — a one-to-one chat without any
// friend request (groups.openDirect gets or creates it). Departed people stay viewable, marked
// 已离职, without the button.
import type { EmployeeCard } from '../../../typings/api';
import { call, errorMessage } from '../../services/cloud';
import { ensureBound } from '../../services/session';
import { loadPage } from '../../utils/pageLoad';

Component({
  data: {
    id: '',
    loading: true,
    error: '',
    card: null as EmployeeCard | null,
    departmentText: '',
    isSelf: false,
    opening: false,
  },
  methods: {
    async onLoad(query: Record<string, string | undefined>) {
      this.setData({ id: query.id ?? '' });
      const me = await ensureBound().catch(() => null);
      if (!me) return;
      this.setData({ isSelf: me.employee?.id === this.data.id });
      await this.load();
    },

    load() {
      return loadPage(this, async () => {
        const card = await call('directory', 'profile', { employeeId: this.data.id });
        return { card, departmentText: card.departments.map((d) => d.path).join('\n') || '未分配部门' };
      });
    },

    retry() {
      return this.load();
    },

    callMobile() {
      const mobile = this.data.card?.mobile;
      if (mobile) wx.makePhoneCall({ phoneNumber: mobile });
    },

    async sendMessage() {
      if (this.data.opening || !this.data.card) return;
      this.setData({ opening: true });
      try {
        const { conversation } = await call('groups', 'openDirect', {
          employeeId: this.data.card.id,
        });
        wx.navigateTo({ url: `/pages/chat/index?id=${conversation.id}` });
      } catch (e) {
        wx.showToast({ title: errorMessage(e), icon: 'none' });
      } finally {
        this.setData({ opening: false });
      }
    },
  },
});
