// The cloud-function contract of ../shared/spec/api.md, shared by the mini program, the cloud
// functions, the local cloud and the tests. Types only: import with `import type`.

export type Id = string;
/** Milliseconds since the epoch (UTC). */
export type Millis = number;

export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'INVALID_ARGUMENT'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'GROUP_FULL'
  | 'GROUP_DISABLED'
  | 'GROUP_DISSOLVED'
  | 'CONTENT_REJECTED'
  | 'RECALL_EXPIRED'
  | 'MUTED'
  | 'RATE_LIMITED'
  | 'INTERNAL';

export interface ApiError {
  code: ErrorCode;
  /** Chinese, shown to the user as is. */
  message: string;
  details?: unknown;
}

export type Envelope<T> = { ok: true; data: T } | { ok: false; error: ApiError };

export interface PageParams {
  cursor?: string;
  limit?: number;
}
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

// ---- directory ----

export type EmployeeStatus = 'active' | 'departed';

export interface DepartmentRef {
  id: Id;
  name: string;
  /** Full path such as 门店/中心店. */
  path: string;
}

export interface EmployeeCard {
  id: Id;
  name: string;
  position: string;
  departmentIds: Id[];
  departments: DepartmentRef[];
  employeeNo?: string;
  avatar?: string;
  /** Present only when the mobile-visibility setting allows it, or for admins. */
  mobile?: string;
  status: EmployeeStatus;
  isAdmin: boolean;
  bound?: boolean;
}

/** Field lengths the server enforces (directory.me): pages cap their inputs by them. */
export interface InputLimits {
  groupName: number;
  announcement: number;
  text: number;
  personName: number;
  departmentName: number;
}

export interface MeResult {
  bound: boolean;
  employee?: EmployeeCard;
  isAdmin: boolean;
  companyName?: string;
  /** Unbound callers only: nobody has bootstrapped the company yet (admin.bootstrap is open). */
  canBootstrap?: boolean;
  /** Bound callers: subscription templates to ask for in wx.requestSubscribeMessage (empty: notifications off). */
  subscribeTemplateIds?: string[];
  /** Unbound callers only: this WeChat belonged to someone who has since left the company. */
  departed?: boolean;
  /** Always sent by directory.me (absent only where a page built its own MeResult after binding). */
  limits?: InputLimits;
}

export interface Department {
  id: Id;
  name: string;
  parentId: Id | null;
  order: number;
  /** Active employees in this department and all its sub-departments. */
  memberCount: number;
  path?: string;
}

/** A department as the org-chart editor returns it (admin.createDepartment / updateDepartment). */
export type OrgDepartment = Omit<Department, 'memberCount' | 'path'> & { path: string };

export interface DepartmentUpdateResult {
  department: OrgDepartment;
  /** Set when it moved: the departments whose subtree gained or lost people (old and new ancestors). */
  moved: { from: Id | null; to: Id | null; affected: Id[] } | null;
  /** Auto-synced groups still to follow a move (the same call again, or the repair run, finishes them). */
  remainingGroups?: number;
}

/** admin.createDepartmentGroups: what happened to each department's group in this step. */
export interface DepartmentGroupOutcome {
  departmentId: Id;
  departmentName: string;
  /** created now; existing = it already had a live group (nothing made); failed = see reason. */
  outcome: 'created' | 'existing' | 'failed';
  conversationId: Id | null;
  groupName: string | null;
  /** Who owns the group made now (null for an existing one). */
  ownerName: string | null;
  memberCount: number;
  reason: string | null;
}

export interface DepartmentGroupsResult {
  items: DepartmentGroupOutcome[];
  /** Departments this step did not reach: call again (the same call continues). */
  remaining: number;
  done: boolean;
}

/** directory.members rows: a card plus the address-book index letter (A–Z, #). */
export interface MemberCard extends EmployeeCard {
  indexLetter: string;
  /** Inside the company's usage scope: false means they cannot be added to chats (pickers grey them). */
  inScope: boolean;
}

/** directory.bind / bindByPhone / admin.bootstrap: the caller's own card, now bound. */
export interface BindResult {
  employee: EmployeeCard;
}

// ---- groups ----

export type ConversationType = 'group' | 'direct';
export type ConversationStatus = 'active' | 'disabled' | 'dissolved';
export type MemberRole = 'owner' | 'admin' | 'member';

