// 聊天信息 (group settings): member grid, name, announcement, management for owner/admins,
// search, leave and dissolve. Every destructive action confirms with van-dialog first.
import { outOfScopeLine } from '../../utils/skipped';
import type { ConversationDetail, InputLimits, SyncBlocked } from '../../../typings/api';
import { loadMe } from '../../services/session';
import { avatarColor, avatarText } from '../../utils/avatar';
import { call, errorMessage, newRequestId } from '../../services/cloud';
import { loadById } from '../../utils/pageLoad';
import { whileBusy } from '../../utils/busy';

const GRID = 19;

type DialogKind = 'leave' | 'dissolve' | 'sync';
interface GridItem {
  id: string;
  name: string;
  initials: string;
  color: string;
  role: string;
}

const ROLE_LABEL: Record<string, string> = { owner: '群主', admin: '管理员', member: '' };

/** 自动同步's line: the linked departments by name, and what following them means. */
function autoSyncLabel(conv: ConversationDetail): string {
  const names = (conv.departments ?? []).map((d) => d.name).join('、');
  return conv.autoSync ? `${names}：人员调动时自动加入新同事、移出调离的同事` : `关联部门：${names}`;
}

/** Who the automatic sync left out, with the server's reason for each (三人, then a count). */
function blockedLine(b: SyncBlocked | null | undefined): string {
  if (!b) return '';
  const shown = b.items.slice(0, 3).map((i) => `${i.name}（${i.label}）`);
  return b.count > shown.length ? `${shown.join('、')} 等 ${b.count} 人` : shown.join('、');
}

