// 我 tab: my own card, 新消息提醒 (how many subscription messages WeChat still allows, and how
// to keep them coming), the back office for company admins, and 关于.
import type { EmployeeCard } from '../../../typings/api';
import { errorMessage } from '../../services/cloud';
import { askOnTap, loadCredits } from '../../services/notifications';
import { ensureBound } from '../../services/session';

const KEEP_ON_HINT =
  '微信每允许一次，才能在你离开小程序时发送一条服务通知。在弹窗中勾选「总是保持以上选择，不再询问」，之后发消息、打开聊天时会自动续上提醒次数。提醒只在单聊、有人@你、@所有人和新群公告且一分钟内未读时发送，免打扰的聊天不提醒。';

Component({
  data: {
    loading: true,
    error: '',
    employee: null as EmployeeCard | null,
    departmentText: '',
    isAdmin: false,
    companyName: '',
    /** null: notifications are not configured for this deployment. */
    credits: null as number | null,
    notifyText: '',
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
        this.showCredits(await loadCredits().catch(() => null));
      } catch (e) {
        this.setData({ loading: false, error: errorMessage(e) });
      }
    },

    showCredits(credits: number | null) {
      this.setData({
        credits,
        notifyText: credits === null ? '' : credits > 0 ? `已开启 ${credits} 次提醒` : '去开启',
      });
    },

    /** 去开启 / top up: WeChat's popup right inside this tap, then how to keep it on. */
    onNotify() {
      void askOnTap(true).then((n) => {
        if (n !== null) this.showCredits(n);
        wx.showModal({
          title: '新消息提醒',
          content: KEEP_ON_HINT,
          showCancel: false,
          confirmText: '知道了',
        });
      });
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
