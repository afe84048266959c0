// The audit log is written in the same transaction as the change it records, or right after a
// multi-document change that cannot be one transaction (the entry then says what was done).
import type { AuditAction } from '../../../typings/api';
import { db } from '../platform/cloud';
import type { AuditDoc } from './documents';
import { storedNamesOf } from '../domain/audit';
import { keysetPage } from './keyset';
import { collection, command, first } from './query';
import type { Tx } from './transaction';

/** An entry as written now: its action is one of the typed names. */
export type AuditRecord = Omit<AuditDoc, 'action'> & { action: AuditAction };

export async function recordAudit(entry: AuditRecord, tx?: Tx): Promise<void> {
  const data = { ...entry } as Record<string, unknown>;
  if (tx) await tx.collection('audit_log').add({ data });
  else await db().collection('audit_log').add({ data });
}

/** The latest entry of `action` about a conversation (how a retried delete learns it went through). */
export function lastAuditOf(conversationId: string, action: AuditAction): Promise<AuditDoc | null> {
  return first<AuditDoc>(
    collection('audit_log')
      .where({ conversationId, action: command().in(storedNamesOf(action)) })
      .orderBy('at', 'desc')
      .limit(1),
  );
}

export interface AuditFilter {
  actorId?: string;
  conversationId?: string;
  /** Any of these stored names (an action and its legacy spellings). */
  actions?: string[];
}

/**
 * One page of the log, newest first, keyset-paged on (at desc, _id desc) so entries written
 * while an admin scrolls never shift the pages. `limit + 1` rows are read to know if more follow.
 */
export async function listAuditPage(
  filter: AuditFilter,
  cursor: { at: number; id: string } | undefined,
  limit: number,
): Promise<AuditDoc[]> {
  const filters: object[] = [];
  if (filter.actorId) filters.push({ actorId: filter.actorId });
  if (filter.conversationId) filters.push({ conversationId: filter.conversationId });
  if (filter.actions?.length) filters.push({ action: command().in(filter.actions) });
  const after = cursor && { value: cursor.at, id: cursor.id };
  return keysetPage<AuditDoc>('audit_log', ['at', 'desc'], filters, after, limit);
}

/**
 * File ids of the history exports made in [from, to), oldest first (the audit entry of each
 * export records its file; index action + at). At most `limit`.
 */
export async function exportFilesBetween(
  actions: string[],
  from: number,
  to: number,
  limit: number,
): Promise<string[]> {
  const _ = db().command;
  const res = (await db()
    .collection('audit_log')
    .where({ action: _.in(actions), at: _.and(_.gte(from), _.lt(to)) })
    .orderBy('at', 'asc')
    .limit(limit)
    .get()) as unknown as { data: AuditDoc[] };
  return res.data
    .map((d) => (d.after as { fileId?: unknown } | undefined)?.fileId)
    .filter((f): f is string => typeof f === 'string');
}
