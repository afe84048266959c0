// The invariants every multi-step action must leave behind, however it was interrupted: checked
// on a scan of the collections (what is stored) and through the public API (what people get).
import type { LocalCloud } from '../../localcloud/cloud';
import { keyDocsOf, lineageIn } from '../../cloudfunctions/core/store/directoryIndex';
import { CONTENT_FIELDS } from '../../cloudfunctions/core/domain/backoffice';
import { nameKeysOf } from '../../cloudfunctions/core/domain/nameKeys';
import { rosterStatusOf } from '../../cloudfunctions/core/domain/rosterStatus';
import type { CountDoc, KeyDoc } from '../../cloudfunctions/core/store/directoryKeys';
import {
  MARK_ID,
  SNAPSHOT_ID,
  type MarkDoc,
  type SnapshotDoc,
} from '../../cloudfunctions/core/store/departmentTree';
import type {
  ConversationDoc,
  DepartmentDoc,
  EmployeeDoc,
  MemberDoc,
  MessageDoc,
} from '../../cloudfunctions/core/store/documents';

const all = <T>(cloud: LocalCloud, collection: string): T[] =>
  cloud.db.tables.scan(collection, {}).docs as unknown as T[];

export interface Snapshot {
  conversations: ConversationDoc[];
  members: MemberDoc[];
  messages: MessageDoc[];
  employees: EmployeeDoc[];
}

export const snapshot = (cloud: LocalCloud): Snapshot => ({
  conversations: all(cloud, 'conversations'),
  members: all(cloud, 'members'),
  messages: all(cloud, 'messages'),
  employees: all(cloud, 'employees'),
});

/** What was true before the action: the messages acknowledged to senders, who was in which group. */
export interface Before {
  acknowledged: MessageDoc[];
  members: MemberDoc[];
}

/** Files under chat/ are message attachments; every one must belong to a stored message. */
const ATTACHMENT_PREFIX = 'chat/';

/** Every violated invariant, in words (empty = all hold). */
export async function violations(cloud: LocalCloud, before: Before): Promise<string[]> {
  const out: string[] = [];
  const s = snapshot(cloud);
  const convById = new Map(s.conversations.map((c) => [c._id, c]));
  const employeeById = new Map(s.employees.map((e) => [e._id, e]));
  const membersOf = new Map<string, MemberDoc[]>();
  for (const m of s.members) {
    const list = membersOf.get(m.conversationId) ?? [];
    list.push(m);
    membersOf.set(m.conversationId, list);
  }
  // The stored roster status (the admin roster filters by it) is written with what it derives from.
  for (const e of s.employees)
    if (e.rosterStatus !== rosterStatusOf(e))
      out.push(`${e.name}: roster status ${e.rosterStatus} but ${rosterStatusOf(e)}`);
  for (const c of s.conversations) {
    const members = membersOf.get(c._id) ?? [];
    const status = c.status as string;
    if (!['active', 'disabled', 'dissolved'].includes(status))
      out.push(`${c.name}: left in status ${status}`);
    if (c.memberCount !== members.length)
      out.push(`${c.name}: memberCount ${c.memberCount} but ${members.length} member documents`);
    if (c.type === 'group' && (status === 'active' || status === 'disabled')) {
      const owners = members.filter((m) => m.role === 'owner');
      if (owners.length !== 1 || owners[0].employeeId !== c.ownerId)
        out.push(`${c.name}: owner ${c.ownerId}, owner members [${owners.map((m) => m.employeeId)}]`);
      for (const m of members)
        if (employeeById.get(m.employeeId)?.status === 'departed')
          out.push(`${c.name}: departed ${m.employeeId} still a member`);
    }
  }
  // The back office's search terms, written with the name (and mobile) they come from (domain/nameKeys.ts).
  const sameKeys = (a: readonly string[] | undefined, b: readonly string[]) =>
    a !== undefined && a.length === b.length && a.every((k, i) => k === b[i]);
  for (const c of s.conversations)
    if (c.type === 'group' && !sameKeys(c.nameKeys, nameKeysOf(c.name)))
      out.push(`${c.name}: nameKeys not those of its name`);
  for (const e of s.employees)
    if (!sameKeys(e.nameKeys, nameKeysOf(e.name, e.mobile)))
      out.push(`${e.name}: nameKeys not those of name/mobile`);
  for (const m of s.members) if (!convById.has(m.conversationId)) out.push(`orphan member ${m._id}`);
  const messageIds = new Set(s.messages.map((m) => m._id));
  for (const m of s.messages)
    if (!convById.has(m.conversationId)) out.push(`orphan message ${m._id} of ${m.conversationId}`);
  for (const m of before.acknowledged)
    if (convById.has(m.conversationId) && !messageIds.has(m._id))
      out.push(`acknowledged message ${m._id} lost`);
  // Timelines: seq 1..lastSeq exactly once each, nothing left pending, one message per retry key.
  const byConversation = new Map<string, MessageDoc[]>();
  for (const m of s.messages)
    byConversation.set(m.conversationId, [...(byConversation.get(m.conversationId) ?? []), m]);
  for (const c of s.conversations) {
    const list = byConversation.get(c._id) ?? [];
    const seqs = list
      .filter((m) => m.seq !== 0)
      .map((m) => m.seq)
      .sort((a, b) => a - b);
    if (seqs.some((seq, i) => seq !== i + 1) || seqs.length !== c.lastSeq)
      out.push(`${c.name}: seqs [${seqs.join(',')}] but lastSeq ${c.lastSeq}`);
    // The back office's message count, kept in the write that hands out seqs (services/sentCounts.ts).
    const sent = list.filter((m) => m.seq !== 0 && m.type !== 'system').length;
    if (c.sentCount !== undefined && c.sentCount !== sent)
      out.push(`${c.name}: sentCount ${c.sentCount} but ${sent} messages people sent`);
    const pending = list.filter((m) => m.seq === 0);
    if (pending.length) out.push(`${c.name}: ${pending.length} message(s) left pending`);
    const keys = list.filter((m) => m.clientMsgId).map((m) => `${m.senderId}/${m.clientMsgId}`);
    if (new Set(keys).size !== keys.length) out.push(`${c.name}: a clientMsgId delivered twice`);
  }
  // Long work finished: no job is left running or failed (a retry finishes it, and so does a repair).
  // An interrupted export is the exception: nobody waits for its file, so it ends failed (the admin exports again).
  for (const j of all<{ _id: string; kind: string; status: string; done: number; total: number }>(
    cloud,
    'jobs',
  ))
    if (j.status !== 'done' && !(j.kind === 'export' && j.status === 'failed'))
      out.push(`job ${j._id} left ${j.status} at ${j.done}/${j.total}`);
  // A recalled file's id lives in the archive (store/messageArchive.ts): still referenced.
  const archived = all<{ _id: string; fileId?: string }>(cloud, 'message_archive');
  const referenced = new Set([...s.messages, ...archived].map((m) => m.fileId).filter(Boolean));
  // Members read `messages` directly: a recall never leaves its content there.
  for (const m of s.messages)
    if (m.recalled && CONTENT_FIELDS.some((f) => m[f] !== undefined))
      out.push(`recalled message ${m._id} still holds its content`);
  for (const fileId of cloud.storage.list())
    if ((cloud.storage.cloudPathOf(fileId) ?? '').startsWith(ATTACHMENT_PREFIX) && !referenced.has(fileId))
      out.push(`orphan file ${fileId}`);

  // Through the API: nobody reads or sends in a group that is deleted or dissolved.
  for (const m of before.members) {
    const c = convById.get(m.conversationId);
    if (c && c.status !== 'dissolved') continue;
    const openid = employeeById.get(m.employeeId)?.openid;
    if (!openid) continue;
    const read = await cloud.invoke('messages', openid, {
      action: 'history',
      conversationId: m.conversationId,
    });
    if (read.ok) out.push(`${m.employeeId} still reads gone group ${m.conversationId}`);
    const sent = await cloud.invoke('messages', openid, {
      action: 'send',
      conversationId: m.conversationId,
      clientMsgId: `probe-${m._id}`,
      type: 'text',
      text: '还在吗',
    });
    if (sent.ok) out.push(`${m.employeeId} still sends to gone group ${m.conversationId}`);
  }
  return out;
}