Component({
  data: {
    id: '',
    loading: true,
    error: '',
    conv: null as ConversationDetail | null,
    /** The server's field limits (directory.me); -1 (no cap) until known. */
    limits: { groupName: -1, announcement: -1 } as Pick<InputLimits, 'groupName' | 'announcement'>,
    autoSyncLabel: '',
    blockedLine: '',
    grid: [] as GridItem[],
    isOwner: false,
    isManager: false,
    canAdd: false,
    dialog: { show: false, kind: '' as DialogKind | '', title: '', message: '', confirmText: '确定' },
    edit: { show: false, field: '' as 'name' | 'announcement' | '', title: '', value: '' },
    adding: { show: false, count: 0 },
    busy: false,
  },
  methods: {
    onLoad: loadById,

    onShow() {
      // Back from the members page (removed someone, changed admins): show the new state.
      if (this.data.conv) return this.load();
      return undefined;
    },

    async load() {
      if (!this.data.id) {
        this.setData({ loading: false, error: '缺少群聊参数' });
        return;
      }
      this.setData({ loading: !this.data.conv, error: '' });
      try {
        const [conv, page, me] = await Promise.all([
          call('groups', 'detail', { conversationId: this.data.id }),
          call('groups', 'members', { conversationId: this.data.id, limit: GRID }),
          loadMe(),
        ]);
        this.setData({
          loading: false,
          conv,
          autoSyncLabel: autoSyncLabel(conv),
          blockedLine: blockedLine(conv.syncBlocked),
          ...(me.limits ? { limits: me.limits } : {}),
          // What I may do here comes from the server (groups.detail's capability flags).
          isOwner: conv.canAdminister,
          isManager: conv.canManage,
          canAdd: conv.canInvite,
          grid: page.items.map((m) => ({
            id: m.employeeId,
            name: m.name,
            initials: avatarText(m.name),
            color: avatarColor(m.employeeId),
            role: ROLE_LABEL[m.role],
          })),
        });
        wx.setNavigationBarTitle({ title: `聊天信息(${conv.memberCount})` });
      } catch (e) {
        this.setData({ loading: false, error: errorMessage(e) });
      }
    },

    toast(title: string) {
      wx.showToast({ title, icon: 'none' });
    },

    run<T>(work: () => Promise<T>): Promise<T | undefined> {
      return whileBusy(this, 'busy', work);
    },

    // ---- members ----
    onMember(e: WechatMiniprogram.TouchEvent) {
      wx.navigateTo({ url: `/pages/profile/index?id=${e.currentTarget.dataset.id}` });
    },
    onAllMembers() {
      wx.navigateTo({ url: `/pages/group-members/index?id=${this.data.id}` });
    },
    onRemove() {
      wx.navigateTo({ url: `/pages/group-members/index?id=${this.data.id}&mode=remove` });
    },
    onAdd() {
      (this as unknown as { addSelection?: unknown }).addSelection = undefined;
      this.setData({ adding: { show: true, count: 0 } });
    },
    onAddPick(e: WechatMiniprogram.CustomEvent) {
      const detail = e.detail as { departmentIds: string[]; employeeIds: string[]; count: number };
      (this as unknown as { addSelection?: typeof detail; addRequestId?: string }).addSelection = detail;
      (this as unknown as { addRequestId?: string }).addRequestId = undefined; // a new choice, a new request
      this.setData({ 'adding.count': detail.count });
    },
    onAddClose() {
      this.setData({ 'adding.show': false });
    },
    async onAddConfirm() {
      const sel = (this as unknown as { addSelection?: { departmentIds: string[]; employeeIds: string[] } })
        .addSelection;
      if (!sel || (!sel.departmentIds.length && !sel.employeeIds.length))
        return this.toast('请选择部门或同事');
      const self = this as unknown as { addRequestId?: string };
      self.addRequestId ??= newRequestId();
      const requestId = self.addRequestId;
      const res = await this.run(() =>
        call('groups', 'addMembers', {
          conversationId: this.data.id,
          requestId,
          ...(sel.departmentIds.length ? { departmentIds: sel.departmentIds } : {}),
          ...(sel.employeeIds.length ? { employeeIds: sel.employeeIds } : {}),
        }),
      );
      if (!res) return undefined;
      const outOfScope = outOfScopeLine(res.skipped);
      this.toast(`已添加 ${res.added.length} 人${outOfScope ? `；${outOfScope}` : ''}`);
      this.setData({ 'adding.show': false });
      return this.load();
    },

    // ---- name and announcement ----
    onEditName() {
      // Only managers see the name as editable; for others the tap does nothing.
      if (!this.data.isManager) return undefined;
      this.setData({
        edit: { show: true, field: 'name', title: '修改群名称', value: this.data.conv?.name ?? '' },
      });
      return undefined;
    },
    onEditAnnouncement() {
      const text = this.data.conv?.announcement ?? '';
      if (!this.data.isManager) {
        wx.showModal({ title: '群公告', content: text || '暂无群公告', showCancel: false });
        return;
      }
      this.setData({ edit: { show: true, field: 'announcement', title: '编辑群公告', value: text } });
    },
    onEditInput(e: WechatMiniprogram.CustomEvent) {
      this.setData({ 'edit.value': String(e.detail ?? '') });
    },
    onEditClose() {
      this.setData({ 'edit.show': false });
    },
    async onEditSave() {
      const { field, value } = this.data.edit;
      if (!field) return undefined;
      if (field === 'name' && !value.trim()) return this.toast('群名称不能为空');
      const done = await this.run(() =>
        call('groups', 'update', {
          conversationId: this.data.id,
          [field]: field === 'name' ? value.trim() : value,
        }),
      );
      if (done === undefined) return undefined;
      this.setData({ 'edit.show': false });
      return this.load();
    },

    // ---- management ----
    onSetAdmins() {
      wx.navigateTo({ url: `/pages/group-members/index?id=${this.data.id}&mode=admins` });
    },
    onTransfer() {
      wx.navigateTo({ url: `/pages/group-members/index?id=${this.data.id}&mode=transfer` });
    },
    async onMuteAll(e: WechatMiniprogram.CustomEvent) {
      const muteAll = !!e.detail;
      const done = await this.run(() => call('groups', 'update', { conversationId: this.data.id, muteAll }));
      if (done !== undefined) this.setData({ 'conv.muteAll': muteAll });
    },
    /** 消息免打扰 / 置顶聊天: my own settings for this chat (groups.setPrefs). */
    onQuiet(e: WechatMiniprogram.CustomEvent) {
      return this.setPref('muted', !!e.detail);
    },
    onPin(e: WechatMiniprogram.CustomEvent) {
      return this.setPref('pinned', !!e.detail);
    },
    async setPref(pref: 'muted' | 'pinned', on: boolean) {
      const prefs = pref === 'muted' ? { muted: on } : { pinned: on };
      const done = await this.run(() =>
        call('groups', 'setPrefs', { conversationId: this.data.id, ...prefs }),
      );
      if (done !== undefined) this.setData({ [`conv.prefs.${pref}`]: on });
    },
    /** 自动同步 on or off (owner/admins: the switch is shown only to them, by canSetAutoSync). */
    async onAutoSync(e: WechatMiniprogram.CustomEvent) {
      const autoSync = !!e.detail;
      const done = await this.run(() => call('groups', 'update', { conversationId: this.data.id, autoSync }));
      if (done === undefined) return undefined;
      this.toast(autoSync ? '已开启自动同步' : '已关闭自动同步');
      return this.load();
    },
    onSync() {
      this.confirm('sync', '同步部门成员', '将按关联部门的最新人员加入新同事、移出已调离的同事', '同步');
    },
    onSearch() {
      wx.navigateTo({ url: `/pages/search/index?conversationId=${this.data.id}` });
    },

    // ---- leave / dissolve ----
    onLeave() {
      const message = this.data.isOwner
        ? '退出后，群主将自动转让给最早入群的成员，你将不再接收此群消息'
        : '退出后，你将不再接收此群消息';
      this.confirm('leave', '退出群聊', message, '退出');
    },
    onDissolve() {
      this.confirm(
        'dissolve',
        '解散群聊',
        `解散后，全部 ${this.data.conv?.memberCount ?? ''} 名成员将立即失去该群，聊天记录由企业留存`,
        '解散',
      );
    },
    confirm(kind: DialogKind, title: string, message: string, confirmText: string) {
      this.setData({ dialog: { show: true, kind, title, message, confirmText } });
    },
    onDialogCancel() {
      this.setData({ 'dialog.show': false });
    },
    async onDialogConfirm() {
      const kind = this.data.dialog.kind;
      this.setData({ 'dialog.show': false });
      const conversationId = this.data.id;
      if (kind === 'sync') {
        const res = await this.run(() => call('groups', 'syncDepartments', { conversationId }));
        if (res) {
          this.toast(`已加入 ${res.added.length} 人，移出 ${res.removed.length} 人`);
          await this.load();
        }
        return;
      }
      const done = await this.run(() =>
        call('groups', kind === 'leave' ? 'leave' : 'dissolve', { conversationId }),
      );
      if (done === undefined) return;
      this.toast(kind === 'leave' ? '已退出群聊' : '群聊已解散');
      wx.switchTab({ url: '/pages/chats/index' });
    },
  },
});
