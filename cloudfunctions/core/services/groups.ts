// Group use cases: create, direct chats, detail, settings of a group, ownership, dissolve, sync.
// Membership mechanics (seat reservation, removal, leave/handover) live in membership.ts.
import crypto from 'crypto';
import type {
  AddMembersResult,
  Conversation,
  ConversationDetail,
  CreateGroupResult,
  GroupCreateOptions,
  GroupMember,
  LeaveResult,
  MemberRole,
  RemoveMembersResult,
  Settings,
  Skipped,
  SyncDepartmentsResult,
} from '../../../typings/api';
import { checkCap, effectiveCap } from '../domain/cap';
import { buildConversation } from '../domain/conversation';
import { errors, messageOf } from '../domain/errors';
import { defaultGroupName } from '../domain/groupName';
import { newId } from '../domain/ids';
import { canInitiate, checkCanInitiate } from '../domain/initiation';
import { checkAdminCount, checkCanAdd, checkManager, checkOwner, roleOf } from '../domain/ownership';
import { scopeMatcher, subtreeIds } from '../domain/scope';
import { clock } from '../platform/clock';
import { recordAudit } from '../store/audit';
import { activeEmployeesInDepartments } from '../store/candidates';
import { getConversation, getConversationTx, getMemberTx, withoutId } from '../store/conversations';
import { loadAllDepartments } from '../store/departments';
import type { ConversationDoc, DepartmentDoc, EmployeeDoc, MemberDoc } from '../store/documents';
import { memberId } from '../store/documents';
import { employeesByIds, getEmployee } from '../store/employees';
import { allMembers, insertMembers } from '../store/members';
import { loadSettings } from '../store/settings';
import { withTransaction, type Tx } from '../store/transaction';
import { checkConversationOpen, requireMember } from './access';
import { departmentIndex, toCard } from './cards';
import {
  doAddMembers,
  doLeave,
  doRemoveMembers,
  newMemberDoc,
  resolveCandidates,
  type Actor,
} from './membership';
import { memberListPage } from './memberList';
import { appendMessage } from './timeline';

const system = (text: string) => ({ type: 'system' as const, senderId: null, senderName: '', text });
const actorOf = (e: EmployeeDoc): Actor => ({ id: e._id, name: e.name });

export function toConversation(c: ConversationDoc): Conversation {
  return {
    id: c._id,
    type: c.type,
    name: c.name,
    ownerId: c.ownerId,
    adminIds: c.adminIds,
    announcement: c.announcement,
    muteAll: c.muteAll,
    memberCount: c.memberCount,
    departmentIds: c.departmentIds,
    status: c.status,
    lastSeq: c.lastSeq,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    creatorId: c.creatorId,
  };
}

interface Company {
  settings: Settings;
  departments: DepartmentDoc[];
}

async function loadCompany(): Promise<Company> {
  const [settings, departments] = await Promise.all([loadSettings(), loadAllDepartments()]);
  return { settings, departments };
}

function requireGroup(c: ConversationDoc): void {
  if (c.type !== 'group') throw errors.notForDirect();
}

/** The caller's group (a direct chat is refused) and their role in it, past the requireMember gate. */
async function requireGroupRole(
  conversationId: string,
  employeeId: string,
): Promise<{ conversation: ConversationDoc; role: MemberRole }> {
  const { conversation } = await requireMember(conversationId, employeeId);
  requireGroup(conversation);
  return { conversation, role: roleOf(employeeId, conversation) };
}

/** Conversation + caller's membership inside a transaction, with the open/disabled/dissolved gate. */
async function memberTx(
  tx: Tx,
  conversationId: string,
  employeeId: string,
): Promise<{ conv: ConversationDoc; me: MemberDoc }> {
  const conv = checkConversationOpen(await getConversationTx(tx, conversationId));
  requireGroup(conv);
  const me = await getMemberTx(tx, conversationId, employeeId);
  if (!me) throw errors.notInGroup();
  return { conv, me };
}

// ---------- create ----------

export async function createOptions(caller: EmployeeDoc): Promise<GroupCreateOptions> {
  const { settings, departments } = await loadCompany();
  const canCreate = canInitiate(settings.initiation, departments, caller);
  return {
    memberCap: effectiveCap(settings.memberCap),
    canCreate,
    reason: canCreate ? null : messageOf('initiationRestricted'),
  };
}

export interface CreateInput {
  name?: string;
  departmentIds?: string[];
  employeeIds?: string[];
}

