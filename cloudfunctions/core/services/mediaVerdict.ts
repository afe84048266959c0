// WeChat's verdict on a chat image (the `wxa_media_check` event): a risky image is removed for
// everyone — the same transaction as an admin removal (content stripped from the document, the
// open chat pages get the stripped message pushed, the list preview follows) — and audited. A pass
// (or review, which WeChat leaves to the operator) only closes the pending check. Only trace ids
// the functions stored are acted on, and each at most once.
import { FLAGGED_PLACEHOLDER } from '../domain/backoffice';
import { clock } from '../platform/clock';
import type { MediaCheckEvent } from '../platform/mediaCheck';
import { recordAudit } from '../store/audit';
import { decideMediaCheckTx, getMediaCheck, getMediaCheckTx } from '../store/mediaChecks';
import { removeMessageInTx } from '../store/messageRemoval';
import { withTransaction } from '../store/transaction';
import { getConversationTx } from '../store/conversations';
import { getMessageTx } from '../store/messages';

export type VerdictOutcome = 'unknown' | 'done' | 'pass' | 'risky';

export async function onMediaVerdict(event: MediaCheckEvent): Promise<VerdictOutcome> {
  if (typeof event.trace_id !== 'string' || !event.trace_id) return 'unknown';
  const pending = await getMediaCheck(event.trace_id);
  if (!pending) return 'unknown';
  if (pending.status !== 'pending') return 'done';
  const risky = event.result?.suggest === 'risky';
  return withTransaction(async (tx): Promise<VerdictOutcome> => {
    const check = await getMediaCheckTx(tx, event.trace_id);
    if (!check || check.status !== 'pending') return 'done';
    await decideMediaCheckTx(tx, event.trace_id, risky ? 'risky' : 'pass', clock.now());
    if (!risky) return 'pass';
    const m = await getMessageTx(tx, check.messageId);
    const c = await getConversationTx(tx, check.conversationId);
    if (!m || !c || m.removed) return 'risky';
    const now = clock.now();
    const id = m._id;
    // The check's own wording for everyone, the sender included.
    const notices = { notice: FLAGGED_PLACEHOLDER, ownNotice: FLAGGED_PLACEHOLDER };
    await removeMessageInTx(tx, m, c, { removedBy: 'contentSecurity', at: now, notices, flagged: true });
    await recordAudit(
      {
        actorId: null,
        actorName: '内容安全',
        action: 'message.imageFlagged',
        targetType: 'message',
        targetId: id,
        conversationId: c._id,
        // The file stays in storage for the back office; members can no longer get a link to it.
        before: { seq: m.seq, type: m.type, senderId: m.senderId, fileId: m.fileId, createdAt: m.createdAt },
        after: { removed: true, flagged: true },
        details: {
          senderId: m.senderId,
          traceId: event.trace_id,
          label: event.result?.label ?? null,
          name: c.name,
        },
        at: now,
      },
      tx,
    );
    return 'risky';
  });
}
