// The audit log as the back office reads it: newest first, filtered, keyset-paged, read-only.
import type { AuditAction, AuditEntry, Page } from '../../../typings/api';
import { auditActionOf, storedNamesOf } from '../domain/audit';
import { listAuditPage } from '../store/audit';
import { encodeCursor } from '../store/backoffice';
import type { AuditDoc } from '../store/documents';
import { parseCursor } from './backoffice';

export function toAuditEntry(d: AuditDoc): AuditEntry {
  return {
    id: d._id ?? '',
    actorId: d.actorId,
    actorName: d.actorName,
    action: auditActionOf(d.action),
    targetType: d.targetType,
    targetId: d.targetId,
    ...(d.conversationId ? { conversationId: d.conversationId } : {}),
    ...(d.before !== undefined ? { before: d.before } : {}),
    ...(d.after !== undefined ? { after: d.after } : {}),
    ...(d.details !== undefined ? { details: d.details } : {}),
    at: d.at,
  };
}

export interface AuditQuery {
  actorId?: string;
  conversationId?: string;
  action?: AuditAction;
}

export async function listAudit(
  { action, ...filter }: AuditQuery,
  cursor: string | undefined,
  limit: number,
): Promise<Page<AuditEntry>> {
  const page = await listAuditPage(
    { ...filter, ...(action ? { actions: storedNamesOf(action) } : {}) },
    parseCursor(cursor),
    limit,
  );
  const items = page.slice(0, limit);
  const last = items[items.length - 1];
  return {
    items: items.map(toAuditEntry),
    nextCursor: page.length > limit && last?._id ? encodeCursor({ at: last.at, id: last._id }) : null,
  };
}
