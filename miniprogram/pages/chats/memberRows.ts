// The 消息 tab's live data: it watches only my own member records (`members where employeeId ==
// me`, database-rules/members.json), and each record carries a copy of its conversation's head
// (cloudfunctions/core/store/memberHeads.ts: seq, preview, time, @all, and after non-message
// changes the name, member count, mute-all and status). A pushed record therefore recomputes
// exactly one row here, with no function call; only what a record cannot say (a chat new to the
// list, a hidden chat coming back) asks for a reload of groups.list.
// Mirrors the server's groups.list arithmetic (domain/unread.ts, domain/chatPrefs.ts).
import type { ConversationListItem, MessagePreview } from '../../../typings/api';

export interface MemberRowDoc {
  conversationId: string;
  employeeId: string;
  lastReadSeq: number;
  joinedAtSeq: number;
  pinned?: boolean;
  muted?: boolean;
  hiddenSeq?: number;
  markedUnread?: boolean;
  headSeq?: number;
  /** `ownPreview`: how the sender reads a recalled head (worded by the server). */
  head?: (MessagePreview & { state?: 'recalled' | 'removed'; ownPreview?: string }) | null;
  headAt?: number;
  mentionAllSeq?: number;
  mentionSeq?: number;
  conv?: { name: string; memberCount: number; muteAll: boolean; announced: boolean; status: string };
}

/** What a pushed member record means for the list. */
export type RowChange =
  | { kind: 'row'; item: ConversationListItem }
  | { kind: 'drop'; id: string }
  | { kind: 'reload' }
  | { kind: 'none' };

/** The row a member record now stands for, given the row the list shows (if any). */
export function rowFromMember(
  doc: MemberRowDoc,
  current: ConversationListItem | undefined,
  me: string,
): RowChange {
  const id = doc.conversationId;
  const headSeq = doc.headSeq ?? current?.lastMessage?.seq ?? 0;
  if (doc.conv && doc.conv.status !== 'active') return current ? { kind: 'drop', id } : { kind: 'none' };
  const hidden = typeof doc.hiddenSeq === 'number' && headSeq <= doc.hiddenSeq;
  if (hidden) return current ? { kind: 'drop', id } : { kind: 'none' };
  // A chat the list does not show yet (new, back from hidden, enabled again): its name and kind
  // are not on the record, groups.list has them.
  if (!current) return { kind: 'reload' };
  const read = Math.max(doc.lastReadSeq ?? 0, doc.joinedAtSeq ?? 0);
  const unread = Math.max(0, headSeq - read);
  const byName = (doc.mentionSeq ?? 0) > read;
  const all = (doc.mentionAllSeq ?? 0) > read;
  let lastMessage = doc.head === undefined ? current.lastMessage : doc.head;
  if (doc.head && doc.head.state === 'recalled' && doc.head.senderId === me && doc.head.ownPreview) {
    const { ownPreview, ...rest } = doc.head;
    lastMessage = { ...rest, preview: ownPreview };
  }
  const item: ConversationListItem = {
    ...current,
    lastMessage: lastMessage ?? null,
    unread: unread > 0 ? unread : doc.markedUnread ? 1 : 0,
    pinned: !!doc.pinned,
    muted: !!doc.muted,
    mentionedMe: byName || all,
    mentionedAll: all && !byName,
    updatedAt: doc.headAt ?? current.updatedAt,
    ...(doc.conv && current.type === 'group'
      ? {
          name: doc.conv.name || current.name,
          memberCount: doc.conv.memberCount,
          muteAll: doc.conv.muteAll,
          hasAnnouncement: doc.conv.announced,
        }
      : {}),
  };
  if (!doc.markedUnread) delete item.markedUnread;
  else item.markedUnread = true;
  return { kind: 'row', item };
}

/** Pinned first, then most recent (domain/chatPrefs.ts compareRows). */
export function sortRows(items: ConversationListItem[]): ConversationListItem[] {
  return items.sort((a, b) => {
    if (a.pinned !== b.pinned) return a.pinned ? -1 : 1;
    return b.updatedAt - a.updatedAt || (a.id < b.id ? -1 : 1);
  });
}

/** One pushed change of the member-records watch (realtime.ts DocChange, loosely typed). */
export interface MemberChange {
  dataType: string;
  queueType: string;
  doc?: unknown;
}

/** What one pushed change of my member records means for the list. */
export function changeFor(items: readonly ConversationListItem[], c: MemberChange, me: string): RowChange {
  const doc = c.doc as MemberRowDoc | undefined;
  const id = doc?.conversationId ?? '';
  const current = items.find((x) => x.id === id);
  // Removed from the group (or it was deleted): the row goes.
  if (c.dataType === 'remove' || c.queueType === 'dequeue' || !doc)
    return current ? { kind: 'drop', id } : { kind: 'none' };
  return rowFromMember(doc, current, me);
}

/**
 * A snapshot's changes applied to a list kept in memory (the bench's simulated 消息 tab; the page
 * applies changeFor row by row to its window). `reload`: a record the list cannot place.
 */
export function applyMemberChanges(
  items: ConversationListItem[],
  changes: MemberChange[],
  me: string,
): { items: ConversationListItem[]; changed: boolean; reload: boolean } {
  let out = items;
  let changed = false;
  for (const c of changes) {
    const next = changeFor(out, c, me);
    if (next.kind === 'reload') return { items: out, changed, reload: true };
    if (next.kind === 'drop') out = out.filter((x) => x.id !== next.id);
    if (next.kind === 'row') out = out.map((x) => (x.id === next.item.id ? next.item : x));
    changed = changed || next.kind !== 'none';
  }
  return { items: changed ? sortRows([...out]) : out, changed, reload: false };
}