/**
 * The address-book index, department counts and the tree snapshot agree with the employees
 * and departments (store/directoryIndex.ts, store/departmentTree.ts):
 * after a repair run, whatever was killed.
 */
export function directoryViolations(cloud: LocalCloud): string[] {
  const out: string[] = [];
  const employees = all<EmployeeDoc>(cloud, 'employees');
  const departments = all<DepartmentDoc>(cloud, 'departments');
  const lineage = lineageIn(new Map(departments.map((d) => [d._id, d])));
  const want = new Map(employees.flatMap((e) => keyDocsOf(e, lineage)).map((k) => [k._id, k.key]));
  const have = new Map(all<KeyDoc>(cloud, 'directory_keys').map((k) => [k._id, k.key]));
  for (const [id, key] of want) if (have.get(id) !== key) out.push(`index entry missing: ${key}`);
  for (const [id, key] of have) if (want.get(id) !== key) out.push(`stale index entry: ${key}`);
  const counts = new Map(all<CountDoc>(cloud, 'department_counts').map((c) => [c._id, c.count]));
  const settings = all<SnapshotDoc | MarkDoc>(cloud, 'settings');
  const tree = settings.find((s) => s._id === SNAPSHOT_ID) as SnapshotDoc | undefined;
  const mark = settings.find((s) => s._id === MARK_ID) as MarkDoc | undefined;
  for (const d of departments) {
    const n = employees.filter(
      (e) => e.status === 'active' && e.departmentIds.some((id) => lineage(id).includes(d._id)),
    ).length;
    if ((counts.get(d._id) ?? 0) !== n) out.push(`${d.path}: count ${counts.get(d._id) ?? 0}, ${n} people`);
    // The address book's tree snapshot (store/departmentTree.ts) is current and shows the same.
    const shown = tree?.departments.find((t) => t.id === d._id);
    if (!tree) continue;
    if (!shown || shown.memberCount !== n || shown.name !== d.name || shown.parentId !== d.parentId)
      out.push(`tree snapshot: ${d.path} ${JSON.stringify(shown)}, ${n} people`);
  }
  // None stored is fine (the first reader builds it); one stored must be current.
  if (tree && tree.builtFrom !== (mark?.stamp ?? null)) out.push('tree snapshot not current');
  if (tree && tree.departments.length !== departments.length) out.push('tree snapshot: other departments');
  return out;
}
