// One Chinese sentence per audit entry, the way an admin reads the log: 谁 在何时 对哪个群 做了什么
// ("2026-11-20 10:02 张伟 在「南京路店工作群」将 李娜 设为群管理员"). Pure: the caller resolves
// the names of the people and the group the entry mentions; an unknown id reads as "某同事".
import type { AuditAction } from '../../../typings/api';
import { formatChinaTime } from './backoffice';

export interface AuditFacts {
  actorName: string;
  action: AuditAction;
  at: number;
  before?: unknown;
  after?: unknown;
  details?: unknown;
}

export interface AuditNames {
  /** employee id → name */
  people: ReadonlyMap<string, string>;
  /** The group the entry is about ('' when none). */
  groupName: string;
}

/** Labels of every action, for the filter and as a fallback sentence. */
export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
  'company.bootstrap': '初始化管理员',
  'employee.bind': '绑定身份',
  'roster.import': '导入花名册',
  'employee.offboard': '办理离职',
  'employee.update': '修改员工资料',
  'employee.setAdmin': '设置管理员',
  'employee.reissueInvite': '重发邀请码',
  'employee.rehire': '办理复职',
  'settings.update': '修改企业设置',
  'group.disable': '禁用群聊',
  'group.enable': '启用群聊',
  'group.delete': '删除群聊',
  'message.delete': '删除消息',
  'group.exportHistory': '导出聊天记录',
  'group.readHistory': '查看聊天记录',
  'group.create': '创建群聊',
  'group.update': '修改群资料',
  'group.transferOwner': '转让群主',
  'group.setAdmins': '设置群管理员',
  'group.dissolve': '解散群聊',
  'group.syncDepartments': '同步部门成员',
  'group.addMembers': '添加群成员',
  'group.removeMembers': '移除群成员',
  'group.handover': '群主自动移交',
  'message.imageFlagged': '图片违规已屏蔽',
  'department.create': '新建部门',
  'department.update': '修改部门',
  'department.delete': '删除部门',
  'roster.export': '导出花名册',
  'department.createGroups': '批量创建部门群',
};

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Rec) : {});
const ids = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

/** Ids of people an entry mentions, to be resolved to names before describing it. */
export function mentionedPeople(e: Pick<AuditFacts, 'before' | 'after' | 'details'>): string[] {
  const out = new Set<string>();
  for (const part of [rec(e.before), rec(e.after), rec(e.details)]) {
    for (const key of ['ownerId', 'employeeId', 'senderId', 'creatorId'])
      if (typeof part[key] === 'string') out.add(part[key] as string);
    for (const key of ['adminIds', 'added', 'removed', 'employeeIds'])
      for (const id of ids(part[key])) out.add(id);
  }
  return [...out];
}

const LIST_SHOWN = 5;

function people(list: string[], names: AuditNames): string {
  if (!list.length) return '无';
  const shown = list.slice(0, LIST_SHOWN).map((id) => names.people.get(id) ?? '某同事');
  return list.length > LIST_SHOWN ? `${shown.join('、')} 等 ${list.length} 人` : shown.join('、');
}

const SETTING_LABELS: Record<string, string> = {
  initiation: '发起群聊权限',
  usageScope: '使用范围',
  memberCap: '群人数上限',
  mobileVisible: '手机号可见',
};

const GROUP_FIELD_LABELS: Record<string, string> = {
  name: '群名称',
  announcement: '群公告',
  muteAll: '全员禁言',
  allowMemberInvite: '成员邀请',
  autoSync: '自动同步部门成员',
};

const EMPLOYEE_FIELD_LABELS: Record<string, string> = {
  name: '姓名',
  mobile: '手机号',
  departmentIds: '部门',
  position: '职位',
};

function quote(v: unknown, max = 30): string {
  const text = typeof v === 'string' ? v : v === true ? '开启' : v === false ? '关闭' : JSON.stringify(v);
  return `“${text.length > max ? `${text.slice(0, max)}…` : text}”`;
}

