// Every error the cloud functions answer with, by name: its contract code and the Chinese message
// shown to the user as is. Code throws `errors.conversationNotFound()` instead of spelling out a
// code and a message, so one refusal reads the same wherever it happens and a wording is changed
// once. Messages that carry numbers take them from the details they are thrown with.
import type { ErrorCode } from '../../../typings/api';

/** A field-level problem, listed in INVALID_ARGUMENT details (`details.fields`). */
export interface FieldIssue {
  path: string;
  message: string;
}

interface CapDetails {
  cap: number;
  current: number;
  requested: number;
}

const pathsOf = (fields: FieldIssue[]) => fields.map((f) => f.path || '(payload)').join('、');

type Entry = readonly [ErrorCode, string | ((details: never) => string)];

const CATALOGUE = {
  // ---- identity and access ----
  noCaller: ['UNAUTHENTICATED', '无法识别调用者身份'],
  notBound: ['UNAUTHENTICATED', '请先绑定员工身份'],
  callerDeparted: ['UNAUTHENTICATED', '你已离职，无法继续使用'],
  adminOnly: ['FORBIDDEN', '仅管理员可以执行该操作'],
  setupTokenMissing: ['FORBIDDEN', '未配置初始化口令（TONGSHI_SETUP_TOKEN），无法初始化'],
  setupTokenWrong: ['FORBIDDEN', '初始化口令不正确'],
  alreadyBootstrapped: ['CONFLICT', '管理员已存在，不能重复初始化'],

  // ---- payloads ----
  invalidFields: ['INVALID_ARGUMENT', (d: { fields: FieldIssue[] }) => `参数不正确：${pathsOf(d.fields)}`],
  badCursor: ['INVALID_ARGUMENT', (d: { fields: FieldIssue[] }) => `分页参数不正确：${pathsOf(d.fields)}`],
  unknownAction: ['INVALID_ARGUMENT', (d: { fields: FieldIssue[] }) => `未知操作：${pathsOf(d.fields)}`],
  badNameCursor: ['INVALID_ARGUMENT', '分页参数不正确'],
  rowsOrFile: ['INVALID_ARGUMENT', '请提供 rows 或 fileId 其中之一'],
  payloadTooLarge: ['INVALID_ARGUMENT', '请求内容过大或层级过深'],
  blankText: ['INVALID_ARGUMENT', (d: { fields: FieldIssue[] }) => `内容不能为空：${pathsOf(d.fields)}`],

  // ---- binding ----
  inviteInvalid: ['INVALID_ARGUMENT', '邀请码无效'],
  inviteUsed: ['INVALID_ARGUMENT', '邀请码已被使用'],
  inviteExpired: ['INVALID_ARGUMENT', '邀请码已过期'],
  phoneCodeExpired: ['INVALID_ARGUMENT', '手机号授权已失效，请重新授权'],
  phoneNotOnRoster: ['NOT_FOUND', '该手机号不在公司花名册中，请联系管理员'],
  phoneNotOnRosterArg: ['INVALID_ARGUMENT', '该手机号不在公司花名册中，请联系管理员'],
  phoneDeparted: ['FORBIDDEN', '你已从公司离职，无法再使用同事。如有疑问，请联系管理员'],
  openidBound: ['CONFLICT', '该微信已绑定员工身份'],
  employeeBound: ['CONFLICT', '该员工已绑定其他微信'],

  // ---- employees ----
  employeeNotFound: ['NOT_FOUND', '员工不存在'],
  profileNotFound: ['NOT_FOUND', '该员工不存在'],
  colleagueNotFound: ['NOT_FOUND', '同事不存在'],
  colleagueDeparted: ['NOT_FOUND', '该同事已离职'],
  colleagueOutOfScope: ['FORBIDDEN', '该同事不在可使用范围内'],
  callerOutOfScope: ['FORBIDDEN', '你不在企业的使用范围内，暂不能发起或参与聊天，请联系管理员'],
  departmentNotFound: ['NOT_FOUND', '部门不存在'],
  lastAdmin: ['CONFLICT', '至少需要保留一位管理员'],
  lastAdminSelf: ['CONFLICT', '你是最后一位管理员，不能取消自己的管理员身份'],
  lastAdminOffboard: ['CONFLICT', '不能让最后一位管理员离职'],
  departedCannotBeAdmin: ['CONFLICT', '该员工已离职，不能设为管理员'],
  editDeparted: ['CONFLICT', '该员工已离职，不能修改资料'],
  mobileTaken: ['CONFLICT', (d: { name: string }) => `手机号已被 ${d.name} 使用`],
  inviteForDeparted: ['CONFLICT', '该员工已离职，请先办理复职'],
  inviteForBound: ['CONFLICT', '该员工已绑定微信，无需邀请码'],
  alreadyActive: ['CONFLICT', '该员工在职，无需复职'],
  offboardingUnfinished: ['CONFLICT', '该员工的离职还在处理中，请先完成离职'],
  rehireMobileTaken: ['CONFLICT', (d: { name: string }) => `手机号已被在职员工 ${d.name} 使用，不能复职`],

  // ---- conversations ----
  conversationNotFound: ['NOT_FOUND', '会话不存在或已被删除'],
  groupDissolved: ['GROUP_DISSOLVED', '该群已解散'],
  groupDisabled: ['GROUP_DISABLED', '该群已被管理员禁用'],
  notInConversation: ['FORBIDDEN', '你不在该会话中'],
  notInGroup: ['FORBIDDEN', '你不在该群中'],
  notForDirect: ['INVALID_ARGUMENT', '单聊不支持该操作'],
  cannotLeaveDirect: ['INVALID_ARGUMENT', '单聊不能退出'],
  directWithSelf: ['INVALID_ARGUMENT', '不能和自己发起单聊'],
  initiationRestricted: ['FORBIDDEN', '管理员已限制发起群聊的人员，你暂无权限'],
  groupFull: [
    'GROUP_FULL',
    (d: CapDetails) => {
      const room = Math.max(0, d.cap - d.current);
      return room === 0
        ? `群成员已达上限 ${d.cap} 人`
        : `群成员上限 ${d.cap} 人，当前 ${d.current} 人，最多还能加入 ${room} 人`;
    },
  ],
  membershipBusy: ['CONFLICT', '群成员变动频繁，请稍后重试'],
  noLinkedDepartments: ['INVALID_ARGUMENT', '该群未关联部门'],
  autoSyncNeedsDepartments: ['INVALID_ARGUMENT', '自动同步需要关联部门：请选择至少一个部门'],

  // ---- roles in a group ----
  ownerOnly: ['FORBIDDEN', '仅群主可以执行该操作'],
  managersOnly: ['FORBIDDEN', '仅群主和群管理员可以执行该操作'],
  inviteManagersOnly: ['FORBIDDEN', '仅群主和群管理员可以邀请成员'],
  removeSelf: ['INVALID_ARGUMENT', '不能移除自己，请使用退出群聊'],
  removeOwner: ['FORBIDDEN', '不能移除群主'],
  adminRemovesAdmin: ['FORBIDDEN', '群管理员不能移除其他管理员'],
  tooManyAdmins: [
    'INVALID_ARGUMENT',
    (d: { max: number; fields: FieldIssue[] }) => `群管理员最多 ${d.max} 人`,
  ],
  ownerAsAdmin: ['INVALID_ARGUMENT', '群主不能设为管理员'],
  alreadyOwner: ['INVALID_ARGUMENT', '你已经是群主'],
  targetNotInGroup: ['NOT_FOUND', '对方不在该群中'],
  pickedNotInGroup: ['NOT_FOUND', '所选的人不在该群中'],
  transferToDeparted: ['INVALID_ARGUMENT', '不能转让给已离职的同事'],

  // ---- messages ----
  messageNotFound: ['NOT_FOUND', '消息不存在'],
  messageGone: ['NOT_FOUND', '消息不存在或已被删除'],
  messageRemoved: ['NOT_FOUND', '该消息已被管理员删除'],
  recallOthers: ['FORBIDDEN', '只能撤回自己发送的消息'],
  recallExpired: ['RECALL_EXPIRED', '超过2分钟的消息无法撤回'],
  receiptsForbidden: ['FORBIDDEN', '只有发送者和群主、管理员可以查看已读情况'],
  mentionAllForbidden: ['FORBIDDEN', '只有群主和管理员可以@所有人'],
  mutedAll: ['MUTED', '全员禁言中，仅群主和管理员可发言'],
  sendRateLimited: [
    'RATE_LIMITED',
    (d: { retryAfterMs: number }) =>
      `发送太频繁，请 ${Math.max(1, Math.ceil(d.retryAfterMs / 1000))} 秒后再试`,
  ],
  contentRejected: ['CONTENT_REJECTED', '消息含有违规内容，未能发送'],
  fieldRejected: [
    'CONTENT_REJECTED',
    (d: { field: string; label: string }) => `${d.label}含有违规内容，请修改后重试`,
  ],
  secCheckBusy: ['RATE_LIMITED', '内容安全检查繁忙，消息未发送，请稍后重试'],
  secCheckDown: ['INTERNAL', '内容安全检查暂不可用，消息未发送，请稍后重试'],
  secCheckOdd: ['INTERNAL', '内容安全检查返回异常，消息未发送，请稍后重试'],

  // ---- back office ----
  onlyGroupsToggle: ['INVALID_ARGUMENT', '只能禁用或启用群聊'],
  dissolvedToggle: ['GROUP_DISSOLVED', '该群已解散，无法禁用或启用'],
  onlyGroupsDelete: ['INVALID_ARGUMENT', '只能删除群聊'],
  systemMessageDelete: ['INVALID_ARGUMENT', '系统消息不能删除'],
  rangeReversed: ['INVALID_ARGUMENT', '开始时间不能晚于结束时间'],
  exportFileInvalid: ['INVALID_ARGUMENT', '不是聊天记录导出文件'],

  // ---- roster import ----
  rosterTooLong: [
    'INVALID_ARGUMENT',
    (d: { max: number; rows?: number }) => `一次最多导入 ${d.max} 行，请分批导入`,
  ],
  rosterHeader: ['INVALID_ARGUMENT', '表头需要包含“姓名”和“手机号”两列'],
  rosterUnreadable: ['INVALID_ARGUMENT', '无法读取该 Excel 文件，请另存为 .xlsx 后重试'],
  rosterFileMissing: ['NOT_FOUND', '找不到上传的文件，请重新上传'],
  rosterBusy: ['CONFLICT', '另一个花名册导入正在进行，请稍后再试'],
  rosterFileForeign: ['INVALID_ARGUMENT', '文件无效，请重新上传花名册'],

  // ---- org chart (admin department edits) ----
  departmentNameInvalid: [
    'INVALID_ARGUMENT',
    (d: { fields: FieldIssue[] }) => d.fields.map((f) => f.message).join('；'),
  ],
  departmentNameTaken: ['CONFLICT', (d: { name: string }) => `同一上级部门下已有“${d.name}”`],
  departmentParentNotFound: ['NOT_FOUND', '上级部门不存在'],
  departmentCycle: ['INVALID_ARGUMENT', '不能把部门移动到它自己或它的下级部门之下'],
  departmentNotEmpty: [
    'CONFLICT',
    (d: { children: number; employees: number }) =>
      `部门下还有${[d.children ? `${d.children} 个下级部门` : '', d.employees ? `${d.employees} 位员工` : ''].filter(Boolean).join('和')}，不能删除`,
  ],
  departmentsBusy: ['CONFLICT', '花名册正在导入，请稍后再修改组织架构'],

  // ---- anything else ----
  internal: ['INTERNAL', (d: { requestId: string }) => `系统繁忙，请稍后再试（请求号 ${d.requestId}）`],
} as const satisfies Record<string, Entry>;

type Catalogue = typeof CATALOGUE;
export type ErrorName = keyof Catalogue;

/** Errors whose message is built from their details must be given those details. */
type Factory<E> = E extends readonly [ErrorCode, (details: infer D) => string]
  ? (details: D) => AppError
  : (details?: unknown) => AppError;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    /** The catalogue entry it came from. */
    readonly reason?: ErrorName,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

function make(name: ErrorName) {
  const [code, message] = CATALOGUE[name] as Entry;
  return (details?: unknown): AppError =>
    new AppError(code, typeof message === 'function' ? message(details as never) : message, details, name);
}

/** One factory per catalogue entry: `throw errors.notInGroup()`. */
export const errors = Object.fromEntries(
  (Object.keys(CATALOGUE) as ErrorName[]).map((name) => [name, make(name)]),
) as { [N in ErrorName]: Factory<Catalogue[N]> };

/** The message an entry shows, for results that explain a refusal without throwing it. */
export const messageOf = (name: ErrorName): string => {
  const [, message] = CATALOGUE[name] as Entry;
  return typeof message === 'function' ? '' : message;
};

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;
