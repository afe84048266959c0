// How many messages people sent in a group, for the back office's table and group page. Kept on
// the conversation (`sentCount`, advanced in the very write that hands out a message's seq:
// services/timeline.ts headAfter), so a table page costs no read of messages at all — it used to
// be an aggregate over every message of the page's groups, which grows with their history.
// Conversations from before the counter existed have none: the maintenance repair walks every
// group once, a page a run, and counts those over their (conversationId, seq) range; until it
// has, a row counts that one group itself.
import {
  countSentUpTo,
  groupsInCreationOrder,
  loadSentCountsCursor,
  saveSentCount,
  saveSentCountsCursor,
} from '../store/backoffice';
import type { ConversationDoc } from '../store/documents';
import type { RepairOutcome } from './maintenance';
import { applyLastBatch } from './sequencer';

/** Groups the repair looks at per run. */
const PAGE = 50;

/** The count of each group (one request per group still without its counter, none otherwise). */
export async function sentCounts(groups: readonly ConversationDoc[]): Promise<Map<string, number>> {
  const counted = await Promise.all(
    groups.map(async (c) => [c._id, c.sentCount ?? (await countSentUpTo(c._id, c.lastSeq))] as const),
  );
  return new Map(counted);
}

/** Counts, a page of groups a run, those still without a counter (idempotent; resumes from a cursor). */
export async function repairSentCounts(_now: number, deadline: number): Promise<RepairOutcome> {
  const page = await groupsInCreationOrder(await loadSentCountsCursor(), PAGE);
  let repaired = 0;
  let done: ConversationDoc | undefined;
  for (const c of page) {
    if (Date.now() >= deadline) break;
    if (c.sentCount === undefined) {
      // A batch numbered but not yet given its seqs would be missed by the count.
      await applyLastBatch(c);
      // A send or system line since `c` was read: this group is counted on the next run.
      if (!(await saveSentCount(c._id, c.lastSeq, await countSentUpTo(c._id, c.lastSeq)))) break;
      repaired++;
    }
    done = c;
  }
  if (done) await saveSentCountsCursor({ at: done.createdAt, id: done._id });
  return { repaired, more: page.length === PAGE || done !== page[page.length - 1] };
}
