// Group administration: transfer ownership, set admins, update settings, dissolve.
import { errors } from '../domain/errors';
import { checkAdminCount, checkManager, checkOwner, roleOf } from '../domain/ownership';
import { clock } from '../platform/clock';
import { checkText } from '../platform/secCheck';
import { recordAudit } from '../store/audit';
import { getConversationTx, getMemberTx, updateConversationTx, updateMemberTx } from '../store/conversations';
import type { ConversationDoc, EmployeeDoc } from '../store/documents';
import { memberId } from '../store/documents';
import { employeesByIds, getEmployee } from '../store/employees';
import { withTransaction } from '../store/transaction';
import { appendMessage } from './timeline';

import { actorOf, memberTx, requireGroupRole, system } from './groupGates';
import { openReorg, runReorg, stepDeadline } from './orgSync';

export async function doTransferOwner(
  caller: EmployeeDoc,
  conversationId: string,
  employeeId: string,
): Promise<void> {
  const target = employeeId === caller._id ? caller : await getEmployee(employeeId);
  await withTransaction(async (tx) => {
    const { conv, me } = await memberTx(tx, conversationId, caller._id);
    // Permission first: a plain member naming themself learns FORBIDDEN, not "你已经是群主".
    checkOwner(roleOf(caller._id, conv));
    if (employeeId === caller._id)
      throw errors.alreadyOwner({
        fields: [{ path: 'employeeId', message: '不能是自己' }],
      });
    const next = await getMemberTx(tx, conversationId, employeeId);
    if (!next || !target) throw errors.targetNotInGroup();
    if (target.status !== 'active') throw errors.transferToDeparted();
    const now = clock.now();
    await updateMemberTx(tx, me._id, { role: 'member' });
    await updateMemberTx(tx, next._id, { role: 'owner' });
    const changes = {
      ownerId: employeeId,
      adminIds: conv.adminIds.filter((a) => a !== employeeId),
      updatedAt: now,
    };
    await updateConversationTx(tx, conversationId, changes);
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
  const names = new Map((await employeesByIds(wanted)).map((e) => [e._id, e.name]));
  await withTransaction(async (tx) => {
    const { conv } = await memberTx(tx, conversationId, caller._id);
    // Permission first: a plain member gets FORBIDDEN whatever the list holds (even themself).
    checkOwner(roleOf(caller._id, conv));
    checkAdminCount(wanted);
    if (wanted.includes(caller._id))
      throw errors.ownerAsAdmin({
        fields: [{ path: 'employeeIds', message: '包含群主' }],
      });
    const docs = await Promise.all(wanted.map((e) => getMemberTx(tx, conversationId, e)));
    const missing = wanted.filter((_, i) => !docs[i]);
    if (missing.length) throw errors.pickedNotInGroup({ employeeIds: missing });
    const now = clock.now();
    const before = conv.adminIds;
    for (const e of before.filter((a) => !wanted.includes(a))) {
      const doc = await getMemberTx(tx, conversationId, e);
      if (doc) await updateMemberTx(tx, doc._id, { role: 'member' });
    }
    for (const e of wanted.filter((a) => !before.includes(a)))
      await updateMemberTx(tx, memberId(conversationId, e), { role: 'admin' });
    await updateConversationTx(tx, conversationId, { adminIds: wanted, updatedAt: now });
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
  autoSync?: boolean;
}

export async function doUpdateGroup(
  caller: EmployeeDoc,
  openid: string,
  conversationId: string,
  patch: GroupUpdate,
): Promise<void> {
  // Permission before the content check (a plain member spends no check and learns FORBIDDEN);
  // the content check stays outside the transaction, which re-checks the role.
  const { conversation, role } = await requireGroupRole(conversationId, caller._id);
  checkManager(role);
  if (patch.allowMemberInvite !== undefined) checkOwner(role);
  if (patch.autoSync && !conversation.departmentIds.length) throw errors.noLinkedDepartments();
  if (patch.name !== undefined) await checkText(patch.name, openid, 'name');
  if (patch.announcement) await checkText(patch.announcement, openid, 'announcement');
  // Turning it on (again) brings the group in line now, as a job opened first: a call killed
  // after the switch leaves the job for its retry or the repair (it does nothing if the switch
  // never went through: a group that does not follow is left alone).
  const key = `autoSync:${conversationId}`;
  const job = patch.autoSync
    ? await openReorg(key, [], 'autoSync', actorOf(caller), {
        conversationIds: [conversationId],
        lines: 'summary',
        title: `开启自动同步：${conversation.name}`,
      })
    : null;
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
      changes.autoName = false;
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
    if (patch.autoSync !== undefined && patch.autoSync !== !!conv.autoSync) {
      changes.autoSync = patch.autoSync;
      lines.push(
        patch.autoSync ? `${caller.name} 开启了自动同步部门成员` : `${caller.name} 关闭了自动同步部门成员`,
      );
    }
    if (!Object.keys(changes).length) return;
    await updateConversationTx(tx, conversationId, { ...changes, updatedAt: now });
    let next: ConversationDoc = { ...conv, ...changes };
    for (const line of lines) {
      // A new announcement notifies every member who has not read it (domain/notify.ts).
      const announced = line === announcementLine;
      const draft = announced
        ? { ...system(line), notify: 'announcement' as const, announcement: patch.announcement }
        : system(line);
      next = (await appendMessage(tx, next, { ...draft, notifyFrom: caller._id }, now)).conversation;
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
  if (job) await runReorg(job, stepDeadline('groups'));
}

/** One click: the group is dissolved for every member at once; documents and history stay. */
export async function doDissolve(caller: EmployeeDoc, conversationId: string): Promise<void> {
  await withTransaction(async (tx) => {
    const found = await getConversationTx(tx, conversationId);
    // The owner dissolving again: a retry of a dissolve that went through.
    if (found?.status === 'dissolved' && found.ownerId === caller._id) return;
    const { conv } = await memberTx(tx, conversationId, caller._id, found);
    checkOwner(roleOf(caller._id, conv));
    const now = clock.now();
    const { conversation } = await appendMessage(tx, conv, system(`${caller.name} 解散了该群`), now);
    await updateConversationTx(tx, conversationId, { status: 'dissolved', updatedAt: now });
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
