// Removing one message for everyone, inside the caller's transaction: the message keeps its place
// (seq, sender, time) but loses its content; the conversation's lastRetract — the marker open chat
// pages watch — names it with the line to show; and when it was the last message the list preview
// becomes that line too. Admin removal and a risky image verdict both end here.
import { stripContent } from '../domain/backoffice';
import type { RetractNotices } from '../domain/preview';
import type { ConversationDoc, MessageDoc } from './documents';
import { updateConversationTx } from './conversations';
import { headChangedTx } from './memberHeads';
import type { Changes, Tx } from './transaction';

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
  // Both objects are written whole (store/query `whole`: a dotted merge fails on a null field).
  const changes: Changes<ConversationDoc> = {
    lastRetract: { messageId: id, seq: m.seq, kind: 'removed', at, ...notices },
  };
  if (c.lastMessage?.id === id)
    changes.lastMessage = { ...c.lastMessage, preview: notices.notice, state: 'removed' };
  await updateConversationTx(tx, c._id, changes);
  // Members' list rows showing it as the newest message (store/memberHeads.ts).
  headChangedTx(tx, c._id);
}
