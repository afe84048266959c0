// Back-office use cases: the group table, disable/enable/delete a group, remove one message,
// and the admin's read-only views of any conversation (members, recent messages, counts).
import { retractNotices } from '../domain/preview';
import type {
  AdminGroupDetail,
  AdminGroupRow,
  AdminStats,
  ConversationStatus,
  DeleteGroupResult,
  GroupMember,
  Message,
  Page,
} from '../../../typings/api';
import { checkDeletable, checkRemovable, checkStatusChange } from '../domain/backoffice';
import { publicStatus } from '../domain/conversation';
import { errors } from '../domain/errors';
import { belongsToConversation } from '../domain/files';
import { invalid } from '../domain/validation';
import { clock } from '../platform/clock';
import { currentEnv, deleteStoredFiles } from '../platform/storage';
import { lastAuditOf, recordAudit } from '../store/audit';
import {
  auditFileIds,
  countActiveGroups,
  decodeCursor,
  employeeIdsByName,
  encodeCursor,
  listGroupsPage,
  messageFileIds,
  messagesBefore,
  removeConversationDocuments,
  type TimeCursor,
} from '../store/backoffice';
import {
  getConversation,
  getConversationTx,
  removeConversationTx,
  updateConversationTx,
} from '../store/conversations';
import { getMessageTx } from '../store/messages';
import type { ConversationDoc, EmployeeDoc, MessageDoc } from '../store/documents';
import { employeeIndex, employeesByIds } from '../store/employees';
import { headChangedTx } from '../store/memberHeads';
import { withArchived, withArchivedTx } from '../store/messageArchive';
import { removeMessageInTx } from '../store/messageRemoval';
import { withTransaction } from '../store/transaction';
import { unindexMessage } from '../store/searchTerms';
import { finishJob, openJob } from './jobs';
import { EVERYONE } from '../store/directoryIndex';
import { storedCount } from '../store/directoryKeys';
import { messagesOfDay } from '../store/messageCounts';
import { sentCounts } from './sentCounts';
import { memberListPage } from './memberList';
import { nameKeysFilled } from './nameKeysBackfill';
import { contentOf, toMessage } from './messageView';

type Actor = Pick<EmployeeDoc, '_id' | 'name'>;

export function parseCursor(raw: string | undefined): TimeCursor | undefined {
  if (raw === undefined || raw === '') return undefined;
  const c = decodeCursor(raw);
  if (!c) throw invalid([{ path: 'cursor', message: '无效的分页游标' }]);
  return c;
}

const notFound = () => errors.conversationNotFound();

// ---- the group table ----

export interface GroupTableParams {
  keyword?: string;
  status?: ConversationStatus;
  cursor?: string;
  limit: number;
}

export function toGroupRow(
  c: ConversationDoc,
  creators: Map<string, EmployeeDoc>,
  counts: Map<string, number>,
): AdminGroupRow {
  return {
    id: c._id,
    name: c.name,
    type: c.type,
    creatorId: c.creatorId,
    creator: creators.get(c.creatorId)?.name ?? '',
    memberCount: c.memberCount,
    createdAt: c.createdAt,
    messageCount: counts.get(c._id) ?? 0,
    status: publicStatus(c.status),
  };
}

/**
 * Rows with real creator names and message counts: 2 reads per page (+1 for a keyword, +1 for
 * 'disabled'; +1 for the first keyword of an instance: whether every group has its terms).
 */
export async function listAdminGroups(p: GroupTableParams): Promise<Page<AdminGroupRow>> {
  const cursor = parseCursor(p.cursor);
  const keyword = p.keyword?.trim() || undefined;
  const [creatorIds, filled] = keyword
    ? await Promise.all([employeeIdsByName(keyword), nameKeysFilled('conversations')])
    : [undefined, true];
  const page = await listGroupsPage({
    keyword,
    status: p.status,
    creatorIds,
    withoutKeys: !filled,
    cursor,
    limit: p.limit,
  });
  const [creators, counts] = await Promise.all([
    employeesByIds(page.groups.map((c) => c.creatorId)),
    sentCounts(page.groups),
  ]);
  const byId = new Map(creators.map((e) => [e._id, e]));
  return {
    items: page.groups.map((c) => toGroupRow(c, byId, counts)),
    nextCursor: page.next && encodeCursor(page.next),
  };
}

