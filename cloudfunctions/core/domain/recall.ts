// Recall: only the sender, only within two minutes of the server's send time.
import { AppError } from './errors';

export const RECALL_WINDOW_MS = 2 * 60 * 1000;

export interface RecallTarget {
  senderId: string | null;
  type: string;
  createdAt: number;
  recalled?: boolean;
  removed?: boolean;
}

/** Returns false when there is nothing to do (already recalled: recalling twice is idempotent). */
export function checkRecall(m: RecallTarget, callerId: string, now: number): boolean {
  if (m.type === 'system' || m.senderId !== callerId)
    throw new AppError('FORBIDDEN', '只能撤回自己发送的消息');
  if (m.removed) throw new AppError('NOT_FOUND', '该消息已被管理员删除');
  if (m.recalled) return false;
  if (now - m.createdAt > RECALL_WINDOW_MS) throw new AppError('RECALL_EXPIRED', '超过2分钟的消息无法撤回');
  return true;
}
