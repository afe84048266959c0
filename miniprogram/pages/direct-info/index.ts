// 聊天信息 of a one-to-one chat (?id=): the colleague (tap → their card), 查找聊天记录 within
// this chat, and my own settings of it (置顶聊天, 消息免打扰 through groups.setPrefs).
import type { EmployeeCard } from '../../../typings/api';
import { call, errorMessage } from '../../services/cloud';
import { loadById, loadPage } from '../../utils/pageLoad';

Component({
  data: {
    id: '',
    loading: true,
    error: '',
    peer: null as EmployeeCard | null,
    pinned: false,
    muted: false,
    busy: false,
  },
  methods: {
    onLoad: loadById,

    load() {
      return loadPage(this, async () => {
        const detail = await call('groups', 'detail', { conversationId: this.data.id });
        return { peer: detail.peer ?? null, pinned: !!detail.prefs?.pinned, muted: !!detail.prefs?.muted };
      });
    },

    onPeer() {
      const peer = this.data.peer;
      if (peer) wx.navigateTo({ url: `/pages/profile/index?id=${peer.id}` });
    },

    onSearch() {
      wx.navigateTo({ url: `/pages/search/index?conversationId=${this.data.id}` });
    },

    onPinned(e: { detail: boolean }) {
      return this.setPref({ pinned: e.detail });
    },

    onMuted(e: { detail: boolean }) {
      return this.setPref({ muted: e.detail });
    },

    async setPref(patch: { pinned?: boolean; muted?: boolean }) {
      this.setData({ busy: true, ...patch });
      try {
        const prefs = await call('groups', 'setPrefs', { conversationId: this.data.id, ...patch });
        this.setData({ busy: false, pinned: prefs.pinned, muted: prefs.muted });
      } catch (e) {
        // Back to what the server holds.
        this.setData({ busy: false });
        wx.showToast({ title: errorMessage(e), icon: 'none' });
        void this.load();
      }
    },
  },
});