export interface Conversation {
  id: Id;
  type: ConversationType;
  name: string;
  ownerId: Id | null;
  adminIds: Id[];
  announcement: string;
  muteAll: boolean;
  memberCount: number;
  departmentIds: Id[];
  status: ConversationStatus;
  lastSeq: number;
  createdAt: Millis;
  updatedAt: Millis;
  creatorId: Id;
}

/**
 * What the caller may do here, decided by the rules that enforce it (core/domain/capabilities.ts).
 * Pages show and hide controls by these flags; the server still checks every call.
 */
export interface Capabilities {
  /** Rename, announce, mute all, remove members, sync departments (owner and admins). */
  canManage: boolean;
  /** Add people (owner and admins, or anyone when the owner allows member invites). */
  canInvite: boolean;
  /** Owner only: set admins, transfer ownership, dissolve, allow member invites. */
  canAdminister: boolean;
  canMentionAll: boolean;
  /** Roles of the members the caller may remove. */
  removableRoles: MemberRole[];
  /** How many admins a group may have. */
  maxAdmins: number;
  /** Turn 自动同步 on or off (owner and admins of a group linked to departments). */
  canSetAutoSync: boolean;
  /** Why the caller cannot send now (mute-all…): a short banner and the full reason; null when they can. */
  sendBlocked: { label: string; message: string } | null;
}

export interface ConversationDetail extends Conversation, Capabilities {
  myRole: MemberRole;
  /** Groups: follows its departments by itself (自动同步); `departments` names them. */
  autoSync?: boolean;
  departments?: DepartmentRef[];
  /** Owner and admins of an auto-synced group: who the last sync could not let in, and why. */
  syncBlocked?: SyncBlocked | null;
  /** For direct chats: the other person. */
  /** The caller's own settings of this chat. */
  /** Where the caller's unread part begins: jump pills and opening at the first unread. */
  unread?: { fromSeq: number; count: number; mentionSeq: number };
  /**
   * Addition (issue 13): the conversation's seq when I joined — I read messages after it only, and
   * the chat page's watch asks for no earlier ones (database-rules/messages.json).
   */
  joinedAtSeq?: number;
  prefs?: ChatPrefs;
  peer?: EmployeeCard;
  allowMemberInvite?: boolean;
}

/** People an automatic sync left out: the first few by name, and how many in all. */
export interface SyncBlocked {
  items: { employeeId: Id; name: string; reason: 'cap' | 'out_of_scope'; label: string }[];
  count: number;
  at: Millis;
}

export interface MessagePreview {
  id: Id;
  seq: number;
  type: MessageType;
  senderId: Id | null;
  senderName: string;
  /** Ready-made preview text: "收到", "[图片]", "[文件] 报价单.xlsx", "张伟撤回了一条消息". */
  preview: string;
  /** Set when the message was recalled or removed by an admin: the preview is then a status line. */
  state?: 'recalled' | 'removed';
  /** On the system line that published an announcement: the announcement itself (list rows mark it [公告]). */
  announcement?: string;
  createdAt: Millis;
}

export interface ConversationListItem {
  id: Id;
  type: ConversationType;
  name: string;
  memberCount: number;
  lastMessage: MessagePreview | null;
  unread: number;
  mentionedMe: boolean;
  mentionedAll?: boolean;
  updatedAt: Millis;
  hasAnnouncement?: boolean;
  muteAll?: boolean;
  peerId?: Id;
  avatarNames?: string[];
  /** My own settings (groups.setPrefs): pinned rows come first; muted rows add nothing to totalUnread. */
  pinned: boolean;
  muted: boolean;
  /** 标为未读: `unread` counts 1 until I open the chat. */
  markedUnread?: boolean;
}

/** groups.setPrefs: my settings for one chat after the change. */
export interface ChatPrefs {
  pinned: boolean;
  muted: boolean;
  /** Hidden from my list until the chat's next message. */
  hidden: boolean;
  /** Marked unread (标为未读). */
  unread: boolean;
}

/** directory.subscribe: subscription-message credits (sends WeChat allows) per template. */
export interface SubscribeResult {
  credits: Record<string, number>;
}