export async function adminGroupRow(conversationId: string): Promise<AdminGroupDetail> {
  const c = await getConversation(conversationId);
  if (!c) throw notFound();
  const [creators, counts] = await Promise.all([employeesByIds([c.creatorId]), sentCounts([c])]);
  return {
    ...toGroupRow(c, new Map(creators.map((e) => [e._id, e])), counts),
    ownerId: c.ownerId,
    announcement: c.announcement,
    lastSeq: c.lastSeq,
    removalNotice: retractNotices('removed', '').notice,
  };
}

// ---- disable / enable ----

/**
 * One transaction over the conversation document and its audit entry. The status is the whole
 * switch: the shared gate (services/access.ts) refuses reads and sends of a disabled group, and
 * members, history and read positions are untouched, so enabling brings everything back.
 * updatedAt is left alone so the group returns to its old place in members' lists.
 */
export async function doSetGroupStatus(
  actor: Actor,
  conversationId: string,
  target: 'active' | 'disabled',
): Promise<void> {
  await withTransaction(async (tx) => {
    const c = await getConversationTx(tx, conversationId);
    if (!c) throw notFound();
    if (checkStatusChange(c, target) === 'noop') return;
    await updateConversationTx(tx, conversationId, { status: target });
    // Members' list rows: a disabled group's rows lose their preview, enabling restores it.
    headChangedTx(tx, conversationId);
    await recordAudit(
      {
        actorId: actor._id,
        actorName: actor.name,
        action: target === 'disabled' ? 'group.disable' : 'group.enable',
        targetType: 'conversation',
        targetId: conversationId,
        conversationId,
        before: { status: c.status },
        after: { status: target },
        details: { name: c.name, memberCount: c.memberCount },
        at: clock.now(),
      },
      tx,
    );
  });
}

// ---- delete ----

/**
 * Purging cannot be one transaction (members, messages and files are many documents), so it is
 * ordered to be safe under races and resumable after a crash:
 * 1. the group is first marked 'deleting' (transaction): from then on the shared gate refuses
 *    every send, add and read, so no new message or member can appear behind the purge, and it
 *    can never be enabled again (it would count members that are gone);
 * 2. files, then member and message documents are removed;
 * 3. last, one transaction removes the conversation document and writes the audit entry. Until
 *    then the group still exists ('deleting'), so an interrupted delete is simply repeated — by
 *    the admin, or by the repair run (services/maintenance.ts), which finds 'deleting' groups.
 */
export async function doDeleteGroup(actor: Actor, conversationId: string): Promise<DeleteGroupResult> {
  const before = await withTransaction(async (tx) => {
    const c = await getConversationTx(tx, conversationId);
    if (!c) return null;
    checkDeletable(c);
    if (c.status !== 'deleting')
      await updateConversationTx(tx, conversationId, {
        status: 'deleting',
        deletingBy: { id: actor._id, name: actor.name },
      });
    // Members' list rows lose the preview at once (their documents go with the purge below).
    headChangedTx(tx, conversationId);
    return c;
  });
  if (!before) {
    // Gone: either never there, or this is a retry of a delete that finished (its entry says what it removed).
    const done = await lastAuditOf(conversationId, 'group.delete');
    if (!done) throw errors.conversationNotFound();
    return done.details as unknown as DeleteGroupResult;
  }
  // Only files stored under this conversation's own folders: a message may still point at a
  // forged reference (another group's file, sent before sends were checked) and must not take it along.
  // A job for the admin pages (kind 'deleteGroup'): the purge shows as running until it is done,
  // and as stalled if the call died (the repair run, which finds 'deleting' groups, finishes it).
  const job = await openJob({
    kind: 'deleteGroup',
    subject: conversationId,
    title: `删除群：${before.name}`,
    targetId: conversationId,
    total: before.lastSeq,
    unit: '条消息',
    startedBy: { id: actor._id, name: actor.name },
  });
  const env = currentEnv();
  const fileIds = [...(await messageFileIds(conversationId)), ...(await auditFileIds(conversationId))];
  const files = await deleteStoredFiles(fileIds.filter((f) => belongsToConversation(f, env, conversationId)));
  const { members, messages } = await removeConversationDocuments(conversationId);
  const summary = { members, messages, files };
  // Before the group goes: once it is gone nothing would look for an unfinished job.
  await finishJob(job._id, job.total);
  await withTransaction(async (tx) => {
    const c = await getConversationTx(tx, conversationId);
    if (!c) return; // a concurrent delete finished first and wrote its own entry
    await removeConversationTx(tx, conversationId);
    await recordAudit(
      {
        actorId: actor._id,
        actorName: actor.name,
        action: 'group.delete',
        targetType: 'conversation',
        targetId: conversationId,
        conversationId,
        before: {
          name: before.name,
          status: before.status,
          memberCount: before.memberCount,
          lastSeq: before.lastSeq,
          creatorId: before.creatorId,
          ownerId: before.ownerId,
        },
        after: null,
        details: summary,
        at: clock.now(),
      },
      tx,
    );
  });
  return summary;
}

