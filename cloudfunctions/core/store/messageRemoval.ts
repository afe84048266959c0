// Removing one message for everyone, inside the caller's transaction: the message keeps its place
// (seq, sender, time) but loses its content and carries the line to show (open chat pages watch the
// message itself); when it was the last message the list preview becomes that line too. Admin removal and a risky image verdict both end here.
import { stripContent } from '../domain/backoffice';
import type { RetractNotices } from '../domain/preview';
import type { ConversationDoc, MessageDoc } from './documents';
import { updateConversationTx } from './conversations';
import { headChangedTx } from './memberHeads';
import type { Tx } from './transaction';

export interface Removal {
  /** Employee id of the admin, or the name of the automatic check. */
  removedBy: string;
  at: number;
  /** The line members see instead of the message (the sender may read their own). */
  notices: RetractNotices;
  /** Marks a removal by the content check. */
  flagged?: boolean;
}

export async function removeMessageInTx(
  tx: Tx,
  m: MessageDoc,
  c: ConversationDoc,
  { removedBy, at, notices, flagged }: Removal,
): Promise<void> {
  const { _id: id, ...rest } = m;
  await tx
    .collection('messages')
    .doc(id)
    .set({
      data: {
        ...stripContent(rest),
        removed: true,
        ...(flagged ? { flagged: true } : {}),
        removedAt: at,
        removedBy,
        // Members read the stripped document itself (database-rules/messages.json).
        notice: notices.notice,
        ownNotice: notices.ownNotice,
      },
    });
  // Open chat pages watch the message itself; the list preview follows when it was the newest.
  if (c.lastMessage?.id === id)
    await updateConversationTx(tx, c._id, {
      lastMessage: { ...c.lastMessage, preview: notices.notice, state: 'removed' },
    });
  // Members' list rows showing it as the newest message (store/memberHeads.ts).
  headChangedTx(tx, c._id);
}
