// The action map: for every cloud function and action, its params and its result. Both sides
// are held to it — core/handler.ts refuses an action table that does not match it, and the mini
// program's `call(fn, action, params)` takes its types from it — so renaming an action or a
// field here alone fails `npm run typecheck`. Types only: import with `import type`.
import type {
  MaintenanceReport,
  GroupSearchHit,
  AddMembersResult,
  AdminGroupDetail,
  AdminGroupRow,
  AdminStats,
  AuditAction,
  AuditLogPage,
  ScopePreview,
  BindResult,
  ChatPrefs,
  ConversationDetail,
  ConversationListPage,
  ConversationStatus,
  CreateGroupResult,
  DeleteGroupResult,
  Department,
  DepartmentUpdateResult,
  DepartmentGroupsResult,
  OrgDepartment,
  EmployeeCard,
  ExportResult,
  FileLink,
  GroupCreateOptions,
  GroupMember,
  Id,
  ImportResult,
  InviteIssued,
  AdminEmployeeDetail,
  RosterEntry,
  RosterStatus,
  Job,
  LeaveResult,
  MeResult,
  MemberCard,
  MessageType,
  OffboardResult,
  OpenDirectResult,
  Page,
  PageParams,
  ReceiptCount,
  ReceiptsPage,
  RemoveMembersResult,
  Scope,
  SearchHit,
  SendResult,
  Settings,
  SubscribeResult,
  SettingsView,
  SyncDepartmentsResult,
  TimelinePage,
  UpdateEmployeeResult,
} from './api';

/** An action without params. */
export type NoParams = Record<never, never>;

/** One action: what the client sends (besides `action`) and what `data` holds on success. */
interface Act<P, R> {
  params: P;
  /** `null` for actions the contract lists with "—". */
  result: R;
}

type ConversationRef = { conversationId: Id };
type RosterCell = string | number | boolean | null;