/**
 * Creates a group: permission, expansion, cap, then one transaction that writes the
 * conversation (memberCount already final) with its creation message, then the member
 * documents in batches. Nothing is written when the permission or the cap refuses. The new
 * conversation is invisible until its member documents exist (lists read memberships), and its
 * id is fresh, so no other call can race on its members.
 */
export async function doCreateGroup(caller: EmployeeDoc, input: CreateInput): Promise<CreateGroupResult> {
  const { settings, departments } = await loadCompany();
  checkCanInitiate(settings.initiation, departments, caller);
  const known = new Set(departments.map((d) => d._id));
  const unknownDept = (input.departmentIds ?? []).filter((d) => !known.has(d));
  if (unknownDept.length) throw errors.departmentNotFound({ departmentIds: unknownDept });
  const candidates = await resolveCandidates(
    {
      departmentIds: input.departmentIds,
      employeeIds: (input.employeeIds ?? []).filter((id) => id !== caller._id),
    },
    settings.usageScope,
    departments,
  );
  const others = candidates.people.filter((p) => p._id !== caller._id);
  const people = [caller, ...others];
  checkCap(settings.memberCap, 0, people.length);
  const now = clock.now();
  const id = newId();
  const conv = buildConversation(
    {
      id,
      type: 'group',
      name: input.name?.trim() || defaultGroupName(people.map((p) => p.name)),
      ownerId: caller._id,
      creatorId: caller._id,
      memberCount: people.length,
      departmentIds: [...new Set(input.departmentIds ?? [])],
    },
    now,
  );
  const created = await withTransaction(async (tx) => {
    await tx.collection('conversations').add({ data: { ...conv } });
    const { conversation } = await appendMessage(tx, conv, system(`${caller.name} 创建了群聊`), now);
    return conversation;
  });
  await insertMembers(
    people.map((p, i) =>
      newMemberDoc(
        id,
        p._id,
        i === 0 ? 'owner' : 'member',
        i + 1,
        0,
        now,
        candidates.viaDepartment.has(p._id),
      ),
    ),
  );
  return { conversation: toConversation(created), skipped: candidates.skipped };
}

// ---------- direct chats ----------

export const directKeyOf = (a: string, b: string): string => [a, b].sort().join('|');
/** Deterministic id: two racing openDirect calls for the same pair write the same document. */
export const directIdOf = (key: string): string =>
  `d${crypto.createHash('sha256').update(key).digest('hex').slice(0, 31)}`;

export async function doOpenDirect(caller: EmployeeDoc, peerId: string): Promise<ConversationDetail> {
  if (peerId === caller._id)
    throw errors.directWithSelf({
      fields: [{ path: 'employeeId', message: '不能是自己' }],
    });
  const [peer, company] = await Promise.all([getEmployee(peerId), loadCompany()]);
  if (!peer) throw errors.colleagueNotFound();
  const key = directKeyOf(caller._id, peerId);
  const id = directIdOf(key);
  let conv = await getConversation(id);
  if (!conv) {
    if (peer.status !== 'active') throw errors.colleagueDeparted();
    const inScope = scopeMatcher(company.settings.usageScope, company.departments);
    if (!inScope(peer)) throw errors.colleagueOutOfScope();
    const now = clock.now();
    const doc = buildConversation(
      { id, type: 'direct', name: '', ownerId: null, creatorId: caller._id, memberCount: 2, directKey: key },
      now,
    );
    conv = await withTransaction(async (tx) => {
      const existing = await getConversationTx(tx, id);
      if (existing) return existing;
      await tx
        .collection('conversations')
        .doc(id)
        .set({ data: withoutId(doc) });
      for (const [i, e] of [caller._id, peerId].entries())
        await tx
          .collection('members')
          .doc(memberId(id, e))
          .set({ data: withoutId(newMemberDoc(id, e, 'member', i + 1, 0, now)) });
      return doc;
    });
  }
  const departments = departmentIndex(company.departments);
  return {
    ...toConversation(conv),
    name: peer.name,
    myRole: 'member',
    peer: toCard(peer, { departments, showMobile: company.settings.mobileVisible || caller.isAdmin }),
  };
}

// ---------- reading ----------

