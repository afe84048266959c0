// @mentions: a list of employee ids or "all". @all is the owner's and admins' tool only.
import { errors } from './errors';
import type { MemberRole } from '../../../typings/api';
import { isManagerRole } from './ownership';

export type Mentions = string[] | 'all';
export const MAX_MENTIONS = 50;

/** @all: in groups, by the owner and admins. */
export const mayMentionAll = (role: MemberRole, conversationType: 'group' | 'direct'): boolean =>
  conversationType === 'group' && isManagerRole(role);

/** Refuses @all from a plain member (FORBIDDEN, per api.md) and in direct chats. */
export function checkMentions(
  mentions: Mentions | undefined,
  role: MemberRole,
  conversationType: 'group' | 'direct',
): void {
  if (mentions !== 'all') return;
  if (!mayMentionAll(role, conversationType)) throw errors.mentionAllForbidden();
}

/** Distinct ids, without the sender (mentioning oneself marks nothing), in the order given. */
export function normalizeMentions(mentions: Mentions | undefined, senderId: string): Mentions | undefined {
  if (mentions === undefined || mentions === 'all') return mentions;
  const ids = [...new Set(mentions)].filter((id) => id !== senderId);
  return ids.length ? ids : undefined;
}
