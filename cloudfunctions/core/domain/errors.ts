// Errors are named values with a Chinese message for the user and machine-readable details.
import type { ErrorCode } from '../../../typings/api';

const DEFAULT_MESSAGES: Record<ErrorCode, string> = {
  UNAUTHENTICATED: '请先绑定员工身份',
  FORBIDDEN: '没有权限执行该操作',
  INVALID_ARGUMENT: '参数不正确',
  NOT_FOUND: '内容不存在',
  CONFLICT: '操作冲突，请刷新后重试',
  GROUP_FULL: '群成员已达上限',
  GROUP_DISABLED: '该群已被管理员禁用',
  GROUP_DISSOLVED: '该群已解散',
  CONTENT_REJECTED: '内容含有违规信息，未能发送',
  RECALL_EXPIRED: '超过2分钟的消息无法撤回',
  MUTED: '全员禁言中，仅群主和管理员可发言',
  RATE_LIMITED: '操作太频繁，请稍后再试',
  INTERNAL: '系统繁忙，请稍后再试',
};

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly details?: unknown,
  ) {
    super(message ?? DEFAULT_MESSAGES[code]);
    this.name = 'AppError';
  }
}

export const fail = (code: ErrorCode, message?: string, details?: unknown): never => {
  throw new AppError(code, message, details);
};

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;
