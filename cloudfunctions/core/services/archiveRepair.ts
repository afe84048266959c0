// Maintenance step for messages recalled before the recall moved content into message_archive
// (the data-in-push design, database-rules/README.md): such a message still holds its text, file
// and mentions in `messages`, which members read directly — so once the new rule is live a watch
// would hand that content out. This walks recalled messages once, by recall time from a stored
// cursor, a bounded batch per run, and moves what it finds exactly as a recall does today: the
// content into the archive and the message stripped with its recall lines, in ONE transaction per
// message (a crash leaves each message either untouched or fully moved). Idempotent: a message
// with no content left is skipped; a crash before the cursor is saved only makes the next run
// look at the same messages again. Recalls made since the archive exist never hold content, so
// after the one-off catch-up each run reads one short page of recent recalls.
import { retractNotices } from '../domain/preview';
import { clock } from '../platform/clock';
import { getEmployee } from '../store/employees';
import {
  advanceRecalledCursor,
  holdsContent,
  loadRecalledCursor,
  recallMessageTx,
  recalledAfter,
  saveRecalledCursor,
} from '../store/messageArchive';
import { getMessageTx } from '../store/messages';
import { withTransaction } from '../store/transaction';
import type { RepairOutcome } from './maintenance';

const BATCH = 50;

export async function archiveRecalledContent(_now: number, deadline: number): Promise<RepairOutcome> {
  const cursor = await loadRecalledCursor();
  const batch = await recalledAfter(cursor, BATCH);
  let repaired = 0;
  let looked = 0;
  for (const found of batch) {
    if (Date.now() >= deadline) break;
    if (holdsContent(found)) {
      // Older messages carry no sender name: the recall line names the sender as the recall did.
      const name =
        found.senderName ?? (found.senderId ? (await getEmployee(found.senderId))?.name : '') ?? '';
      const moved = await withTransaction(async (tx) => {
        const m = await getMessageTx(tx, found._id);
        if (!m?.recalled || !holdsContent(m)) return false;
        await recallMessageTx(tx, m, m.recalledAt ?? clock.now(), retractNotices('recalled', name));
        return true;
      });
      if (moved) repaired++;
    }
    looked++;
  }
  if (looked) await saveRecalledCursor(advanceRecalledCursor(cursor, batch.slice(0, looked)));
  return { repaired, more: looked < batch.length || batch.length === BATCH };
}
