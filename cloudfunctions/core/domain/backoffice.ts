// Back-office rules, pure: which status changes an admin may make, what a removed message keeps,
// and how one message reads as a row of the history export.
import type { ConversationType, MessageType } from '../../../typings/api';
import type { ConversationLifecycle } from './model';
import { errors } from './errors';

export const REMOVED_PLACEHOLDER = '该消息已被管理员删除';
/** What everyone sees instead of an image WeChat's media check found risky. */
export const FLAGGED_PLACEHOLDER = '该图片未通过内容安全检查，已被屏蔽';

/** China has one time zone and no daylight saving: exports and "today" use UTC+8. */
export const CHINA_OFFSET_MS = 8 * 3600 * 1000;

interface GroupState {
  type: ConversationType;
  status: ConversationLifecycle;
}

/**
 * Disable/enable apply to groups that are not dissolved. Asking for the status a group already
 * has is a no-op (a double tap must not write a second audit entry), not an error.
 */
export function checkStatusChange(group: GroupState, target: 'active' | 'disabled'): 'apply' | 'noop' {
  if (group.type !== 'group')
    throw errors.onlyGroupsToggle({
      fields: [{ path: 'conversationId', message: '不是群聊' }],
    });
  if (group.status === 'dissolved') throw errors.dissolvedToggle();
  // A group being purged never comes back (it would count members that are gone).
  if (group.status === 'deleting' || group.status === 'creating') throw errors.conversationNotFound();
  return group.status === target ? 'noop' : 'apply';
}

export function checkDeletable(group: GroupState): void {
  if (group.type !== 'group')
    throw errors.onlyGroupsDelete({
      fields: [{ path: 'conversationId', message: '不是群聊' }],
    });
  if (group.status === 'creating') throw errors.conversationNotFound();
}

/** System lines are the product's own record of what happened; only people's messages are removed. */
export function checkRemovable(message: { type: MessageType }): void {
  if (message.type === 'system')
    throw errors.systemMessageDelete({
      fields: [{ path: 'messageId', message: '系统消息' }],
    });
}

/** Fields that carry what a person said or sent; a removed message keeps none of them. */
export const CONTENT_FIELDS = ['text', 'fileId', 'fileName', 'fileSize', 'mentions'] as const;

/** The stored message after removal: identity, order and flags stay, content goes. */
export function stripContent<T extends Record<string, unknown>>(
  message: T,
): Omit<T, (typeof CONTENT_FIELDS)[number]> {
  const out: Record<string, unknown> = { ...message };
  for (const f of CONTENT_FIELDS) delete out[f];
  return out as Omit<T, (typeof CONTENT_FIELDS)[number]>;
}

/** Start (ms) of the China calendar day containing `now`. */
export function startOfChinaDay(now: number): number {
  const local = now + CHINA_OFFSET_MS;
  return local - (((local % 86_400_000) + 86_400_000) % 86_400_000) - CHINA_OFFSET_MS;
}

/** 2026-11-25 13:05:09 in China time. */
export function formatChinaTime(ms: number): string {
  return new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

export const EXPORT_COLUMNS = ['时间', '发送人', '部门', '类型', '内容'] as const;

const TYPE_LABELS: Record<MessageType, string> = {
  text: '文字',
  image: '图片',
  file: '文件',
  system: '系统',
};

export interface ExportSource {
  type: MessageType;
  createdAt: number;
  text?: string;
  fileId?: string;
  fileName?: string;
  recalled?: boolean;
  removed?: boolean;
}

/**
 * One export row. Media rows name the file (or link the image); a recalled message shows its
 * original after a [已撤回] mark (the company keeps the record); a removed one only [已删除],
 * since its original lives in the audit log alone.
 */
export function exportRow(
  m: ExportSource,
  sender: { name: string; department: string },
  imageUrl?: string,
): string[] {
  let content: string;
  if (m.type === 'image') content = imageUrl || m.fileId || '';
  else if (m.type === 'file') content = m.fileName ?? '';
  else content = m.text ?? '';
  if (m.removed) content = '[已删除]';
  else if (m.recalled) content = `[已撤回] ${content}`.trim();
  return [formatChinaTime(m.createdAt), sender.name, sender.department, TYPE_LABELS[m.type], content];
}