// ---- remove one message ----

/**
 * One transaction: the message loses its content and becomes `removed`, the audit entry keeps the
 * original (`before`), live chat pages see the stripped message pushed, and when it
 * is the last message the list preview turns into the placeholder too. Works on recalled
 * messages; removing twice is a no-op.
 */
export async function doDeleteMessage(actor: Actor, messageId: string, reason?: string): Promise<void> {
  // The content as stored before the removal: what its postings list (store/searchTerms.ts).
  let removed: MessageDoc | null = null;
  await withTransaction(async (tx) => {
    const stored = await getMessageTx(tx, messageId);
    if (!stored) throw errors.messageGone();
    // A recalled message's content is in the archive: the audit entry keeps it all the same.
    const m = await withArchivedTx(tx, stored);
    checkRemovable(m);
    if (m.removed) return;
    removed = m;
    const c = await getConversationTx(tx, m.conversationId);
    if (!c) throw notFound();
    const now = clock.now();
    const id = m._id;
    await removeMessageInTx(tx, m, c, {
      removedBy: actor._id,
      at: now,
      notices: retractNotices('removed', ''),
    });
    await recordAudit(
      {
        actorId: actor._id,
        actorName: actor.name,
        action: 'message.delete',
        targetType: 'message',
        targetId: id,
        conversationId: m.conversationId,
        before: {
          seq: m.seq,
          type: m.type,
          senderId: m.senderId,
          createdAt: m.createdAt,
          ...contentOf(m),
          ...(m.recalled ? { recalled: true } : {}),
        },
        after: { removed: true },
        ...(reason ? { details: { reason } } : {}),
        at: now,
      },
      tx,
    );
  });
  // Search re-checks `removed` on every hit; this drops the removed content's terms.
  if (removed) await unindexMessage(removed);
}

// ---- read-only views for the admin pages ----

/**
 * Three small reads, whatever the company's size: the active-employee count kept with the
 * address book (store/directoryIndex.ts), the groups counted on their index (a company has
 * thousands at most; messages do not change it), and today's hourly message counters
 * (store/messageCounts.ts) — never the messages themselves.
 */
export async function adminStats(): Promise<AdminStats> {
  const [employees, activeGroups, messagesToday] = await Promise.all([
    storedCount(EVERYONE),
    countActiveGroups(),
    messagesOfDay(clock.now()),
  ]);
  return { employees, activeGroups, messagesToday };
}

/**
 * A conversation's messages as an admin sees them, whatever the admin's membership: removed
 * ones are placeholders; recalled ones keep their text (the company keeps the record, as the
 * export does) and are flagged.
 */
export async function adminGroupMessages(
  actor: Actor,
  conversationId: string,
  beforeSeq: number | undefined,
  limit: number,
): Promise<{ items: Message[]; hasMore: boolean }> {
  const c = await getConversation(conversationId);
  if (!c) throw notFound();
  // An admin reading a group's history leaves a trace: one entry per opening (the first page),
  // not one per page scrolled.
  if (beforeSeq === undefined)
    await recordAudit({
      actorId: actor._id,
      actorName: actor.name,
      action: 'group.readHistory',
      targetType: 'conversation',
      targetId: conversationId,
      conversationId,
      details: { name: c.name },
      at: clock.now(),
    });
  const page = await withArchived(await messagesBefore(conversationId, beforeSeq, limit + 1));
  const hasMore = page.length > limit;
  const docs = hasMore ? page.slice(1) : page;
  const senders = await employeeIndex(docs.map((m) => m.senderId ?? ''));
  const items = docs.map((m) => toMessage(m, senders, 'backoffice'));
  return { items, hasMore };
}

export async function adminGroupMembers(
  conversationId: string,
  cursor: string | undefined,
  limit: number,
  keyword?: string,
): Promise<Page<GroupMember>> {
  const c = await getConversation(conversationId);
  if (!c) throw notFound();
  return memberListPage(c, cursor, limit, keyword);
}