export interface GroupMember {
  /** The employee's id (same as employeeId; every entity in a result carries its own `id`). */
  id?: Id;
  employeeId: Id;
  name: string;
  position: string;
  avatar?: string;
  role: MemberRole;
  joinedAt: Millis;
  /** Join order within the group (1 = earliest). */
  joinSeq: number;
  status?: EmployeeStatus;
  /** Lower-case pinyin initials of the name ("zw" for 张伟), for the @ picker's local search. */
  nameInitials?: string;
}

/** groups.createOptions: what the create page needs before submitting. */
export interface GroupCreateOptions {
  memberCap: number;
  /** How many people the creator may add besides themself (the cap counts the creator once). */
  capLeft: number;
  canCreate: boolean;
  /** Why the caller may not create groups (null when they may). */
  reason: string | null;
  /** Given `departmentIds` (发起部门群): the group those departments would make. */
  departmentPreview?: DepartmentGroupPreview;
}

/** A department group before it is created: its size against the cap, decided by the server. */
export interface DepartmentGroupPreview {
  /** Everyone it would hold: the departments and their sub-departments (active, in scope) plus the creator. */
  memberCount: number;
  memberCap: number;
  fits: boolean;
  /** Why it does not fit (the cap's own message), null when it fits. */
  reason: string | null;
  /** People of those departments left out (outside the usage scope). */
  skipped: number;
  /** The name the group gets (南京路店群). */
  name: string;
}

export interface CreateGroupResult {
  conversation: Conversation;
  skipped: Skipped[];
}
/** groups.openDirect: the 1:1 chat, got or created, as groups.detail shows it. */
export interface OpenDirectResult {
  conversation: ConversationDetail;
}

/** `added`: employee ids added by this call. */
export interface AddMembersResult {
  added: Id[];
  skipped: Skipped[];
}
export interface RemoveMembersResult {
  removed: Id[];
}
export interface LeaveResult {
  newOwnerId?: Id;
}
export interface SyncDepartmentsResult {
  added: Id[];
  removed: Id[];
}

export type SkipReason = 'departed' | 'out_of_scope' | 'not_found' | 'already_member';
export interface Skipped {
  employeeId: Id;
  reason: SkipReason;
  name?: string;
}

// ---- messages ----

export type MessageType = 'text' | 'image' | 'file' | 'system';

export interface Message {
  id: Id;
  conversationId: Id;
  seq: number;
  type: MessageType;
  senderId: Id | null;
  senderName: string;
  senderPosition?: string;
  senderDeparted?: boolean;
  clientMsgId?: string;
  text?: string;
  fileId?: string;
  fileName?: string;
  fileSize?: number;
  mentions?: Id[] | 'all';
  recalled?: boolean;
  removed?: boolean;
  /** My own messages only: until when I may recall it (the send time + the recall window). */
  recallDeadline?: Millis;
  /** Recalled or removed: the line shown in its place, worded for the reader (你撤回了一条消息). */
  notice?: string;
  /** Addition (issue 14): with `removed`, an image hidden by WeChat's media check, not by an admin. */
  flagged?: boolean;
  createdAt: Millis;
}

/**
 * A link to a message's image or file (messages.fileUrls): storage refuses client reads, so a
 * member gets this after the membership check. `expiresAt` is in milliseconds.
 */
export interface FileLink {
  messageId: Id;
  tempFileURL: string;
  expiresAt: Millis;
}

export interface ReceiptsResult {
  readCount: number;
  unreadCount: number;
  read: ReceiptPerson[];
  unread: ReceiptPerson[];
}

/** A row of the receipts lists: who, drawn like an address-book row (avatar, position). */
export interface ReceiptPerson {
  employeeId: Id;
  name: string;
  position: string;
  avatar: string | null;
}

/** groups.search: one of my active groups whose name contains the keyword. */
export interface GroupSearchHit {
  id: Id;
  name: string;
  memberCount: number;
}

export interface SearchHit {
  message: Message;
  conversation: { id: Id; name: string; type: ConversationType };
}

/** messages.history / messages.since. */
export interface TimelinePage {
  items: Message[];
  hasMore: boolean;
}

/** groups.list: a page of conversations plus the unread total over all of them (tab badge). */
export interface ConversationListPage extends Page<ConversationListItem> {
  totalUnread: number;
  /** Chats I hid until their next message: not in `items`, but worth watching for that message. */
  hiddenIds?: Id[];
}

