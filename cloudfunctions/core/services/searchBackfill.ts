// Maintenance step that keeps the search index complete (store/searchTerms.ts): it walks every
// message once in creation order from a stored cursor, a bounded batch per run, and indexes the
// searchable ones missing from any of their postings — messages stored before the index existed (the
// backfill after deploying it) and sends whose function died between the message transaction
// and the term write. It stays one function timeout behind the clock so it never races a send
// that is still writing its own terms. Idempotent: indexing twice writes the same documents.
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
  for (const m of fresh) {
    if (Date.now() >= deadline) break;
    if (filingOf(m) && !indexed.has(m._id)) {
      await indexMessage(m);
      repaired++;
    }
    last = sortKey(m.createdAt, m._id);
  }
  if (last !== cursor) await saveBackfillCursor(last);
  return { repaired, more: batch.length === BATCH };
}
