// First run: link this WeChat to the company roster, by WeChat's phone-number authorization
// (the code is exchanged by the cloud, the number is never typed) or by the invite code HR
// handed out. Errors from the cloud are shown as they come: 邀请码无效 / 已被使用 / 已过期.
import type { BindResult, MeResult } from '../../../typings/api';
import { call, errorMessage } from '../../services/cloud';
import { currentMe, loadMe, setMe } from '../../services/session';

const HOME = '/pages/chats/index';

Component({
  data: {
    companyName: '同事',
    inviteCode: '',
    busy: false,
    error: '',
    checking: true,
    canBootstrap: false,
    /** This WeChat belonged to someone who has left the company. */
    departed: false,
    setupName: '',
    /** The server's name limit (directory.me); -1 (no cap) until known. */
    nameMax: -1,
    setupMobile: '',
    setupToken: '',
  },
  methods: {
    async onLoad() {
      try {
        const me = await loadMe(true);
        if (me.bound) {
          wx.reLaunch({ url: HOME });
          return;
        }
        this.setData({
          companyName: me.companyName || '同事',
          canBootstrap: !!me.canBootstrap,
          departed: !!me.departed,
          nameMax: me.limits?.personName ?? -1,
        });
      } catch {
        // The page still works: binding itself reports any problem.
      } finally {
        this.setData({ checking: false });
      }
    },

    onSetupName(e: { detail: unknown }) {
      this.setData({ setupName: typeof e.detail === 'string' ? e.detail : '', error: '' });
    },
    onSetupMobile(e: { detail: unknown }) {
      this.setData({ setupMobile: typeof e.detail === 'string' ? e.detail : '', error: '' });
    },
    onSetupToken(e: { detail: unknown }) {
      this.setData({ setupToken: typeof e.detail === 'string' ? e.detail : '', error: '' });
    },

    /** The very first admin of a company nobody has set up (admin.bootstrap). */
    async onBootstrap() {
      const name = this.data.setupName.trim();
      const mobile = this.data.setupMobile.trim();
      const setupToken = this.data.setupToken.trim();
      // The mobile's format is the server's rule (domain/validation): it answers 手机号格式不正确.
      if (!name || !mobile || !setupToken) {
        this.setData({ error: '请填写姓名、11位手机号和初始化口令' });
        return;
      }
      await this.bind(() => call('admin', 'bootstrap', { name, mobile, setupToken }));
    },

    onCodeInput(e: { detail: unknown }) {
      this.setData({ inviteCode: typeof e.detail === 'string' ? e.detail : '', error: '' });
    },

    async onPhoneNumber(e: { detail?: { code?: string; errMsg?: string } }) {
      const code = e.detail?.code;
      if (!code) {
        this.setData({ error: '需要授权手机号才能快捷绑定，也可以使用邀请码' });
        return;
      }
      await this.bind(() => call('directory', 'bindByPhone', { phoneCode: code }));
    },

    async onBindCode() {
      const inviteCode = this.data.inviteCode.trim();
      if (!inviteCode) {
        this.setData({ error: '请输入邀请码' });
        return;
      }
      await this.bind(() => call('directory', 'bind', { inviteCode }));
    },

    async bind(request: () => Promise<BindResult>) {
      if (this.data.busy) return;
      this.setData({ busy: true, error: '' });
      try {
        const { employee } = await request();
        setMe({
          bound: true,
          employee,
          isAdmin: employee.isAdmin,
          companyName: this.data.companyName,
          limits: currentMe()?.limits,
        } as MeResult);
        wx.showToast({ title: `欢迎你，${employee.name}`, icon: 'none' });
        wx.reLaunch({ url: HOME });
      } catch (e) {
        this.setData({ error: errorMessage(e) });
      } finally {
        this.setData({ busy: false });
      }
    },
  },
});