export async function groupDetail(caller: EmployeeDoc, conversationId: string): Promise<ConversationDetail> {
  const { conversation: c } = await requireMember(conversationId, caller._id);
  const detail: ConversationDetail = {
    ...toConversation(c),
    myRole: roleOf(caller._id, c),
    allowMemberInvite: c.allowMemberInvite,
  };
  if (c.type === 'direct') {
    const peerId = (c.directKey ?? '').split('|').find((e) => e !== caller._id) ?? '';
    const [peer, company] = await Promise.all([getEmployee(peerId), loadCompany()]);
    if (peer) {
      detail.name = peer.name;
      detail.peer = toCard(peer, {
        departments: departmentIndex(company.departments),
        showMobile: company.settings.mobileVisible || caller.isAdmin,
      });
    }
  }
  return detail;
}

export async function membersOf(
  caller: EmployeeDoc,
  conversationId: string,
  cursor: string | undefined,
  limit: number,
): Promise<{ items: GroupMember[]; nextCursor: string | null }> {
  const { conversation: c } = await requireMember(conversationId, caller._id);
  return memberListPage(c, cursor, limit);
}

// ---------- membership actions ----------

export async function addToGroup(
  caller: EmployeeDoc,
  conversationId: string,
  request: { departmentIds?: string[]; employeeIds?: string[] },
): Promise<AddMembersResult> {
  const { conversation, role } = await requireGroupRole(conversationId, caller._id);
  checkCanAdd(role, conversation.allowMemberInvite);
  const { settings, departments } = await loadCompany();
  const candidates = await resolveCandidates(request, settings.usageScope, departments);
  const out = await doAddMembers(
    conversationId,
    candidates.people,
    actorOf(caller),
    settings.memberCap,
    async (conv, tx) => {
      checkConversationOpen(conv);
      if (!(await getMemberTx(tx, conversationId, caller._id))) throw errors.notInGroup();
      checkCanAdd(roleOf(caller._id, conv), conv.allowMemberInvite);
    },
    undefined,
    candidates.viaDepartment,
  );
  const skipped: Skipped[] = [
    ...candidates.skipped,
    ...out.alreadyMembers.map((e): Skipped => ({
      employeeId: e._id,
      reason: 'already_member',
      name: e.name,
    })),
  ];
  return { added: out.added.map((e) => e._id), skipped };
}

export async function removeFromGroup(
  caller: EmployeeDoc,
  conversationId: string,
  employeeIds: string[],
): Promise<RemoveMembersResult> {
  const { conversation, role } = await requireGroupRole(conversationId, caller._id);
  checkManager(role);
  const targets = await employeesByIds(employeeIds);
  const removed = await doRemoveMembers(
    conversation,
    { ...actorOf(caller), role },
    targets,
    (names) =>
      `${caller.name} 将 ${names.slice(0, 10).join('、')}${names.length > 10 ? ` 等 ${names.length} 人` : ''} 移出了群聊`,
    {
      audit: 'group.removeMembers',
      authorize: (conv) => {
        checkConversationOpen(conv);
        checkManager(roleOf(caller._id, conv));
      },
    },
  );
  return { removed };
}

export async function leaveGroup(caller: EmployeeDoc, conversationId: string): Promise<LeaveResult> {
  await requireMember(conversationId, caller._id);
  const out = await doLeave(conversationId, actorOf(caller));
  return out.newOwnerId ? { newOwnerId: out.newOwnerId } : {};
}

// ---------- ownership and group settings ----------

export async function doTransferOwner(
  caller: EmployeeDoc,
  conversationId: string,
  employeeId: string,
): Promise<void> {
  if (employeeId === caller._id)
    throw errors.alreadyOwner({
      fields: [{ path: 'employeeId', message: '不能是自己' }],
    });
  const target = await getEmployee(employeeId);
  await withTransaction(async (tx) => {
    const { conv, me } = await memberTx(tx, conversationId, caller._id);
    checkOwner(roleOf(caller._id, conv));
    const next = await getMemberTx(tx, conversationId, employeeId);
    if (!next || !target) throw errors.targetNotInGroup();
    if (target.status !== 'active') throw errors.transferToDeparted();
    const now = clock.now();
    await tx
      .collection('members')
      .doc(me._id)
      .update({ data: { role: 'member' } });
    await tx
      .collection('members')
      .doc(next._id)
      .update({ data: { role: 'owner' } });
    const changes = {
      ownerId: employeeId,
      adminIds: conv.adminIds.filter((a) => a !== employeeId),
      updatedAt: now,
    };
    await tx.collection('conversations').doc(conversationId).update({ data: changes });
    await appendMessage(tx, { ...conv, ...changes }, system(`群主已转让给 ${target.name}`), now);
    await recordAudit(
      {
        actorId: caller._id,
        actorName: caller.name,
        action: 'group.transferOwner',
        targetType: 'conversation',
        targetId: conversationId,
        conversationId,
        before: { ownerId: caller._id },
        after: { ownerId: employeeId },
        at: now,
      },
      tx,
    );
  });
}

