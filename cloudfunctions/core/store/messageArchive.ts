// Recalled content, kept for the back office only. `messages` is client-readable (members watch
// it: database-rules/messages.json), so a recall moves the text, file and mentions here in the
// same transaction and leaves the message stripped; this collection is read:false. The back
// office (history view, export, removal's audit entry) merges it back with `withArchived`.
import { CONTENT_FIELDS, stripContent } from '../domain/backoffice';
import type { RetractNotices } from '../domain/preview';
import type { MessageDoc } from './documents';
import { byId, byIds, collection, command, rows } from './query';
import type { Tx } from './transaction';
import { txGet } from './transaction';

export type ArchivedContent = Pick<MessageDoc, (typeof CONTENT_FIELDS)[number]>;

export interface ArchiveDoc extends ArchivedContent {
  /** The message's id. */
  _id: string;
  conversationId: string;
  seq: number;
  archivedAt: number;
}

export function contentFields(m: MessageDoc): ArchivedContent {
  const out: Record<string, unknown> = {};
  for (const f of CONTENT_FIELDS) if (m[f] !== undefined) out[f] = m[f];
  return out as ArchivedContent;
}

export async function archiveContentTx(tx: Tx, m: MessageDoc, at: number): Promise<void> {
  await tx
    .collection('message_archive')
    .doc(m._id)
    .set({ data: { conversationId: m.conversationId, seq: m.seq, ...contentFields(m), archivedAt: at } });
}

/**
 * A recall, inside its transaction: the content into the archive, and the message replaced by
 * its stripped self with the lines members see in its place (domain/preview retractNotices).
 */
export async function recallMessageTx(
  tx: Tx,
  m: MessageDoc,
  at: number,
  notices: RetractNotices,
): Promise<void> {
  await archiveContentTx(tx, m, at);
  const { _id: id, ...rest } = m;
  await tx
    .collection('messages')
    .doc(id)
    .set({ data: { ...stripContent(rest), recalled: true, recalledAt: at, ...notices } });
}

/** A recalled message with its archived content (inside a transaction: removal's audit entry). */
export async function withArchivedTx(tx: Tx, m: MessageDoc): Promise<MessageDoc> {
  if (!m.recalled) return m;
  const a = await txGet<ArchiveDoc>(tx, 'message_archive', m._id);
  return a ? { ...m, ...contentFields(a as unknown as MessageDoc) } : m;
}

/** Recalled messages of a page get their content back (one request per 1,000 recalled). */
export async function withArchived(docs: MessageDoc[]): Promise<MessageDoc[]> {
  const ids = docs.filter((m) => m.recalled).map((m) => m._id);
  if (!ids.length) return docs;
  const found = new Map((await byIds<ArchiveDoc>('message_archive', ids)).map((a) => [a._id, a]));
  return docs.map((m) => {
    const a = found.get(m._id);
    return a ? { ...m, ...contentFields(a as unknown as MessageDoc) } : m;
  });
}

// ---- content of messages recalled before the archive existed (services/archiveRepair.ts) ----

/**
 * Where the repair stopped: the recall time of the last message it looked at, and how many
 * messages of that very time it has looked at (a page never splits a millisecond unseen).
 */
export interface RecalledCursor {
  at: number;
  seen: number;
}

const CURSOR_ID = 'archiveRepair';

export async function loadRecalledCursor(): Promise<RecalledCursor> {
  const c = await byId<RecalledCursor>('settings', CURSOR_ID);
  return c ? { at: c.at, seen: c.seen } : { at: 0, seen: 0 };
}

export async function saveRecalledCursor(c: RecalledCursor): Promise<void> {
  await collection('settings')
    .doc(CURSOR_ID)
    .set({ data: { at: c.at, seen: c.seen } });
}

/**
 * Recalled messages after the cursor, by recall time (index `recalledAt`: only recalled messages
 * have the field; messages recalled in the same millisecond come in the index's order, which the
 * skip relies on).
 */
export function recalledAfter(c: RecalledCursor, limit: number): Promise<MessageDoc[]> {
  return rows<MessageDoc>(
    collection('messages')
      .where({ recalledAt: command().gte(c.at) })
      .orderBy('recalledAt', 'asc')
      .skip(c.seen)
      .limit(limit),
  );
}

/** The cursor after looking at `page` (read from `c`, in order). */
export function advanceRecalledCursor(c: RecalledCursor, page: MessageDoc[]): RecalledCursor {
  let next = c;
  for (const m of page) {
    const at = m.recalledAt ?? 0;
    next = at === next.at ? { at, seen: next.seen + 1 } : { at, seen: 1 };
  }
  return next;
}

/** Content still on the message itself: only a recall from before the archive leaves that. */
export const holdsContent = (m: MessageDoc): boolean => CONTENT_FIELDS.some((f) => m[f] !== undefined);
