// 我 tab: my own card, the back office for company admins, and 关于.
import type { EmployeeCard } from '../../../typings/api';
import { errorMessage } from '../../services/cloud';
import { ensureBound } from '../../services/session';

Component({
  data: {
    loading: true,
    error: '',
    employee: null as EmployeeCard | null,
    departmentText: '',
    isAdmin: false,
    companyName: '',
  },
  methods: {
    async onShow() {
      this.setData({ error: '' });
      try {
        const me = await ensureBound();
        if (!me) return;
        const employee = me.employee ?? null;
        this.setData({
          loading: false,
          employee,
          isAdmin: me.isAdmin,
          companyName: me.companyName ?? '',
          departmentText: employee?.departments.map((d) => d.path).join('、') ?? '',
        });
      } catch (e) {
        this.setData({ loading: false, error: errorMessage(e) });
      }
    },

    retry() {
      return this.onShow();
    },

    openProfile() {
      if (this.data.employee) wx.navigateTo({ url: `/pages/profile/index?id=${this.data.employee.id}` });
    },

    openAdmin() {
      wx.navigateTo({ url: '/admin/home/index' });
    },

    openAbout() {
      wx.showModal({
        title: '关于同事',
        content: `${this.data.companyName || '同事'} 的企业工作群聊：同事之间无需加好友即可沟通，群聊按组织架构建立，离职自动退出。`,
        showCancel: false,
        confirmText: '知道了',
      });
    },
  },
});