/** Replaces the admin list (owner only, at most 10, members only, not the owner). */
export async function doSetAdmins(
  caller: EmployeeDoc,
  conversationId: string,
  employeeIds: string[],
): Promise<void> {
  const wanted = [...new Set(employeeIds)];
  checkAdminCount(wanted);
  if (wanted.includes(caller._id))
    throw errors.ownerAsAdmin({
      fields: [{ path: 'employeeIds', message: '包含群主' }],
    });
  const names = new Map((await employeesByIds(wanted)).map((e) => [e._id, e.name]));
  await withTransaction(async (tx) => {
    const { conv } = await memberTx(tx, conversationId, caller._id);
    checkOwner(roleOf(caller._id, conv));
    const docs = await Promise.all(wanted.map((e) => getMemberTx(tx, conversationId, e)));
    const missing = wanted.filter((_, i) => !docs[i]);
    if (missing.length) throw errors.pickedNotInGroup({ employeeIds: missing });
    const now = clock.now();
    const before = conv.adminIds;
    for (const e of before.filter((a) => !wanted.includes(a))) {
      const doc = await getMemberTx(tx, conversationId, e);
      if (doc)
        await tx
          .collection('members')
          .doc(doc._id)
          .update({ data: { role: 'member' } });
    }
    for (const e of wanted.filter((a) => !before.includes(a)))
      await tx
        .collection('members')
        .doc(memberId(conversationId, e))
        .update({ data: { role: 'admin' } });
    await tx
      .collection('conversations')
      .doc(conversationId)
      .update({ data: { adminIds: wanted, updatedAt: now } });
    const added = wanted.filter((a) => !before.includes(a));
    if (added.length)
      await appendMessage(
        tx,
        { ...conv, adminIds: wanted },
        system(`${caller.name} 将 ${added.map((a) => names.get(a) ?? '').join('、')} 设为群管理员`),
        now,
      );
    await recordAudit(
      {
        actorId: caller._id,
        actorName: caller.name,
        action: 'group.setAdmins',
        targetType: 'conversation',
        targetId: conversationId,
        conversationId,
        before: { adminIds: before },
        after: { adminIds: wanted },
        at: now,
      },
      tx,
    );
  });
}

export interface GroupUpdate {
  name?: string;
  announcement?: string;
  muteAll?: boolean;
  allowMemberInvite?: boolean;
}

export async function doUpdateGroup(
  caller: EmployeeDoc,
  conversationId: string,
  patch: GroupUpdate,
): Promise<void> {
  await withTransaction(async (tx) => {
    const { conv } = await memberTx(tx, conversationId, caller._id);
    const role = roleOf(caller._id, conv);
    checkManager(role);
    if (patch.allowMemberInvite !== undefined) checkOwner(role);
    const now = clock.now();
    const changes: Partial<ConversationDoc> = {};
    const lines: string[] = [];
    let announcementLine: string | undefined;
    if (patch.name !== undefined && patch.name !== conv.name) {
      changes.name = patch.name;
      lines.push(`${caller.name} 修改群名为“${patch.name}”`);
    }
    if (patch.announcement !== undefined && patch.announcement !== conv.announcement) {
      changes.announcement = patch.announcement;
      if (patch.announcement) announcementLine = `${caller.name} 发布了群公告：${patch.announcement}`;
      lines.push(announcementLine ?? `${caller.name} 清除了群公告`);
    }
    if (patch.muteAll !== undefined && patch.muteAll !== conv.muteAll) {
      changes.muteAll = patch.muteAll;
      lines.push(patch.muteAll ? `${caller.name} 开启了全员禁言` : `${caller.name} 关闭了全员禁言`);
    }
    if (patch.allowMemberInvite !== undefined && patch.allowMemberInvite !== conv.allowMemberInvite) {
      changes.allowMemberInvite = patch.allowMemberInvite;
      lines.push(
        patch.allowMemberInvite
          ? `${caller.name} 允许所有成员邀请同事`
          : `${caller.name} 设置为仅群主和管理员可邀请`,
      );
    }
    if (!Object.keys(changes).length) return;
    await tx
      .collection('conversations')
      .doc(conversationId)
      .update({ data: { ...changes, updatedAt: now } });
    let next: ConversationDoc = { ...conv, ...changes };
    for (const line of lines) {
      // A new announcement notifies every member who has not read it (domain/notify.ts).
      const notify = line === announcementLine ? ('announcement' as const) : undefined;
      next = (await appendMessage(tx, next, { ...system(line), notify, notifyFrom: caller._id }, now))
        .conversation;
    }
    await recordAudit(
      {
        actorId: caller._id,
        actorName: caller.name,
        action: 'group.update',
        targetType: 'conversation',
        targetId: conversationId,
        conversationId,
        before: Object.fromEntries(Object.keys(changes).map((k) => [k, conv[k as keyof ConversationDoc]])),
        after: changes,
        at: now,
      },
      tx,
    );
  });
}

