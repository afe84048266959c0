// groups.setPrefs: the caller's own settings for one chat, written to their member document
// (one conditional-free update: nobody else writes these fields). The member watch of the
// conversation list page picks the change up on every device.
import { prefsOf, type ChatPrefs } from '../domain/chatPrefs';
import type { EmployeeDoc } from '../store/documents';
import { setMemberPrefs } from '../store/members';
import { requireMember } from './access';

export interface PrefsPatch {
  pinned?: boolean;
  muted?: boolean;
  /** true hides the chat from the list until its next message; false shows it again. */
  hidden?: boolean;
  /**
   * With hidden: the last seq the list showed. A message that arrived meanwhile is "the next
   * message" and keeps the chat visible. Default: the chat's last seq now.
   */
  seq?: number;
  /** 标为未读 (true) or clear that mark (false). */
  unread?: boolean;
}

export async function setPrefs(
  caller: EmployeeDoc,
  conversationId: string,
  p: PrefsPatch,
): Promise<ChatPrefs> {
  const { conversation, member } = await requireMember(conversationId, caller._id);
  const next = { ...member };
  if (p.pinned !== undefined) next.pinned = p.pinned;
  if (p.muted !== undefined) next.muted = p.muted;
  if (p.unread !== undefined) next.markedUnread = p.unread;
  if (p.hidden === true) next.hiddenSeq = Math.min(p.seq ?? conversation.lastSeq, conversation.lastSeq);
  if (p.hidden === false) delete next.hiddenSeq;
  const changed =
    next.pinned !== member.pinned ||
    next.muted !== member.muted ||
    next.markedUnread !== member.markedUnread ||
    next.hiddenSeq !== member.hiddenSeq;
  if (changed)
    await setMemberPrefs(member._id, {
      pinned: !!next.pinned,
      muted: !!next.muted,
      markedUnread: !!next.markedUnread,
      hiddenSeq: next.hiddenSeq ?? null,
    });
  return prefsOf(next, conversation.lastSeq);
}