/** messages.receipts: both lists paged together. */
export interface ReceiptsPage extends ReceiptsResult {
  nextCursor: string | null;
}

/** messages.receiptCounts: the "N人未读" line under own messages, for a window at once. */
export interface ReceiptCount {
  messageId: Id;
  readCount: number;
  unreadCount: number;
}

/** messages.send. */
export interface SendResult {
  message: Message;
  /**
   * Addition: the new message's counts as receiptCounts would give them when it was numbered —
   * nobody else has read it yet, so `readCount` 0 and `unreadCount` = the members then, less the
   * sender — so the sender's page shows "N人未读" without another call. Absent when the answer is
   * a retry of a message numbered by an earlier call (others may have read it since).
   */
  receipt?: ReceiptCount;
}

// ---- admin ----

export type Scope = { mode: 'all' } | { mode: 'restricted'; employeeIds: Id[]; departmentIds: Id[] };

export interface Settings {
  initiation: Scope;
  usageScope: Scope;
  memberCap: number;
  mobileVisible: boolean;
}

/** admin.getSettings: the settings plus the names of every department and person its scopes name. */
export interface SettingsView extends Settings {
  scopeNames: Record<Id, string>;
  /** The product limit memberCap may not exceed (updateSettings refuses more). */
  memberCapMax: number;
}

/** admin.scopePreview: current group members a proposed usage scope leaves out. */
export interface ScopePreview {
  /** People (not memberships): active, outside the scope, in at least one group. */
  outsideCount: number;
  /** Up to three of their names, for the warning. */
  examples: string[];
}

/** admin.importRoster: the per-row report with the new invite codes. */
export interface ImportResult {
  created: number;
  updated: number;
  departed: number;
  unchanged: number;
  departmentsCreated: number;
  /** Rows of new people without a 部门: created in the root department 未分配部门. */
  unassignedRows?: number[];
  /** `reason` is a short Chinese reason; `detail` adds words such as which row it duplicates. */
  rejected: { row: number; reason: string; detail?: string }[];
  invites: { employeeId: Id; name: string; inviteCode: string }[];
  /**
   * Addition (issue 12): leavers still to offboard (each step fits the function's timeout). Call
   * importRoster again with the same params to continue (the file is not read again); the
   * repair run continues it too. `departed` counts the leavers finished so far.
   */
  remainingDepartures?: number;
  /**
   * Addition (issue 16): auto-synced groups the import's moves have not reached yet (the same
   * import again, or the repair run within minutes, finishes them).
   */
  remainingGroups?: number;
}

/** admin.offboard. */
export interface OffboardResult {
  groupsLeft: number;
  ownershipsTransferred: number;
  /**
   * Present when the step's time ran out: memberships still to leave. Offboarding the same
   * person again continues (so does the maintenance run); the admin page shows the progress.
   */
  remainingGroups?: number;
}

/** admin.updateEmployee: the employee as now stored, and the auto-synced groups they moved between. */
export interface UpdateEmployeeResult {
  employee: EmployeeCard;
  groups: { added: GroupRef[]; removed: GroupRef[] };
  /** Present when the reconcile's time ran out: groups still to visit (call again, or the repair finishes). */
  remainingGroups?: number;
}

export interface GroupRef {
  id: Id;
  name: string;
}

/** admin.deleteGroup: what was removed with the group. */
export interface DeleteGroupResult {
  members: number;
  messages: number;
  files: number;
}

/** admin.groupDetail: a group-table row plus what the detail page shows. */
export interface AdminGroupDetail extends AdminGroupRow {
  ownerId: Id | null;
  announcement: string;
  lastSeq: number;
  /** The line members see in place of a message the back office removes (worded by the server). */
  removalNotice: string;
}

export interface AdminGroupRow {
  id: Id;
  name: string;
  type: ConversationType;
  creatorId: Id;
  creator: string;
  memberCount: number;
  createdAt: Millis;
  messageCount: number;
  status: ConversationStatus;
}

/** admin.stats: the admin home's three counts (messages today = people's messages since 00:00 China time). */
export interface AdminStats {
  employees: number;
  activeGroups: number;
  messagesToday: number;
}

/**
 * admin.exportHistory: the XLSX in cloud storage (the mini program downloads it with
 * wx.cloud.downloadFile, then asks admin.deleteExport to remove it) and a temporary link.
 */