/** One click: the group is dissolved for every member at once; documents and history stay. */
export async function doDissolve(caller: EmployeeDoc, conversationId: string): Promise<void> {
  await withTransaction(async (tx) => {
    const { conv } = await memberTx(tx, conversationId, caller._id);
    checkOwner(roleOf(caller._id, conv));
    const now = clock.now();
    const { conversation } = await appendMessage(tx, conv, system(`${caller.name} 解散了该群`), now);
    await tx
      .collection('conversations')
      .doc(conversationId)
      .update({ data: { status: 'dissolved', updatedAt: now } });
    void conversation;
    await recordAudit(
      {
        actorId: caller._id,
        actorName: caller.name,
        action: 'group.dissolve',
        targetType: 'conversation',
        targetId: conversationId,
        conversationId,
        before: { status: conv.status, memberCount: conv.memberCount },
        after: { status: 'dissolved' },
        at: now,
      },
      tx,
    );
  });
}

/**
 * Re-expands the linked departments: adds newcomers (active, in scope) and removes members who
 * came in through a department and are no longer in it. People picked by name, the owner and
 * admins are never removed by a sync. The cap is checked on the outcome before anything is
 * written, and again atomically when the seats are reserved.
 */
export async function doSyncDepartments(
  caller: EmployeeDoc,
  conversationId: string,
): Promise<SyncDepartmentsResult> {
  const { conversation, role } = await requireGroupRole(conversationId, caller._id);
  checkManager(role);
  if (!conversation.departmentIds.length) throw errors.noLinkedDepartments();
  const { settings, departments } = await loadCompany();
  const inScope = scopeMatcher(settings.usageScope, departments);
  const target = (
    await activeEmployeesInDepartments([...subtreeIds(departments, conversation.departmentIds)])
  ).filter(inScope);
  const targetIds = new Set(target.map((e) => e._id));
  const members = await allMembers(conversationId);
  const memberIds = new Set(members.map((m) => m.employeeId));
  const newcomers = target.filter((e) => !memberIds.has(e._id));
  const leavingIds = members
    .filter(
      (m) =>
        m.viaDepartment && roleOf(m.employeeId, conversation) === 'member' && !targetIds.has(m.employeeId),
    )
    .map((m) => m.employeeId);
  checkCap(settings.memberCap, members.length - leavingIds.length, newcomers.length);
  const actor = actorOf(caller);
  const leaving = await employeesByIds(leavingIds);
  const removed = await doRemoveMembers(
    conversation,
    // Sync removes plain members only (role 'admin' here = may remove members, never admins).
    { ...actor, role: 'admin' },
    leaving,
    (names) =>
      `同步部门成员：${names.slice(0, 10).join('、')}${names.length > 10 ? ` 等 ${names.length} 人` : ''} 已移出群聊`,
    { authorize: (conv) => void checkConversationOpen(conv) },
  );
  const out = !newcomers.length
    ? { added: [] as EmployeeDoc[] }
    : await doAddMembers(
        conversationId,
        newcomers,
        actor,
        settings.memberCap,
        async (conv) => {
          checkConversationOpen(conv);
        },
        (names) =>
          `同步部门成员：${names.slice(0, 10).join('、')}${names.length > 10 ? ` 等 ${names.length} 人` : ''} 加入了群聊`,
        new Set(newcomers.map((e) => e._id)),
      );
  const now = clock.now();
  await recordAudit({
    actorId: caller._id,
    actorName: caller.name,
    action: 'group.syncDepartments',
    targetType: 'conversation',
    targetId: conversationId,
    conversationId,
    details: { added: out.added.map((e) => e._id), removed },
    at: now,
  });
  return { added: out.added.map((e) => e._id), removed };
}
