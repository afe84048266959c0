// One group seen by the back office: its facts, members and recent messages (whatever the admin's
// own membership), single-message removal on long-press, and history export for a date range.
import type { AdminGroupDetail, GroupMember, Message } from '../../../typings/api';
import { call, errorMessage } from '../../services/cloud';
import { exportAndOpen } from '../shared/export';
import { STATUS_COLOR, STATUS_LABEL, formatDate, formatDateTime } from '../shared/format';
import { initialLoadState, loadGuarded } from '../shared/guard';
import { loadById } from '../../utils/pageLoad';

interface MessageRow {
  id: string;
  seq: number;
  senderName: string;
  time: string;
  content: string;
  removed: boolean;
  recalled: boolean;
  system: boolean;
}

const ROLE_LABEL: Record<string, string> = { owner: '群主', admin: '管理员', member: '' };
/** The newest member search (a slower, older answer is dropped). */
let memberSearchSeq = 0;
const DAY = 86_400_000;

function contentOf(m: Message): string {
  // The back office gets the removal line as the message's text (messageView, 'backoffice').
  if (m.removed) return m.text ?? '';
  let text: string;
  if (m.type === 'image') text = '[图片]';
  else if (m.type === 'file') text = `[文件] ${m.fileName ?? ''}`;
  else text = m.text ?? '';
  return m.recalled ? `[已撤回] ${text}` : text;
}

const toMessageRow = (m: Message): MessageRow => ({
  id: m.id,
  seq: m.seq,
  senderName: m.type === 'system' ? '系统' : m.senderName || '未知成员',
  time: formatDateTime(m.createdAt),
  content: contentOf(m),
  removed: !!m.removed,
  recalled: !!m.recalled,
  system: m.type === 'system',
});

