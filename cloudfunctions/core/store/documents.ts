// Document shapes as stored. Timestamps are milliseconds since the epoch. Employees, departments
// and conversations are the domain's records (domain/model.ts), kept as they are, plus the fields
// only storage and repair need.
import type { Scope } from '../../../typings/api';
import type { ConversationRecord, DepartmentRecord, EmployeeRecord } from '../domain/model';
import type { NotifyKind } from '../domain/notify';
import type { MessageDocFields } from '../../../miniprogram/shared/messages';

export type EmployeeDoc = EmployeeRecord & {
  /**
   * Set by a write that changes what the address-book index holds (name, mobile, departments,
   * status) and cleared once store/directoryIndex.ts has rewritten the index: maintenance
   * finishes reindexing a call killed in between (indexed).
   */
  keysPendingAt?: number | null;
};

export interface BindingDoc {
  /** The OPENID itself: the primary key makes one openid ↔ one employee hold under races. */
  _id: string;
  employeeId: string;
  boundAt: number;
  via: 'bootstrap' | 'invite' | 'phone';
}

export interface CompanySettingsDoc {
  _id: 'company';
  initiation: Scope;
  usageScope: Scope;
  memberCap: number;
  mobileVisible: boolean;
  bootstrappedAt: number | null;
  updatedAt: number;
}

export interface AuditDoc {
  _id?: string;
  actorId: string | null;
  actorName: string;
  /** An AuditAction when written now; older entries may hold a legacy name (domain/audit.ts). */
  action: string;
  targetType: string;
  targetId: string | null;
  conversationId?: string | null;
  before?: unknown;
  after?: unknown;
  details?: unknown;
  at: number;
}

export type DepartmentDoc = DepartmentRecord;

// ---- conversations, members, messages (shared by the groups and messages functions) ----
//
// Design (why it is shaped this way):
// - A conversation document carries everything a list row needs (lastSeq, lastMessage, mention
//   markers), so sending writes O(1) documents whatever the group size: no per-recipient writes.
// - A member document's id is `${conversationId}_${employeeId}`: the primary key makes "a member
//   is never added twice" hold under races. memberCount on the conversation is changed in the
//   same transaction as the member documents.
// - Unread = conversation.lastSeq − member.lastReadSeq; sending advances the sender's own
//   lastReadSeq, so own messages never count as unread.
// - mentionedMe = max(mentionSeqs[me], mentionAllSeq) > member.lastReadSeq.

export interface MessagePreviewDoc {
  id: string;
  seq: number;
  type: 'text' | 'image' | 'file' | 'system';
  senderId: string | null;
  senderName: string;
  preview: string;
  /** Set once the message is recalled or removed: the preview is then that status line. */
  state?: 'recalled' | 'removed';
  /** On the system line that publishes an announcement: the announcement (cut like a preview). */
  announcement?: string;
  createdAt: number;
}

/** A conversation as stored: the domain's record plus what only storage and repair need. */
export interface ConversationDoc extends ConversationRecord {
  /** Who the last automatic sync could not let in, and why (the owner and admins see it). */
  syncBlocked?: SyncBlockedDoc | null;
  /** Seats held for member documents still being written, by reservation id (services/reservations.ts). */
  reservations?: Record<string, ReservationDoc>;
  /** The oldest reservation's time, null when none: what the repair looks for (indexed). */
  pendingAt?: number | null;
  /** The admin whose delete is purging the group (status 'deleting'): the repair finishes in their name. */
  deletingBy?: { id: string; name: string };
  /** Pending messages a sequencing batch refused (services/sequencer.ts): its "something moved" check. */
  droppedSends?: number;
  /**
   * The newest numbering batch (services/sequencer.ts): ids[i] was given seq from + i. Its messages
   * get their seq right after the commit; until then (or after a crash) anyone may apply it.
   */
  lastBatch?: { from: number; ids: string[] };
  lastMessage: MessagePreviewDoc | null;
}

export interface SyncBlockedDoc {
  /** The first few by name; `count` says how many in all. */
  items: { employeeId: string; name: string; reason: 'cap' | 'out_of_scope' }[];
  count: number;
  at: number;
}

/** Seats reserved for people whose member documents are being written (see services/reservations.ts). */
export interface ReservationDoc {
  at: number;
  /** 'auto': an auto-synced group following a change of the org chart (one line per person). */
  kind: 'create' | 'invite' | 'sync' | 'auto';
  actorId: string;
  actorName: string;
  /** The people, in join order: joinSeq = firstJoinSeq + index; for 'create' the first is the owner. */
  ids: string[];
  names: string[];
  /** Of `ids`, those who came through a linked department. */
  viaDepartment: string[];
  firstJoinSeq: number;
  joinedAtSeq: number;
}

export interface MemberDoc {
  /** `${conversationId}_${employeeId}` */
  _id: string;
  conversationId: string;
  employeeId: string;
  role: 'owner' | 'admin' | 'member';
  /** Join order within the conversation (earliest-joined = smallest). */
  joinSeq: number;
  joinedAt: number;
  /** conversation.lastSeq when this member joined: they see and search messages after it. */
  joinedAtSeq: number;
  lastReadSeq: number;
  /** True when the member came in through a linked department (syncDepartments may remove them). */
  viaDepartment?: boolean;
  /** The member's own chat settings (groups.setPrefs; domain/chatPrefs.ts). */
  pinned?: boolean;
  muted?: boolean;
  hiddenSeq?: number;
  markedUnread?: boolean;
  /** When this member was last sent a subscription message about this chat (the throttle). */
  notifiedAt?: number;
  /** The reservation that wrote this document: a retry or the repair recognises its own. */
  reservationId?: string;
  // ---- the conversation list's push copy of the conversation head (store/memberHeads.ts) ----
  /** conversation.lastSeq as last copied here. */
  headSeq?: number;
  /** conversation.lastMessage as last copied here; null while the group is not active. */
  head?: MessagePreviewDoc | null;
  /** conversation.updatedAt: what orders the row. */
  headAt?: number;
  /** conversation.mentionAllSeq. */
  mentionAllSeq?: number;
  /** The highest seq of a message naming this member (conversation.mentionSeqs[me]). */
  mentionSeq?: number;
  /** The other fields a row shows, copied after changes other than a send. */
  conv?: MemberHeadConv;
}

export interface MemberHeadConv {
  name: string;
  memberCount: number;
  muteAll: boolean;
  /** The group has an announcement (a system line announcing it reads [公告]). */
  announced: boolean;
  status: ConversationDoc['status'];
}

/** A `messages` document: the fields members may read (shared/messages.ts) and the server's own. */
export interface MessageDoc extends MessageDocFields {
  /** Derived from conversationId + senderId + clientMsgId so a retried send finds the original. */
  _id: string;
  /** Set while pending (seq 0): when it was inserted. The repair numbers pending ones left behind. */
  pendingAt?: number;
  clientMsgId: string | null;
  recalledAt?: number;
  removedAt?: number;
  removedBy?: string;
  /** Why this message may notify absent members (domain/notify.ts), decided at send time. */
  notify?: NotifyKind;
  /** Present while dispatch is pending: when the notify function may look at it next. */
  notifyAt?: number;
  /** The person behind a notifying system message (the announcer). */
  notifyFrom?: string;
}

export const memberId = (conversationId: string, employeeId: string): string =>
  `${conversationId}_${employeeId}`;
