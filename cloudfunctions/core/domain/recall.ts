// Recall: only the sender, only within two minutes of the server's send time.
import { errors } from './errors';

export const RECALL_WINDOW_MS = 2 * 60 * 1000;

export interface RecallTarget {
  senderId: string | null;
  type: string;
  createdAt: number;
  recalled?: boolean;
  removed?: boolean;
}

/** Until when the sender may recall a message (the server's send time + the window). */
export const recallDeadline = (m: { createdAt: number }): number => m.createdAt + RECALL_WINDOW_MS;

/** Returns false when there is nothing to do (already recalled: recalling twice is idempotent). */
export function checkRecall(m: RecallTarget, callerId: string, now: number): boolean {
  if (m.type === 'system' || m.senderId !== callerId) throw errors.recallOthers();
  if (m.removed) throw errors.messageRemoved();
  if (m.recalled) return false;
  if (now > recallDeadline(m)) throw errors.recallExpired();
  return true;
}
