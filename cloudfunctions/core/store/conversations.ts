import { nameKeysOf } from '../domain/nameKeys';
import type { ConversationDoc, MemberDoc, SyncBlockedDoc } from './documents';
import { memberId } from './documents';
import { byId, collection, command, oldestBefore, rows, whole } from './query';

export function getConversation(id: string): Promise<ConversationDoc | null> {
  return byId<ConversationDoc>('conversations', id);
}

export function getMember(conversationId: string, employeeId: string): Promise<MemberDoc | null> {
  return byId<MemberDoc>('members', memberId(conversationId, employeeId));
}

/** Conversations with a seat reservation older than `before`, oldest first (index on pendingAt). */
export const conversationsPendingBefore = (before: number, limit: number): Promise<ConversationDoc[]> =>
  oldestBefore<ConversationDoc>('conversations', 'pendingAt', before, limit);

/**
 * Active auto-synced groups linked to any of these departments (an array field: `in` matches a
 * group holding one of them; the autoSync + status index narrows the scan).
 */
export async function autoSyncedGroups(departmentIds: readonly string[]): Promise<ConversationDoc[]> {
  const out: ConversationDoc[] = [];
  for (let skip = 0; ; skip += 1000) {
    const page = await rows<ConversationDoc>(
      collection('conversations')
        .where({ autoSync: true, status: 'active', departmentIds: command().in([...departmentIds]) })
        .orderBy('_id', 'asc')
        .skip(skip)
        .limit(1000)
        .field({ _id: true, departmentIds: true }),
    );
    out.push(...page);
    if (page.length < 1000) return out;
  }
}

/** Group names by id (direct chats left out), for results that say which groups. */
export async function groupNames(ids: readonly string[]): Promise<{ id: string; name: string }[]> {
  if (!ids.length) return [];
  const docs = await rows<{ _id: string; name: string; type: string }>(
    collection('conversations')
      .where({ _id: command().in([...ids]) })
      .limit(1000)
      .field({ _id: true, name: true, type: true }),
  );
  return docs.filter((d) => d.type === 'group').map((d) => ({ id: d._id, name: d.name }));
}

/** Who the last automatic sync left out (services/autoSync.ts); null clears it. */
export async function setSyncBlocked(id: string, value: SyncBlockedDoc | null): Promise<void> {
  await collection('conversations')
    .doc(id)
    .update({ data: { syncBlocked: value ? whole(value) : null } });
}

/** Groups an admin's delete left part way (status 'deleting'), oldest first. */
export function conversationsBeingDeleted(limit: number): Promise<ConversationDoc[]> {
  return rows<ConversationDoc>(
    collection('conversations').where({ status: 'deleting' }).orderBy('createdAt', 'asc').limit(limit),
  );
}

// ---- inside transactions (single-document reads; a missing document reads as null) ----

import { txGet, txWrites, withoutId, type Tx } from './transaction';

export const getConversationTx = (tx: Tx, id: string): Promise<ConversationDoc | null> =>
  txGet<ConversationDoc>(tx, 'conversations', id);

export const getMemberTx = (tx: Tx, conversationId: string, employeeId: string): Promise<MemberDoc | null> =>
  txGet<MemberDoc>(tx, 'members', memberId(conversationId, employeeId));

export { withoutId };

// ---- writes inside transactions (typed: services never name a collection) ----

const conversationWrites = txWrites<ConversationDoc>('conversations');
const memberWrites = txWrites<MemberDoc>('members');
export const {
  add: addConversationTx,
  put: putConversationTx,
  remove: removeConversationTx,
} = conversationWrites;

/** A conversation change; a new name brings its search terms in the same write (domain/nameKeys.ts). */
export const updateConversationTx: typeof conversationWrites.update = (tx, id, changes) =>
  conversationWrites.update(
    tx,
    id,
    typeof changes.name === 'string' ? { ...changes, nameKeys: nameKeysOf(changes.name) } : changes,
  );
export const { put: putMemberTx, update: updateMemberTx, remove: removeMemberTx } = memberWrites;

/** Names of these conversations by id (one read; the audit log's group names). */
export async function conversationNames(ids: readonly string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const found = await rows<Pick<ConversationDoc, '_id' | 'name'>>(
    collection('conversations')
      .where({ _id: command().in([...ids]) })
      .field({ name: true })
      .limit(ids.length),
  );
  return new Map(found.map((c) => [c._id, c.name]));
}