export interface ExportResult {
  fileId: string;
  tempFileURL: string;
  rows: number;
}

/** What an audit entry records, named `<subject>.<verb>`. */
export type AuditAction =
  | 'company.bootstrap'
  | 'employee.bind'
  | 'employee.setAdmin'
  | 'employee.offboard'
  | 'employee.update'
  | 'employee.reissueInvite'
  | 'employee.rehire'
  | 'roster.import'
  | 'settings.update'
  | 'group.addMembers'
  | 'group.removeMembers'
  | 'group.transferOwner'
  | 'group.handover'
  | 'group.setAdmins'
  | 'group.update'
  | 'group.dissolve'
  | 'group.syncDepartments'
  | 'group.disable'
  | 'group.enable'
  | 'group.delete'
  | 'group.exportHistory'
  | 'group.create'
  | 'group.readHistory'
  | 'message.delete'
  | 'message.imageFlagged'
  | 'department.create'
  | 'department.update'
  | 'department.delete'
  | 'roster.export'
  | 'department.createGroups';

/** An audit page, plus every action the filter offers with its Chinese label (the server's one list). */
export interface AuditLogPage extends Page<AuditEntry> {
  actions: { action: AuditAction; label: string }[];
}

export interface AuditEntry {
  id: Id;
  actorId: Id | null;
  actorName: string;
  action: AuditAction;
  targetType: string;
  targetId: Id | null;
  conversationId?: Id;
  before?: unknown;
  after?: unknown;
  details?: unknown;
  at: Millis;
  /** Additions (issue 14): the action in Chinese, the group's name, and one readable sentence. */
  actionLabel?: string;
  groupName?: string;
  sentence?: string;
}

export type { FunctionName } from './contract';

/** One repair run (admin.runMaintenance, or the maintenance function's timer). */
export interface MaintenanceReport {
  startedAt: number;
  /** Per repair: how many things it finished or rolled back; `more` = the next run has more. */
  /** `label`: addition (issue 12), what the repair does in Chinese. */
  repairs: { name: string; label: string; repaired: number; more: boolean }[];
  more: boolean;
}

// ---- jobs (issue 12) ----

/** Long work done in steps: an offboarding, an import's departures, a group deletion, an export, a reorganisation. */
export type JobKind = 'offboard' | 'import' | 'deleteGroup' | 'export' | 'reorg' | 'departmentGroups';
/** `failed`: its last step threw (`lastError`); a retry of the action or the repair run continues it. */
export type JobStatus = 'running' | 'failed' | 'done';

export interface Job {
  id: Id;
  kind: JobKind;
  status: JobStatus;
  /** One Chinese line naming the work, e.g. "办理离职：张伟", "删除群：项目群". */
  title: string;
  /** Steps of work done out of `total`, counted in `unit` (个群, 条消息, 人). */
  done: number;
  total: number;
  unit: string;
  lastError: string | null;
  /** Running but untouched for longer than any call lives: it was killed; the repair run (every 5 minutes) continues it. */
  stalled: boolean;
  startedBy: { id: Id; name: string };
  startedAt: Millis;
  updatedAt: Millis;
  finishedAt: Millis | null;
}

// ---- the admin roster (issue 12) ----

/** 在职 (bound), 未绑定 (active, no WeChat yet), 离职, 离职处理中 (still leaving groups). */
export type RosterStatus = 'active' | 'unbound' | 'departed' | 'offboarding';

export interface RosterEntry extends EmployeeCard {
  rosterStatus: RosterStatus;
  departedAt: Millis | null;
}

export interface InviteInfo {
  code: string;
  expiresAt: Millis;
  usedAt: Millis | null;
  state: 'valid' | 'expired' | 'used';
}

/** admin.employee: one roster entry with what an admin may do next. */
export interface AdminEmployeeDetail {
  employee: RosterEntry;
  /** The current invite code (null once bound, or for an entry made without one). */
  invite: InviteInfo | null;
  /** Groups they are in (for 离职处理中: groups still to leave). */
  groups: number;
  canReissueInvite: boolean;
  canRehire: boolean;
  canOffboard: boolean;
  canFinishOffboarding: boolean;
}

/** admin.reissueInviteCode / admin.rehire: the new code (the old one no longer binds). */
export interface InviteIssued {
  inviteCode: string;
  inviteExpiresAt: Millis;
}