export interface Contract {
  directory: {
    me: Act<NoParams, MeResult>;
    bind: Act<{ inviteCode: string }, BindResult>;
    bindByPhone: Act<{ phoneCode: string }, BindResult>;
    departments: Act<NoParams, { items: Department[] }>;
    members: Act<{ departmentId?: Id; keyword?: string } & PageParams, Page<MemberCard>>;
    profile: Act<{ employeeId: Id }, EmployeeCard>;
    /** Templates just accepted in wx.requestSubscribeMessage; [] only reads the credits. */
    subscribe: Act<{ templateIds: string[] }, SubscribeResult>;
  };
  groups: {
    list: Act<PageParams, ConversationListPage>;
    /** requestId: the client's id for this create; the same id again is a retry, never a second group. */
    create: Act<
      { name?: string; departmentIds?: Id[]; employeeIds?: Id[]; requestId?: string; autoSync?: boolean },
      CreateGroupResult
    >;
    /** departmentIds (发起部门群): also preview the group of those departments (departmentPreview). */
    createOptions: Act<{ departmentIds?: Id[] }, GroupCreateOptions>;
    openDirect: Act<{ employeeId: Id }, OpenDirectResult>;
    detail: Act<ConversationRef, ConversationDetail>;
    /** keyword: name, pinyin initials or full pinyin, over the whole group. */
    members: Act<ConversationRef & { keyword?: string } & PageParams, Page<GroupMember>>;
    addMembers: Act<
      ConversationRef & { departmentIds?: Id[]; employeeIds?: Id[]; requestId?: string },
      AddMembersResult
    >;
    removeMembers: Act<ConversationRef & { employeeIds: Id[] }, RemoveMembersResult>;
    leave: Act<ConversationRef, LeaveResult>;
    transferOwner: Act<ConversationRef & { employeeId: Id }, null>;
    setAdmins: Act<ConversationRef & { employeeIds: Id[] }, null>;
    update: Act<
      ConversationRef & {
        name?: string;
        announcement?: string;
        muteAll?: boolean;
        allowMemberInvite?: boolean;
        /** The group follows its departments by itself (owner/admins; needs linked departments). */
        autoSync?: boolean;
      },
      null
    >;
    syncDepartments: Act<ConversationRef, SyncDepartmentsResult>;
    dissolve: Act<ConversationRef, null>;
    /** My active groups whose name contains the keyword (the search page), most recent first. */
    search: Act<{ keyword: string; limit?: number }, { items: GroupSearchHit[] }>;
    setPrefs: Act<
      ConversationRef & {
        pinned?: boolean;
        muted?: boolean;
        hidden?: boolean;
        unread?: boolean;
        seq?: number;
      },
      ChatPrefs
    >;
  };
  messages: {
    send: Act<
      ConversationRef & {
        clientMsgId: string;
        type: Exclude<MessageType, 'system'>;
        text?: string;
        fileId?: string;
        fileName?: string;
        fileSize?: number;
        mentions?: Id[] | 'all';
      },
      SendResult
    >;
    history: Act<ConversationRef & { beforeSeq?: number; limit?: number }, TimelinePage>;
    since: Act<ConversationRef & { afterSeq: number; limit?: number }, TimelinePage>;
    markRead: Act<ConversationRef & { seq: number }, null>;
    /** `notice`: the line that now stands in place of the message (你撤回了一条消息). */
    recall: Act<{ messageId: Id }, { notice: string }>;
    receipts: Act<{ messageId: Id } & PageParams, ReceiptsPage>;
    receiptCounts: Act<ConversationRef & { messageIds: Id[] }, { items: ReceiptCount[] }>;
    search: Act<
      {
        /** Required unless senderId or type is given. */
        keyword?: string;
        conversationId?: Id;
        senderId?: Id;
        type?: 'file' | 'image';
        /** Creation time range, inclusive (ms). */
        from?: number;
        to?: number;
      } & PageParams,
      Page<SearchHit>
    >;
    /** Addition (issue 14): short-lived links to the files of messages the caller may see. */
    fileUrls: Act<ConversationRef & { messageIds: Id[] }, { items: FileLink[] }>;
  };
  admin: {
    bootstrap: Act<{ name: string; mobile: string; setupToken: string }, BindResult>;
    getSettings: Act<NoParams, SettingsView>;
    updateSettings: Act<
      { initiation?: Scope; usageScope?: Scope; memberCap?: number; mobileVisible?: boolean },
      Settings
    >;
    scopePreview: Act<{ usageScope: Scope }, ScopePreview>;
    groups: Act<{ keyword?: string; status?: ConversationStatus | '' } & PageParams, Page<AdminGroupRow>>;
    disableGroup: Act<ConversationRef, null>;
    enableGroup: Act<ConversationRef, null>;
    deleteGroup: Act<ConversationRef, DeleteGroupResult>;
    deleteMessage: Act<{ messageId: Id; reason?: string }, null>;
    /** `from`/`to`: milliseconds, or a China calendar day such as "2026-11-20". */
    exportHistory: Act<ConversationRef & { from?: number | string; to?: number | string }, ExportResult>;
    /** After the client downloaded an export (wx.cloud.downloadFile): remove it from storage. */
    deleteExport: Act<{ fileId: string }, { deleted: boolean }>;
    auditLog: Act<
      { actorId?: Id; conversationId?: Id; auditAction?: AuditAction } & PageParams,
      AuditLogPage
    >;
    stats: Act<NoParams, AdminStats>;
    groupDetail: Act<ConversationRef, AdminGroupDetail>;
    groupMembers: Act<ConversationRef & { keyword?: string } & PageParams, Page<GroupMember>>;
    groupMessages: Act<ConversationRef & { beforeSeq?: number; limit?: number }, TimelinePage>;
    importRoster: Act<{ rows?: Record<string, RosterCell>[]; fileId?: string }, ImportResult>;
    setAdmin: Act<{ employeeId: Id; isAdmin: boolean }, null>;
    offboard: Act<{ employeeId: Id }, OffboardResult>;
    /**
     * Edits one employee; a change of departments moves them between auto-synced groups at once
     * (the rest of a long reconcile, if any, is finished by calling again or by the repair run).
     */
    updateEmployee: Act<
      {
        employeeId: Id;
        name?: string;
        mobile?: string;
        departmentIds?: Id[];
        position?: string;
        requestId?: string;
      },
      UpdateEmployeeResult
    >;
    /** The repair run the maintenance timer makes, now (after an outage, without waiting 5 minutes). */
    runMaintenance: Act<NoParams, MaintenanceReport>;
    /** Issue 16, the org chart: a new department (parentId null/absent = top level), placed last. */
    createDepartment: Act<{ name: string; parentId?: Id | null }, { department: OrgDepartment }>;
    /**
     * Rename / move (parentId; null = top level) / reorder (index among its siblings, 0 = first).
     * A move makes auto-synced groups of the old and new ancestors follow; requestId: a retry continues that.
     */
    updateDepartment: Act<
      { departmentId: Id; name?: string; parentId?: Id | null; index?: number; requestId?: string },
      DepartmentUpdateResult
    >;
    /** Only an empty department (no sub-departments, no active employees). */
    deleteDepartment: Act<{ departmentId: Id }, { deleted: boolean }>;
    /** The roster as XLSX in the columns importRoster reads; `template: true` = the import template. */
    exportRoster: Act<{ template?: boolean }, ExportResult>;
    /** Addition (issue 12): long work in steps — running and failed jobs with progress, then the day's finished ones. */
    jobs: Act<NoParams, { items: Job[] }>;
    /**
     * One department group per department directly under `departmentId` (each owned by its 店长
     * by the roster, else the caller); idempotent per department; call again while `remaining` > 0.
     */
    createDepartmentGroups: Act<{ departmentId: Id }, DepartmentGroupsResult>;
    /** Addition (issue 12): the whole roster, departed staff too, filtered by status (''/absent = all). */
    roster: Act<{ keyword?: string; status?: RosterStatus | '' } & PageParams, Page<RosterEntry>>;
    /** Addition (issue 12): one roster entry with its invite code and what may be done next. */
    employee: Act<{ employeeId: Id }, AdminEmployeeDetail>;
    /** Addition (issue 12): a new invite code for an active, unbound employee; the old one stops working. */
    reissueInviteCode: Act<{ employeeId: Id }, InviteIssued>;
    /** Addition (issue 12): someone fully offboarded becomes active again, with a fresh invite code. */
    rehire: Act<{ employeeId: Id }, InviteIssued>;
  };
}

export type FunctionName = keyof Contract;
export type ActionName<F extends FunctionName> = keyof Contract[F] & string;
export type ParamsOf<F extends FunctionName, A extends ActionName<F>> =
  Contract[F][A] extends Act<infer P, unknown> ? P : never;
export type ResultOf<F extends FunctionName, A extends ActionName<F>> =
  Contract[F][A] extends Act<unknown, infer R> ? R : never;
