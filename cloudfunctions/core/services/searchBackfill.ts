// Maintenance step that keeps the search index complete (store/searchTerms.ts): it walks every
// message once in creation order from a stored cursor, batches of 200 while the run has budget
// (it is the last step), and indexes the searchable ones missing from any of their postings —
// messages stored before the index existed or before a change of the postings (the backfill
// after deploying it) and sends whose function died between the message transaction and the
// term write. It stays one function timeout behind the clock so it never races a send that is
// still writing its own terms. Idempotent: indexing twice writes the same documents.
import { timeoutMs } from '../platform/functions';
import { messagesCreatedBetween } from '../store/messages';
import {
  filingOf,
  indexMessage,
  indexedAmong,
  loadBackfillCursor,
  saveBackfillCursor,
  sortKey,
} from '../store/searchTerms';
import type { RepairOutcome } from './maintenance';

const BATCH = 200;

export async function backfillSearchTerms(now: number, deadline: number): Promise<RepairOutcome> {
  let repaired = 0;
  // Batch after batch while the run has budget (refiling 10 M messages 200 per 5-minute run
  // would take half a year), as long as the cursor moves.
  for (;;) {
    const out = await backfillBatch(now, deadline);
    repaired += out.repaired;
    if (!out.more || !out.moved || Date.now() >= deadline) return { repaired, more: out.more };
  }
}

async function backfillBatch(now: number, deadline: number): Promise<RepairOutcome & { moved: boolean }> {
  const cursor = await loadBackfillCursor();
  const at = cursor ? Number(cursor.slice(0, 13)) : 0;
  const horizon = now - timeoutMs('messages');
  const batch = await messagesCreatedBetween(at, horizon, BATCH);
  const fresh = batch
    .filter((m) => sortKey(m.createdAt, m._id) > cursor)
    .sort((a, b) => (sortKey(a.createdAt, a._id) < sortKey(b.createdAt, b._id) ? -1 : 1));
  const searchable = fresh.filter((m) => filingOf(m) !== null);
  const indexed = searchable.length ? await indexedAmong(searchable) : new Set<string>();
  let repaired = 0;
  let last = cursor;
  let stopped = false;
  for (const m of fresh) {
    if (Date.now() >= deadline) {
      stopped = true;
      break;
    }
    if (filingOf(m) && !indexed.has(m._id)) {
      await indexMessage(m);
      repaired++;
    }
    last = sortKey(m.createdAt, m._id);
  }
  if (last !== cursor) await saveBackfillCursor(last);
  return { repaired, more: stopped || batch.length === BATCH, moved: last !== cursor };
}
