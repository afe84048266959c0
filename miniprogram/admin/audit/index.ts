// Audit log: every admin and owner action, newest first, one readable sentence each (谁 在何时 对
// 哪个群 做了什么, written by the server with names), filterable by person (who did it), by group
// and by action, paged on scroll. Read-only. Opened from a group's detail page it starts filtered to it.
import type { AuditAction, AuditEntry } from '../../../typings/api';
import { call, errorMessage } from '../../services/cloud';
import { formatDateTime } from '../shared/format';
import { initialListState, pagedListMethods } from '../shared/paging';

interface Row {
  id: string;
  title: string;
  time: string;
  /** The server's sentence: who, when, which group, what (names, never ids or JSON). */
  sentence: string;
}

type FilterKind = 'actor' | 'group' | 'action';

function toRow(e: AuditEntry): Row {
  const who = e.actorName || '系统';
  const where = e.groupName ? ` 在「${e.groupName}」` : '';
  const title = e.actionLabel ?? '其他操作';
  return {
    id: e.id,
    title,
    time: formatDateTime(e.at),
    sentence: e.sentence ?? `${formatDateTime(e.at)} ${who}${where} ${title}`,
  };
}

/** A choice in the filter sheet (a person, a group or an action). */
interface PickerItem {
  id: string;
  title: string;
  label: string;
}

Component({
  data: {
    ...initialListState,
    items: [] as Row[],
    actorId: '',
    actorName: '',
    conversationId: '',
    conversationName: '',
    auditAction: '' as AuditAction | '',
    auditActionName: '',
    pickerShow: false,
    pickerKind: 'actor' as FilterKind,
    pickerKeyword: '',
    pickerItems: [] as PickerItem[],
    /** The actions the server offers to filter by, with its labels (arrive with each page). */
    actionItems: [] as PickerItem[],
    pickerLoading: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({
        conversationId: query.conversationId ?? '',
        conversationName: query.name
          ? decodeURIComponent(query.name)
          : query.conversationId
            ? '指定群聊'
            : '',
        actorId: query.actorId ?? '',
        actorName: query.actorName ? decodeURIComponent(query.actorName) : query.actorId ? '指定人员' : '',
      });
      return this.reload();
    },
    async fetch(cursor: string | null) {
      const { actorId, conversationId, auditAction } = this.data;
      const page = await call('admin', 'auditLog', {
        ...(actorId ? { actorId } : {}),
        ...(conversationId ? { conversationId } : {}),
        ...(auditAction ? { auditAction } : {}),
        ...(cursor ? { cursor } : {}),
        limit: 20,
      });
      if (!this.data.actionItems.length)
        this.setData({
          actionItems: page.actions.map(({ action, label }) => ({ id: action, title: label, label: '' })),
        });
      return page;
    },
    ...pagedListMethods(toRow),
    onRetry() {
      return this.reload();
    },
    onOpenFilter(e: { currentTarget: { dataset: { kind: FilterKind } } }) {
      const kind = e.currentTarget.dataset.kind;
      this.setData({
        pickerShow: true,
        pickerKind: kind,
        pickerKeyword: '',
        // Actions are a short fixed list: shown at once, searched locally.
        pickerItems: kind === 'action' ? this.data.actionItems : [],
      });
    },
    onPickerClose() {
      this.setData({ pickerShow: false });
    },
    async onPickerSearch(e: { detail: string }) {
      const keyword = (e.detail ?? '').trim();
      this.setData({ pickerKeyword: e.detail });
      if (this.data.pickerKind === 'action') {
        this.setData({ pickerItems: this.data.actionItems.filter((a) => a.title.includes(keyword)) });
        return;
      }
      if (!keyword) {
        this.setData({ pickerItems: [] });
        return;
      }
      this.setData({ pickerLoading: true });
      try {
        if (this.data.pickerKind === 'actor') {
          const page = await call('directory', 'members', { keyword, limit: 20 });
          this.setData({
            pickerItems: page.items.map((p) => ({ id: p.id, title: p.name, label: p.position })),
          });
        } else {
          const page = await call('admin', 'groups', { keyword, limit: 20 });
          this.setData({
            pickerItems: page.items.map((g) => ({ id: g.id, title: g.name, label: `创建人 ${g.creator}` })),
          });
        }
      } catch (err) {
        wx.showToast({ title: errorMessage(err), icon: 'none' });
      }
      this.setData({ pickerLoading: false });
    },
    onPick(e: { currentTarget: { dataset: { index: number } } }) {
      const item = this.data.pickerItems[Number(e.currentTarget.dataset.index)];
      if (!item) return undefined;
      if (this.data.pickerKind === 'actor') this.setData({ actorId: item.id, actorName: item.title });
      else if (this.data.pickerKind === 'action')
        this.setData({ auditAction: item.id as AuditAction, auditActionName: item.title });
      else this.setData({ conversationId: item.id, conversationName: item.title });
      this.setData({ pickerShow: false });
      return this.reload();
    },
    onClearActor() {
      this.setData({ actorId: '', actorName: '' });
      return this.reload();
    },
    onClearAction() {
      this.setData({ auditAction: '', auditActionName: '' });
      return this.reload();
    },
    onClearGroup() {
      this.setData({ conversationId: '', conversationName: '' });
      return this.reload();
    },
  },
});