Component({
  data: {
    ...initialLoadState,
    id: '',
    group: null as
      (AdminGroupDetail & { createdText: string; statusLabel: string; statusColor: string }) | null,
    members: [] as (GroupMember & { roleLabel: string })[],
    membersCursor: null as string | null,
    /** Searched by the server over the whole group (admin.groupMembers with keyword). */
    memberKeyword: '',
    messages: [] as MessageRow[],
    hasOlder: false,
    loadingOlder: false,
    sheetShow: false,
    sheetActions: [{ name: '删除该消息', color: '#ee0a24' }],
    selected: -1,
    dialogShow: false,
    dialogMessage: '',
    exportShow: false,
    exportActions: [
      { name: '全部聊天记录', key: 'all' },
      { name: '选择日期范围', key: 'range' },
    ],
    calendarShow: false,
    minDate: 0,
    maxDate: 0,
    busy: false,
    busyText: '',
  },
  methods: {
    onLoad: loadById,
    load() {
      const { id } = this.data;
      return loadGuarded(this, async () => {
        const [group, members, recent] = await Promise.all([
          call('admin', 'groupDetail', { conversationId: id }),
          call('admin', 'groupMembers', { conversationId: id, limit: 20 }),
          call('admin', 'groupMessages', {
            conversationId: id,
            limit: 20,
          }),
        ]);
        wx.setNavigationBarTitle({ title: group.name });
        return {
          group: {
            ...group,
            createdText: formatDateTime(group.createdAt),
            statusLabel: STATUS_LABEL[group.status],
            statusColor: STATUS_COLOR[group.status],
          },
          members: members.items.map((m) => ({ ...m, roleLabel: ROLE_LABEL[m.role] })),
          membersCursor: members.nextCursor,
          messages: recent.items.map(toMessageRow),
          hasOlder: recent.hasMore,
        };
      });
    },
    onRetry() {
      return this.load();
    },
    /** Each keystroke asks the server; only the newest keyword's answer is shown. */
    async onMemberSearch(e: { detail: unknown }) {
      const keyword = typeof e.detail === 'string' ? e.detail.trim() : '';
      const seq = ++memberSearchSeq;
      this.setData({ memberKeyword: keyword });
      try {
        const page = await call('admin', 'groupMembers', {
          conversationId: this.data.id,
          limit: 20,
          ...(keyword ? { keyword } : {}),
        });
        if (seq !== memberSearchSeq) return;
        this.setData({
          members: page.items.map((m) => ({ ...m, roleLabel: ROLE_LABEL[m.role] })),
          membersCursor: page.nextCursor,
        });
      } catch (err) {
        if (seq === memberSearchSeq) wx.showToast({ title: errorMessage(err), icon: 'none' });
      }
    },
    async onMoreMembers() {
      const { id, membersCursor, memberKeyword } = this.data;
      if (!membersCursor) return;
      try {
        const page = await call('admin', 'groupMembers', {
          conversationId: id,
          cursor: membersCursor,
          limit: 20,
          ...(memberKeyword ? { keyword: memberKeyword } : {}),
        });
        const start = this.data.members.length;
        const patch: Record<string, unknown> = { membersCursor: page.nextCursor };
        page.items.forEach(
          (m, i) => (patch[`members[${start + i}]`] = { ...m, roleLabel: ROLE_LABEL[m.role] }),
        );
        this.setData(patch);
      } catch (e) {
        wx.showToast({ title: errorMessage(e), icon: 'none' });
      }
    },
    async onOlder() {
      const { id, messages, loadingOlder } = this.data;
      if (loadingOlder || !messages.length) return;
      this.setData({ loadingOlder: true });
      try {
        const page = await call('admin', 'groupMessages', {
          conversationId: id,
          beforeSeq: messages[0].seq,
          limit: 20,
        });
        // Older messages go on top; the window stays bounded by what the admin asked to see.
        this.setData({
          loadingOlder: false,
          messages: [...page.items.map(toMessageRow), ...messages],
          hasOlder: page.hasMore,
        });
      } catch (e) {
        this.setData({ loadingOlder: false });
        wx.showToast({ title: errorMessage(e), icon: 'none' });
      }
    },
    onMessageLongPress(e: WechatMiniprogram.TouchEvent) {
      const index = Number(e.currentTarget.dataset.index);
      const row = this.data.messages[index];
      if (!row || row.removed || row.system) return;
      this.setData({ selected: index, sheetShow: true });
    },
    onSheetClose() {
      this.setData({ sheetShow: false });
    },
    onSheetSelect() {
      const row = this.data.messages[this.data.selected];
      if (!row) return;
      const preview = row.content.length > 30 ? `${row.content.slice(0, 30)}…` : row.content;
      this.setData({
        sheetShow: false,
        dialogShow: true,
        dialogMessage: `删除 ${row.senderName} 的消息「${preview}」？群成员将看到“${this.data.group?.removalNotice ?? ''}”，原文仅保留在操作日志中。`,
      });
    },
    onDialogCancel() {
      this.setData({ dialogShow: false });
    },
    async onDialogConfirm() {
      const index = this.data.selected;
      const row = this.data.messages[index];
      this.setData({ dialogShow: false });
      if (!row) return;
      this.setData({ busy: true, busyText: '正在删除…' });
      try {
        await call('admin', 'deleteMessage', { messageId: row.id });
        // The server's line (groupDetail.removalNotice), as the next load of the history shows it.
        const content = this.data.group?.removalNotice ?? '';
        this.setData({ busy: false, [`messages[${index}]`]: { ...row, removed: true, content } });
        wx.showToast({ title: '已删除', icon: 'success' });
      } catch (e) {
        this.setData({ busy: false });
        wx.showToast({ title: errorMessage(e), icon: 'none' });
      }
    },
    onExport() {
      this.setData({ exportShow: true });
    },
    onExportClose() {
      this.setData({ exportShow: false });
    },
    onExportSelect(e: { detail: { key: string } }) {
      this.setData({ exportShow: false });
      if (e.detail.key === 'all') return this.runExport({});
      // The calendar offers the last 12 months (or since the group was created): each month is
      // rendered, so an unbounded range would be a very long page.
      const now = Date.now();
      const created = this.data.group?.createdAt ?? now;
      this.setData({ calendarShow: true, minDate: Math.max(created, now - 365 * DAY), maxDate: now });
      return undefined;
    },
    onCalendarClose() {
      this.setData({ calendarShow: false });
    },
    onCalendarConfirm(e: { detail: Date[] }) {
      const [start, end] = e.detail;
      this.setData({ calendarShow: false });
      const from = new Date(start).setHours(0, 0, 0, 0);
      const to = new Date(end ?? start).setHours(23, 59, 59, 999);
      return this.runExport({ from, to });
    },
    async runExport(range: { from?: number; to?: number }) {
      const label =
        range.from !== undefined
          ? `${formatDate(range.from)} 至 ${formatDate(range.to ?? range.from)}`
          : '全部';
      this.setData({ busy: true, busyText: `正在导出${label}聊天记录…` });
      try {
        const result = await exportAndOpen(this.data.id, range);
        this.setData({ busy: false });
        wx.showToast({ title: `已导出 ${result.rows} 条`, icon: 'none' });
      } catch (e) {
        this.setData({ busy: false });
        wx.showToast({ title: errorMessage(e), icon: 'none' });
      }
    },
  },
});
