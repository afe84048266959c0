// 发起群聊: pick departments and/or people, see the running count against the cap, create.
// The cap and the permission come from groups.createOptions; the server enforces both again.
import { outOfScopeLine } from '../../utils/skipped';
import type { GroupCreateOptions } from '../../../typings/api';
import { call, CloudError, errorMessage, newRequestId } from '../../services/cloud';
import { loadMe } from '../../services/session';
import { loadPage } from '../../utils/pageLoad';

interface Selection {
  departmentIds: string[];
  employeeIds: string[];
  count: number;
  /** The group's size: the selection plus me, counted once. */
  total: number;
}

/**
 * Why 创建 is disabled, or '' when it is enabled. `count` is the selection, `total` the group with
 * me counted once; the server's capLeft is how many I may add besides myself.
 */
export function blockReason(options: GroupCreateOptions | null, count: number, total: number): string {
  if (!options) return '';
  if (!options.canCreate) return options.reason ?? '你暂无发起群聊的权限';
  if (count === 0) return '请选择部门或同事';
  if (total - 1 > options.capLeft) return `超过群成员上限 ${options.memberCap} 人（含你共 ${total} 人）`;
  return '';
}

Component({
  data: {
    loading: true,
    error: '',
    memberCap: 0,
    /** The server's group-name limit (directory.me); -1 (no cap) until known. */
    nameMax: -1,
    canCreate: true,
    count: 0,
    total: 1,
    over: false,
    /** Me, for the picker to count once ({ id, departmentIds }). */
    self: null as { id: string; departmentIds: string[] } | null,
    name: '',
    reason: '请选择部门或同事',
    submitting: false,
    departmentIds: [] as string[],
    employeeIds: [] as string[],
  },
  methods: {
    onLoad() {
      return this.loadOptions();
    },

    loadOptions() {
      return loadPage(this, async () => {
        const [options, me] = await Promise.all([call('groups', 'createOptions'), loadMe()]);
        const self = me.employee ? { id: me.employee.id, departmentIds: me.employee.departmentIds } : null;
        (this as unknown as { options: GroupCreateOptions }).options = options;
        return {
          memberCap: options.memberCap,
          nameMax: me.limits?.groupName ?? -1,
          canCreate: options.canCreate,
          self,
          reason: blockReason(options, this.data.count, this.data.total),
        };
      });
    },

    onPick(e: WechatMiniprogram.CustomEvent<Selection>) {
      const { departmentIds, employeeIds, count, total } = e.detail;
      this.forgetRequest();
      const options = (this as unknown as { options?: GroupCreateOptions }).options ?? null;
      const reason = blockReason(options, count, total);
      this.setData({
        departmentIds,
        employeeIds,
        count,
        total,
        over: total - 1 > (options?.capLeft ?? Infinity),
        reason,
      });
    },

    onName(e: WechatMiniprogram.CustomEvent) {
      this.forgetRequest();
      this.setData({ name: String(e.detail ?? '') });
    },

    /** A changed choice is a new request; a second tap after a failure retries the same one. */
    forgetRequest() {
      (this as unknown as { requestId?: string }).requestId = undefined;
    },

    async onSubmit() {
      if (this.data.reason || this.data.submitting) return;
      this.setData({ submitting: true });
      const self = this as unknown as { requestId?: string };
      self.requestId ??= newRequestId();
      try {
        const { conversation, skipped } = await call('groups', 'create', {
          requestId: self.requestId,
          ...(this.data.name.trim() ? { name: this.data.name.trim() } : {}),
          ...(this.data.departmentIds.length ? { departmentIds: this.data.departmentIds } : {}),
          ...(this.data.employeeIds.length ? { employeeIds: this.data.employeeIds } : {}),
        });
        const outOfScope = outOfScopeLine(skipped);
        if (outOfScope) wx.showToast({ title: outOfScope, icon: 'none' });
        wx.redirectTo({ url: `/pages/chat/index?id=${conversation.id}` });
      } catch (e) {
        const message = e instanceof CloudError && e.code === 'GROUP_FULL' ? e.message : errorMessage(e);
        this.setData({ submitting: false });
        wx.showToast({ title: message, icon: 'none' });
        return;
      }
      this.setData({ submitting: false });
    },

    onRetry() {
      return this.loadOptions();
    },
  },
});
