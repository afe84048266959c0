// The audit log as the back office reads it: newest first, filtered, keyset-paged, read-only.
// Each entry carries the names it mentions and one Chinese sentence (domain/auditSentence), so
// the page shows "张伟 在「南京路店工作群」 将群管理员设为 李娜", not ids and JSON. Names cost two
// reads per page (the people, the groups), whatever the page size.
import type { AuditAction, AuditEntry, AuditLogPage } from '../../../typings/api';
import { auditActionOf, storedNamesOf } from '../domain/audit';
import { AUDIT_ACTION_LABELS, describeAudit, mentionedPeople } from '../domain/auditSentence';
import { listAuditPage } from '../store/audit';
import { encodeCursor } from '../store/backoffice';
import type { AuditDoc } from '../store/documents';
import { employeesByIds } from '../store/employees';
import { conversationNames } from '../store/conversations';
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

/** The entries with names and their sentence. */
export async function readableEntries(docs: AuditDoc[]): Promise<AuditEntry[]> {
  const personIds = [
    ...new Set(docs.flatMap((d) => [...mentionedPeople(d), ...(d.actorId ? [d.actorId] : [])])),
  ];
  const groupIds = [...new Set(docs.map((d) => d.conversationId).filter((id): id is string => !!id))];
  const [people, groups] = await Promise.all([employeesByIds(personIds), conversationNames(groupIds)]);
  const names = new Map(people.map((e) => [e._id, e.name]));
  return docs.map((d) => {
    const entry = toAuditEntry(d);
    // A deleted group is gone from the collection; its entries remember the name.
    const remembered =
      (d.details as { name?: unknown } | undefined)?.name ??
      (d.before as { name?: unknown } | undefined)?.name;
    const groupName = d.conversationId
      ? (groups.get(d.conversationId) ?? (typeof remembered === 'string' ? remembered : '已删除的群'))
      : '';
    return {
      ...entry,
      actorName: (d.actorId && names.get(d.actorId)) || d.actorName,
      actionLabel: AUDIT_ACTION_LABELS[entry.action] ?? entry.action,
      ...(groupName ? { groupName } : {}),
      sentence: describeAudit({ ...d, action: entry.action }, { people: names, groupName }),
    };
  });
}

export interface AuditQuery {
  actorId?: string;
  conversationId?: string;
  action?: AuditAction;
}

/** The filter's choices: every action with its label, in the catalogue's order. */
const AUDIT_ACTION_ENTRIES = (Object.entries(AUDIT_ACTION_LABELS) as [AuditAction, string][]).map(
  ([action, label]) => ({ action, label }),
);

export async function listAudit(
  { action, ...filter }: AuditQuery,
  cursor: string | undefined,
  limit: number,
): Promise<AuditLogPage> {
  const page = await listAuditPage(
    { ...filter, ...(action ? { actions: storedNamesOf(action) } : {}) },
    parseCursor(cursor),
    limit,
  );
  const items = page.slice(0, limit);
  const last = items[items.length - 1];
  return {
    items: await readableEntries(items),
    nextCursor: page.length > limit && last?._id ? encodeCursor({ at: last.at, id: last._id }) : null,
    actions: AUDIT_ACTION_ENTRIES,
  };
}