/** What was done, without who and when. */
function what(e: AuditFacts, n: AuditNames): string {
  const before = rec(e.before);
  const after = rec(e.after);
  const details = rec(e.details);
  const name = (id: unknown) => (typeof id === 'string' ? (n.people.get(id) ?? '某同事') : '某同事');
  switch (e.action) {
    case 'company.bootstrap':
      return '完成初始化，成为第一位管理员';
    case 'employee.bind':
      return details.via === 'phone' ? '通过手机号绑定了员工身份' : '通过邀请码绑定了员工身份';
    case 'roster.import':
      return `导入花名册：新增 ${Number(details.created ?? 0)} 人，更新 ${Number(details.updated ?? 0)} 人，离职 ${Number(details.departed ?? 0)} 人，未导入 ${Number(details.rejected ?? 0)} 行`;
    case 'employee.offboard':
      return `为 ${String(details.name ?? '某同事')} 办理了离职`;
    case 'employee.update':
      return `修改了 ${String(details.name ?? '某同事')} 的${
        Object.keys(after)
          .map((k) => EMPLOYEE_FIELD_LABELS[k])
          .filter(Boolean)
          .join('、') || '资料'
      }`;
    case 'employee.reissueInvite':
      return `为 ${String(details.name ?? '某同事')} 重新生成了邀请码（旧邀请码作废）`;
    case 'employee.rehire':
      return `为 ${String(details.name ?? '某同事')} 办理了复职`;
    case 'employee.setAdmin':
      return after.isAdmin
        ? `将 ${String(details.name ?? '某同事')} 设为管理员`
        : `取消了 ${String(details.name ?? '某同事')} 的管理员身份`;
    case 'settings.update':
      return `修改了企业设置：${
        Object.keys(after)
          .map((k) => SETTING_LABELS[k] ?? k)
          .join('、') || '无变化'
      }`;
    case 'group.disable':
      return '禁用了该群';
    case 'group.enable':
      return '重新启用了该群';
    case 'group.delete':
      return `删除了该群（${Number(details.messages ?? 0)} 条消息、${Number(details.files ?? 0)} 个文件）`;
    case 'message.delete':
      return `删除了 ${name(before.senderId)} 的一条消息${details.reason ? `，原因：${quote(details.reason)}` : ''}`;
    case 'group.exportHistory':
      return `导出了聊天记录（${Number(after.rows ?? 0)} 条）`;
    case 'group.readHistory':
      return '查看了聊天记录';
    case 'group.create':
      return `创建了该群（${Number(details.memberCount ?? 0)} 人）`;
    case 'group.update': {
      const parts = Object.keys(after).map((k) =>
        k === 'announcement' && !after[k]
          ? '清除了群公告'
          : `将${GROUP_FIELD_LABELS[k] ?? k}改为${quote(after[k])}`,
      );
      return parts.join('，') || '修改了群资料';
    }
    case 'group.transferOwner':
      return `将群主转让给 ${name(after.ownerId)}`;
    case 'group.setAdmins':
      return `将群管理员设为 ${people(ids(after.adminIds), n)}`;
    case 'group.dissolve':
      return '解散了该群';
    case 'group.syncDepartments':
      return `同步部门成员：加入 ${people(ids(details.added), n)}，移出 ${people(ids(details.removed), n)}`;
    case 'group.addMembers':
      return `添加了 ${people(ids(details.added), n)}`;
    case 'group.removeMembers':
      return `移除了 ${people(ids(details.removed), n)}`;
    case 'group.handover':
      return `${details.reason === 'offboard' ? '离职' : '退出'}，群主自动移交给 ${name(after.ownerId)}`;
    case 'message.imageFlagged':
      return `${name(details.senderId)} 发送的图片未通过内容安全检查，已对所有人屏蔽`;
    case 'department.create':
      return `新建了部门 ${quote(after.path)}`;
    case 'department.update':
      return before.path === after.path
        ? `调整了部门 ${quote(after.path)} 的排序`
        : `将部门 ${quote(before.path)} 改为 ${quote(after.path)}`;
    case 'department.delete':
      return `删除了部门 ${quote(before.path)}`;
    case 'roster.export':
      return details.template ? '下载了花名册导入模板' : `导出了花名册（${Number(details.rows ?? 0)} 人）`;
    case 'department.createGroups':
      return `为 ${quote(details.path)} 下的 ${Number(details.departments ?? 0)} 个部门批量创建部门群`;
    default:
      return AUDIT_ACTION_LABELS[e.action] ?? e.action;
  }
}

export function describeAudit(e: AuditFacts, names: AuditNames): string {
  const when = formatChinaTime(e.at).slice(0, 16);
  const who = e.actorName || '系统';
  const where = names.groupName ? ` 在「${names.groupName}」` : '';
  return `${when} ${who}${where} ${what(e, names)}`;
}
