// Maintenance step that keeps the search index complete (store/searchTerms.ts): it walks every
// message once in creation order from a stored cursor, a bounded batch per run, and indexes the
// searchable ones whose terms are missing — messages stored before the index existed (the
// backfill after deploying it) and sends whose function died between the message transaction
// and the term write. It stays one function timeout behind the clock so it never races a send
// that is still writing its own terms. Idempotent: indexing twice writes the same documents.
import { timeoutMs } from '../platform/functions';
import type { MessageDoc } from '../store/documents';
import { byId, collection, command, rows } from '../store/query';
import { indexMessage, indexedAmong, sortKey, termDocsOf } from '../store/searchTerms';
import type { RepairOutcome } from './maintenance';

const CURSOR_ID = 'searchBackfill';
const BATCH = 200;

interface CursorDoc {
  _id: string;
  /** sortKey of the last message looked at ('' before the first run). */
  key: string;
}

export async function backfillSearchTerms(now: number, deadline: number): Promise<RepairOutcome> {
  const cursor = (await byId<CursorDoc>('settings', CURSOR_ID))?.key ?? '';
  const _ = command();
  const at = cursor ? Number(cursor.slice(0, 13)) : 0;
  const horizon = now - timeoutMs('messages');
  const batch = await rows<MessageDoc>(
    collection('messages')
      .where({ createdAt: _.gte(at).and(_.lte(horizon)) })
      .orderBy('createdAt', 'asc')
      .limit(BATCH),
  );
  const fresh = batch
    .filter((m) => sortKey(m.createdAt, m._id) > cursor)
    .sort((a, b) => (sortKey(a.createdAt, a._id) < sortKey(b.createdAt, b._id) ? -1 : 1));
  const searchable = fresh.filter((m) => termDocsOf(m).length > 0);
  const indexed = searchable.length ? await indexedAmong(searchable.map((m) => m._id)) : new Set<string>();
  let repaired = 0;
  let last = cursor;
  for (const m of fresh) {
    if (Date.now() >= deadline) break;
    if (termDocsOf(m).length && !indexed.has(m._id)) {
      await indexMessage(m);
      repaired++;
    }
    last = sortKey(m.createdAt, m._id);
  }
  if (last !== cursor)
    await collection('settings')
      .doc(CURSOR_ID)
      .set({ data: { key: last } });
  return { repaired, more: batch.length === BATCH };
}
