// Colleague card: who they are, how to reach them, and 发消息 — a one-to-one chat without any
// friend request (groups.openDirect gets or creates it). Departed people stay viewable, marked
// 已离职, without the button.
import type { EmployeeCard } from '../../../typings/api';
import { call } from '../../services/cloud';
import { currentMe } from '../../services/session';
import { loadBoundById, loadPage } from '../../utils/pageLoad';
import { whileBusy } from '../../utils/busy';

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
    onLoad: loadBoundById,

    load() {
      return loadPage(this, async () => {
        const card = await call('directory', 'profile', { employeeId: this.data.id });
        return {
          card,
          departmentText: card.departments.map((d) => d.path).join('\n') || '未分配部门',
          // Bound by now (loadBoundById): who I am is known.
          isSelf: currentMe()?.employee?.id === this.data.id,
        };
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
      const card = this.data.card;
      if (!card) return;
      await whileBusy(this, 'opening', async () => {
        const { conversation } = await call('groups', 'openDirect', { employeeId: card.id });
        wx.navigateTo({ url: `/pages/chat/index?id=${conversation.id}` });
      });
    },
  },
});
