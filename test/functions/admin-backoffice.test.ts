// The back office through the local cloud: admin-only access, the group table, disable/enable,
// delete (documents and files purged), single-message removal and the audit trail.
import type { LocalCloud } from '../../localcloud/cloud';
import { createClientDatabase, type Snapshot, type WatchError } from '../../localcloud/client/watch';
import { inProcessWatch } from '../../localcloud/realtime/inprocess';
import type {
  AdminGroupRow,
  AuditEntry,
  ConversationListItem,
  Message,
  Page,
  SearchHit,
} from '../../typings/api';
import { makeCompany, makeGroup, type Company } from './admin-fixtures';
import { errorOf, ok, openCloud, seedDocs, sendFile, sendText, storedDocs } from './helpers';

let cloud: LocalCloud;
let co: Company;
beforeEach(async () => {
  cloud = openCloud();
  cloud.setClock(() => Date.now());
  co = await makeCompany(cloud);
});
afterEach(() => cloud.close());

const docsOf = (coll: string, query: Record<string, unknown>) => storedDocs(cloud, coll, query);
const admin = (data: object) => ok(cloud, 'admin', co.admin.openid, data);
const audit = (conversationId?: string) =>
  admin({ action: 'auditLog', ...(conversationId ? { conversationId } : {}), limit: 100 }) as Promise<
    Page<AuditEntry>
  >;

const list = (openid: string) => ok<Page<ConversationListItem>>(cloud, 'groups', openid, { action: 'list' });
const history = (openid: string, conversationId: string) =>
  ok<{ items: Message[]; hasMore: boolean }>(cloud, 'messages', openid, {
    action: 'history',
    conversationId,
  });
const since = (openid: string, conversationId: string) =>
  ok<{ items: Message[]; hasMore: boolean }>(cloud, 'messages', openid, {
    action: 'since',
    conversationId,
    afterSeq: 0,
  });
const search = (openid: string, keyword: string) =>
  ok<Page<SearchHit>>(cloud, 'messages', openid, { action: 'search', keyword });

describe('admin-only', () => {
  it('refuses a non-admin employee with FORBIDDEN on every admin action, changing nothing', async () => {
    const [owner, member] = co.people;
    const g = await makeGroup(cloud, owner, [member]);
    const m = await sendText(cloud, owner, g, '早上好');
    const params: Record<string, object> = {
      groups: {},
      disableGroup: { conversationId: g },
      enableGroup: { conversationId: g },
      deleteGroup: { conversationId: g },
      deleteMessage: { messageId: m.id },
      exportHistory: { conversationId: g },
      deleteExport: { fileId: 'cloud://local.tongshi-local/exports/g/0123456789abcdef01234567.xlsx' },
      auditLog: {},
      stats: {},
      groupDetail: { conversationId: g },
      groupMembers: { conversationId: g },
      groupMessages: { conversationId: g },
      getSettings: {},
      updateSettings: { memberCap: 500 },
      scopePreview: { usageScope: { mode: 'all' } },
      importRoster: { rows: [{ 姓名: '新人', 手机号: '13700000000', 部门: '门店/一店' }] },
      setAdmin: { employeeId: member.id, isAdmin: true },
      offboard: { employeeId: member.id },
      updateEmployee: { employeeId: member.id, position: '店长' },
      runMaintenance: {},
      createDepartment: { name: '新部门' },
      updateDepartment: { departmentId: co.deptId, name: '改名' },
      deleteDepartment: { departmentId: co.deptId },
      exportRoster: {},
      jobs: {},
      createDepartmentGroups: { departmentId: 'dept_store' },
      roster: {},
      employee: { employeeId: member.id },
      reissueInviteCode: { employeeId: member.id },
      rehire: { employeeId: member.id },
    };
    const registered = Object.keys(
      (require('../../cloudfunctions/admin/index') as { actions: object }).actions,
    ).filter((a) => a !== 'bootstrap');
    // Every registered action is covered here (a new one must be added to this table).
    expect(registered.filter((a) => !params[a])).toEqual([]);
    const before = [
      'conversations',
      'members',
      'messages',
      'audit_log',
      'employees',
      'settings',
      'departments',
    ].map((c) => cloud.db.tables.count(c));
    for (const name of registered) {
      const error = await errorOf(cloud, 'admin', owner.openid, { action: name, ...params[name] });
      expect([name, error.code]).toEqual([name, 'FORBIDDEN']);
    }
    expect(
      ['conversations', 'members', 'messages', 'audit_log', 'employees', 'settings', 'departments'].map((c) =>
        cloud.db.tables.count(c),
      ),
    ).toEqual(before);
    expect((await errorOf(cloud, 'admin', 'o_stranger', { action: 'groups' })).code).toBe('UNAUTHENTICATED');
  });
});

describe('admin.groups (group table)', () => {
  it('lists groups with creator, member count, message count and status; searches, filters and pages', async () => {
    const [a, b, c, d] = co.people;
    let t = Date.now();
    cloud.setClock(() => t);
    const g1 = await makeGroup(cloud, a, [b, c], '门店早班');
    t += 1000;
    const g2 = await makeGroup(cloud, b, [a], '财务对账');
    t += 1000;
    const g3 = await makeGroup(cloud, d, [a, b, c], '门店晚班');
    await sendText(cloud, a, g1, '一');
    await sendText(cloud, b, g1, '二');
    await sendText(cloud, a, g2, '三');
    await admin({ action: 'disableGroup', conversationId: g2 });

    const all = (await admin({ action: 'groups' })) as Page<AdminGroupRow>;
    expect(all.items.map((r) => r.id)).toEqual([g3, g2, g1]);
    const row1 = all.items.find((r) => r.id === g1) as AdminGroupRow;
    expect(row1).toMatchObject({
      name: '门店早班',
      creatorId: a.id,
      creator: a.name,
      memberCount: 3,
      messageCount: 2,
      status: 'active',
      type: 'group',
    });
    expect(all.items.find((r) => r.id === g2)).toMatchObject({
      status: 'disabled',
      messageCount: 1,
      creator: b.name,
    });
    expect(all.nextCursor).toBeNull();

    const byName = (await admin({ action: 'groups', keyword: '门店' })) as Page<AdminGroupRow>;
    expect(byName.items.map((r) => r.id)).toEqual([g3, g1]);
    const byCreator = (await admin({ action: 'groups', keyword: d.name })) as Page<AdminGroupRow>;
    expect(byCreator.items.map((r) => r.id)).toEqual([g3]);
    const disabled = (await admin({ action: 'groups', status: 'disabled' })) as Page<AdminGroupRow>;
    expect(disabled.items.map((r) => r.id)).toEqual([g2]);
    expect(
      ((await admin({ action: 'groups', status: '已禁用' })) as Page<AdminGroupRow>).items.map((r) => r.id),
    ).toEqual([g2]);
    expect(((await admin({ action: 'groups', status: '' })) as Page<AdminGroupRow>).items).toHaveLength(3);
    expect((await errorOf(cloud, 'admin', co.admin.openid, { action: 'groups', status: 'gone' })).code).toBe(
      'INVALID_ARGUMENT',
    );

    const p1 = (await admin({ action: 'groups', limit: 2 })) as Page<AdminGroupRow>;
    expect(p1.items.map((r) => r.id)).toEqual([g3, g2]);
    const p2 = (await admin({ action: 'groups', limit: 2, cursor: p1.nextCursor })) as Page<AdminGroupRow>;
    expect(p2).toEqual({ items: [expect.objectContaining({ id: g1 })], nextCursor: null });
    expect(
      (await errorOf(cloud, 'admin', co.admin.openid, { action: 'groups', cursor: 'garbage' })).code,
    ).toBe('INVALID_ARGUMENT');
  });

  it('shows admin counts for the home page', async () => {
    const [a, b] = co.people;
    const g = await makeGroup(cloud, a, [b]);
    await sendText(cloud, a, g, '你好');
    await sendText(cloud, b, g, '收到');
    const stats = await admin({ action: 'stats' });
    expect(stats).toEqual({ employees: co.people.length + 1, activeGroups: 1, messagesToday: 2 });
    await admin({ action: 'disableGroup', conversationId: g });
    expect(await admin({ action: 'stats' })).toMatchObject({ activeGroups: 0 });
  });
});

describe('disable / enable', () => {
  it('hides a disabled group from its members (list, read, send, search) and brings it back intact', async () => {
    const [owner, member] = co.people;
    const g = await makeGroup(cloud, owner, [member], '促销群');
    await sendText(cloud, owner, g, '周末促销方案');
    await sendText(cloud, owner, g, '请大家查收');
    const listedBefore = (await list(member.openid)).items.find((i) => i.id === g) as ConversationListItem;
    expect(listedBefore.unread).toBeGreaterThanOrEqual(2);
    const historyBefore = await history(member.openid, g);

    await admin({ action: 'disableGroup', conversationId: g });
    expect((await list(member.openid)).items.map((i) => i.id)).not.toContain(g);
    for (const data of [
      { action: 'history', conversationId: g },
      { action: 'since', conversationId: g, afterSeq: 0 },
      { action: 'send', conversationId: g, clientMsgId: 'x1', type: 'text', text: '还在吗' },
      { action: 'search', keyword: '促销', conversationId: g },
    ])
      expect((await errorOf(cloud, 'messages', member.openid, data)).code).toBe('GROUP_DISABLED');
    expect((await search(member.openid, '促销')).items).toEqual([]);
    // A second disable is a no-op, not a second audit entry.
    await admin({ action: 'disableGroup', conversationId: g });

    await admin({ action: 'enableGroup', conversationId: g });
    const listedAfter = (await list(member.openid)).items.find((i) => i.id === g);
    expect(listedAfter).toEqual(listedBefore);
    expect(await history(member.openid, g)).toEqual(historyBefore);
    expect((await search(member.openid, '促销')).items.map((h) => h.conversation.id)).toEqual([g]);
    await sendText(cloud, member, g, '收到');

    const entries = (await audit(g)).items.filter((e) => /^group\.(en|dis)able$/.test(e.action));
    expect(entries.map((e) => e.action)).toEqual(['group.enable', 'group.disable']);
    expect(entries[1]).toMatchObject({
      actorId: co.admin.id,
      actorName: co.admin.name,
      targetType: 'conversation',
      targetId: g,
      conversationId: g,
      before: { status: 'active' },
      after: { status: 'disabled' },
    });
  });

  it('stops realtime delivery: open watches end, new ones are refused until enabled', async () => {
    const [owner, member] = co.people;
    const g = await makeGroup(cloud, owner, [member], '实时群');
    const snapshots: Snapshot[] = [];
    const errors: WatchError[] = [];
    const clientDb = createClientDatabase(inProcessWatch(cloud), () => member.openid);
    const watch = clientDb
      .collection('conversations')
      .where({ _id: g })
      .watch({ onChange: (x: Snapshot) => snapshots.push(x), onError: (e: WatchError) => errors.push(e) });
    const tick = () => new Promise((r) => setImmediate(r));
    await tick();
    await sendText(cloud, owner, g, '禁用前');
    await tick();
    const lastSeqSeen = () => snapshots[snapshots.length - 1].docs[0] as { lastSeq: number; status: string };
    const before = lastSeqSeen().lastSeq;

    await admin({ action: 'disableGroup', conversationId: g });
    await tick();
    // The rules deny a disabled group's documents (database-rules/conversations.json): the open
    // watch ends with the permission error, and the page asks groups.detail why.
    expect(errors).toHaveLength(1);
    expect(String(errors[0].errMsg)).toContain('COLLECTION_PERMISSION_DENIED');
    expect(lastSeqSeen().lastSeq).toBe(before);
    expect(
      (
        await errorOf(cloud, 'messages', owner.openid, {
          action: 'send',
          conversationId: g,
          clientMsgId: 'rt1',
          type: 'text',
          text: '禁用中',
        })
      ).code,
    ).toBe('GROUP_DISABLED');
    expect(
      (
        await errorOf(cloud, 'messages', member.openid, {
          action: 'since',
          conversationId: g,
          afterSeq: before - 1,
        })
      ).code,
    ).toBe('GROUP_DISABLED');
    const refused = createClientDatabase(inProcessWatch(cloud), () => member.openid);
    const messagesErrors: WatchError[] = [];
    refused
      .collection('messages')
      .where({ conversationId: g })
      .watch({ onChange: () => undefined, onError: (e: WatchError) => messagesErrors.push(e) });
    await tick();
    expect(messagesErrors).toHaveLength(1);

    await admin({ action: 'enableGroup', conversationId: g });
    const again: Snapshot[] = [];
    // As the chat page asks: numbered messages only (a send is inserted pending, seq 0, first).
    const reopened = clientDb
      .collection('messages')
      .where({ conversationId: g, seq: { $gt: 0 } })
      .watch({ onChange: (x: Snapshot) => again.push(x), onError: (e: WatchError) => errors.push(e) });
    await tick();
    await sendText(cloud, owner, g, '启用后');
    await tick();
    expect(again[again.length - 1].docChanges[0]).toMatchObject({
      dataType: 'add',
      doc: { text: '启用后', seq: before + 1 },
    });
    expect(errors).toHaveLength(1);
    watch.close();
    void reopened.close();
  });

  it('answers NOT_FOUND for an unknown group and GROUP_DISSOLVED cannot be re-enabled', async () => {
    expect(
      (await errorOf(cloud, 'admin', co.admin.openid, { action: 'disableGroup', conversationId: 'nope' }))
        .code,
    ).toBe('NOT_FOUND');
    const [owner, member] = co.people;
    const g = await makeGroup(cloud, owner, [member]);
    cloud.db.tables.put('conversations', {
      ...(cloud.db.tables.getById('conversations', g) as object),
      status: 'dissolved',
    });
    expect(
      (await errorOf(cloud, 'admin', co.admin.openid, { action: 'enableGroup', conversationId: g })).code,
    ).toBe('GROUP_DISSOLVED');
  });
});

describe('deleteGroup', () => {
  it('purges the conversation, its members, messages and stored files; then every action is NOT_FOUND', async () => {
    const [owner, member, other] = co.people;
    const g = await makeGroup(cloud, owner, [member], '待删群');
    const keep = await makeGroup(cloud, owner, [other], '保留群');
    await sendText(cloud, owner, g, '第一条');
    const image = await sendFile(cloud, member, g, 'image', 'photo.jpg');
    const file = await sendFile(cloud, owner, g, 'file', '报价单.xlsx');
    const removedFile = await sendFile(cloud, owner, g, 'file', '违规.pdf');
    await admin({ action: 'deleteMessage', messageId: removedFile.id });
    const exported = (await admin({ action: 'exportHistory', conversationId: g })) as { fileId: string };
    const kept = await sendFile(cloud, owner, keep, 'file', '别删.docx');
    const fileIds = [image.fileId, file.fileId, removedFile.fileId, exported.fileId] as string[];
    fileIds.forEach((f) => expect(cloud.storage.exists(f)).toBe(true));
    expect(docsOf('messages', { conversationId: g }).length).toBeGreaterThanOrEqual(4);

    const summary = await admin({ action: 'deleteGroup', conversationId: g });
    expect(summary).toMatchObject({ members: 2, files: 4 });

    expect(docsOf('conversations', { _id: g })).toHaveLength(0);
    expect(docsOf('members', { conversationId: g })).toHaveLength(0);
    expect(docsOf('messages', { conversationId: g })).toHaveLength(0);
    fileIds.forEach((f) => expect(cloud.storage.exists(f)).toBe(false));
    // The other group is untouched.
    expect(docsOf('members', { conversationId: keep })).toHaveLength(2);
    expect(cloud.storage.exists(kept.fileId as string)).toBe(true);

    expect((await list(member.openid)).items.map((i) => i.id)).toEqual([]);
    for (const data of [
      { action: 'history', conversationId: g },
      { action: 'since', conversationId: g, afterSeq: 0 },
      { action: 'markRead', conversationId: g, seq: 1 },
      { action: 'send', conversationId: g, clientMsgId: 'y', type: 'text', text: '喂' },
      { action: 'search', keyword: '第一条', conversationId: g },
    ])
      expect((await errorOf(cloud, 'messages', member.openid, data)).code).toBe('NOT_FOUND');
    // Deleting again is a retry: it answers what the delete removed, and removes nothing more.
    expect(await admin({ action: 'deleteGroup', conversationId: g })).toEqual(summary);
    for (const name of [
      'disableGroup',
      'enableGroup',
      'exportHistory',
      'groupDetail',
      'groupMembers',
      'groupMessages',
    ])
      expect([
        name,
        (await errorOf(cloud, 'admin', co.admin.openid, { action: name, conversationId: g })).code,
      ]).toEqual([name, 'NOT_FOUND']);
    const groupsActions = Object.keys(
      (require('../../cloudfunctions/groups/index') as { actions: object }).actions,
    );
    for (const name of ['detail', 'members', 'leave', 'dissolve'].filter((a) => groupsActions.includes(a)))
      expect([
        name,
        (await errorOf(cloud, 'groups', owner.openid, { action: name, conversationId: g })).code,
      ]).toEqual([name, 'NOT_FOUND']);

    const entry = (await audit(g)).items[0];
    expect(entry).toMatchObject({
      action: 'group.delete',
      targetId: g,
      before: { name: '待删群', memberCount: 2 },
      details: summary,
    });
  });
});

describe('deleteMessage', () => {
  it('shows members the placeholder through history, since, search and the list preview; the original lives only in the audit entry', async () => {
    const [owner, member] = co.people;
    const g = await makeGroup(cloud, owner, [member]);
    await sendText(cloud, owner, g, '正常消息');
    const bad = await sendText(cloud, member, g, '不当言论内容');
    await admin({ action: 'deleteMessage', messageId: bad.id, reason: '违规' });

    for (const read of [history, since]) {
      const items = (await read(owner.openid, g)).items;
      const shown = items.find((m) => m.id === bad.id) as Message;
      expect(shown).toMatchObject({ id: bad.id, seq: bad.seq, removed: true });
      expect(shown.text).toBeUndefined();
      expect(JSON.stringify(items)).not.toContain('不当言论');
    }
    expect((await search(owner.openid, '不当言论')).items).toEqual([]);
    expect((await search(owner.openid, '正常')).items).toHaveLength(1);
    const row = (await list(owner.openid)).items.find((i) => i.id === g) as ConversationListItem;
    expect(row.lastMessage?.preview).toBe('该消息已被管理员删除');
    // Live chat pages watch the message itself: the stripped document carries the line to show.
    expect(cloud.db.tables.getById('messages', bad.id)).toMatchObject({
      seq: bad.seq,
      removed: true,
      notice: '该消息已被管理员删除',
    });
    expect(JSON.stringify(docsOf('messages', { conversationId: g }))).not.toContain('不当言论');

    const entry = (await audit(g)).items[0];
    expect(entry).toMatchObject({
      action: 'message.delete',
      targetType: 'message',
      targetId: bad.id,
      conversationId: g,
      before: { text: '不当言论内容', senderId: member.id },
      after: { removed: true },
      details: { reason: '违规' },
    });
    // Removing twice changes nothing more.
    await admin({ action: 'deleteMessage', messageId: bad.id });
    expect((await audit(g)).items.filter((e) => e.action === 'message.delete')).toHaveLength(1);
  });

  it('works on a recalled message, and refuses unknown and system messages', async () => {
    const [owner, member] = co.people;
    const g = await makeGroup(cloud, owner, [member]);
    const m = await sendText(cloud, member, g, '发错了');
    await ok(cloud, 'messages', member.openid, { action: 'recall', messageId: m.id });
    await admin({ action: 'deleteMessage', messageId: m.id });
    const shown = (await history(owner.openid, g)).items.find((x) => x.id === m.id);
    expect(shown).toMatchObject({ removed: true });
    expect((await audit(g)).items[0]).toMatchObject({
      action: 'message.delete',
      before: { text: '发错了', recalled: true },
    });
    expect(
      (await errorOf(cloud, 'admin', co.admin.openid, { action: 'deleteMessage', messageId: 'missing' }))
        .code,
    ).toBe('NOT_FOUND');
    const system = docsOf('messages', { conversationId: g, type: 'system' })[0] as
      { _id: string } | undefined;
    if (system)
      expect(
        (await errorOf(cloud, 'admin', co.admin.openid, { action: 'deleteMessage', messageId: system._id }))
          .code,
      ).toBe('INVALID_ARGUMENT');
  });
});

describe('admin group detail views', () => {
  it('reads members and recent messages of a group the admin is not in', async () => {
    const [owner, member] = co.people;
    const g = await makeGroup(cloud, owner, [member], '详情群');
    for (let i = 1; i <= 5; i++) await sendText(cloud, owner, g, `消息${i}`);
    const bad = await sendText(cloud, member, g, '删掉我');
    await admin({ action: 'deleteMessage', messageId: bad.id });
    const detail = await admin({ action: 'groupDetail', conversationId: g });
    expect(detail).toMatchObject({
      id: g,
      name: '详情群',
      creator: owner.name,
      memberCount: 2,
      messageCount: 6,
      status: 'active',
    });
    const members = (await admin({ action: 'groupMembers', conversationId: g })) as Page<{
      employeeId: string;
      name: string;
      role: string;
    }>;
    expect(members.items.map((m) => [m.name, m.role])).toEqual([
      [owner.name, 'owner'],
      [member.name, 'member'],
    ]);
    const recent = (await admin({ action: 'groupMessages', conversationId: g, limit: 3 })) as {
      items: Message[];
      hasMore: boolean;
    };
    expect(recent.hasMore).toBe(true);
    expect(recent.items.map((m) => m.text)).toEqual(['消息4', '消息5', '该消息已被管理员删除']);
    expect(recent.items[2]).toMatchObject({ removed: true, senderName: member.name });
    const older = (await admin({
      action: 'groupMessages',
      conversationId: g,
      beforeSeq: recent.items[0].seq,
      limit: 100,
    })) as { items: Message[] };
    expect(older.items.map((m) => m.text).filter((t) => t?.startsWith('消息'))).toEqual([
      '消息1',
      '消息2',
      '消息3',
    ]);
  });
});

describe('admin.auditLog', () => {
  it('is newest first, filterable by actor and conversation, and paged', async () => {
    const [owner, member] = co.people;
    let t = Date.now() + 60_000;
    cloud.setClock(() => ++t);
    const g1 = await makeGroup(cloud, owner, [member], '甲');
    const g2 = await makeGroup(cloud, owner, [member], '乙');
    await admin({ action: 'disableGroup', conversationId: g1 });
    await admin({ action: 'disableGroup', conversationId: g2 });
    await admin({ action: 'enableGroup', conversationId: g1 });
    const all = (await admin({ action: 'auditLog', limit: 100 })) as Page<AuditEntry> & {
      actions: { action: string; label: string }[];
    };
    // The filter's choices come from the server's one list of labels.
    expect(all.actions).toContainEqual({ action: 'group.enable', label: '启用群聊' });
    const ats = all.items.map((e) => e.at);
    expect([...ats].sort((x, y) => y - x)).toEqual(ats);
    expect(all.items.slice(0, 3).map((e) => [e.action, e.targetId])).toEqual([
      ['group.enable', g1],
      ['group.disable', g2],
      ['group.disable', g1],
    ]);
    const byGroup = (await admin({ action: 'auditLog', conversationId: g1 })) as Page<AuditEntry>;
    expect(byGroup.items.filter((e) => /^group\.(en|dis)able$/.test(e.action)).map((e) => e.action)).toEqual([
      'group.enable',
      'group.disable',
    ]);
    const byActor = (await admin({
      action: 'auditLog',
      actorId: co.admin.id,
      limit: 100,
    })) as Page<AuditEntry>;
    expect(byActor.items.every((e) => e.actorId === co.admin.id)).toBe(true);
    expect(byActor.items.length).toBeGreaterThanOrEqual(4);
    const byAction = (await admin({ action: 'auditLog', auditAction: 'group.enable' })) as Page<AuditEntry>;
    expect(byAction.items.map((e) => e.targetId)).toEqual([g1]);
    // The name the entry had before the <subject>.<verb> scheme still filters the same entries.
    const byOldName = (await admin({ action: 'auditLog', auditAction: 'enableGroup' })) as Page<AuditEntry>;
    expect(byOldName.items.map((e) => e.targetId)).toEqual([g1]);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Page<AuditEntry> = (await admin({
        action: 'auditLog',
        limit: 2,
        ...(cursor ? { cursor } : {}),
      })) as Page<AuditEntry>;
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((e) => e.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.items.map((e) => e.id));
  });

  it('reads entries written under the old action names as their new names', async () => {
    await seedDocs(cloud, 'audit_log', [
      {
        actorId: co.admin.id,
        actorName: '管理员',
        action: 'disableGroup',
        targetType: 'conversation',
        targetId: 'gx',
        at: 1,
      },
      {
        actorId: co.admin.id,
        actorName: '管理员',
        action: 'offboard',
        targetType: 'employee',
        targetId: 'ex',
        at: 2,
      },
    ]);
    const old = (await admin({ action: 'auditLog', limit: 100 })) as Page<AuditEntry>;
    expect(old.items.filter((e) => ['gx', 'ex'].includes(e.targetId ?? '')).map((e) => e.action)).toEqual([
      'employee.offboard',
      'group.disable',
    ]);
    const disabled = (await admin({ action: 'auditLog', auditAction: 'group.disable' })) as Page<AuditEntry>;
    expect(disabled.items.map((e) => e.targetId)).toContain('gx');
  });
});

describe('audit coverage', () => {
  it('every admin and owner action of the back-office issue leaves an entry with actor, target and time', async () => {
    const [owner, member, other, leaver] = co.people;
    const g = await makeGroup(cloud, owner, [member, other, leaver], '审计群');
    const m = await sendText(cloud, owner, g, '要删除的消息');
    const run = async (fn: 'admin' | 'groups', openid: string, data: object) => ok(cloud, fn, openid, data);
    await run('admin', co.admin.openid, { action: 'updateSettings', memberCap: 800 });
    await run('admin', co.admin.openid, {
      action: 'importRoster',
      rows: [{ 姓名: '新同事', 手机号: '13700000001', 部门: '门店/一店', 职位: '店员' }],
    });
    await run('admin', co.admin.openid, { action: 'setAdmin', employeeId: member.id, isAdmin: true });
    await run('admin', co.admin.openid, { action: 'offboard', employeeId: leaver.id });
    await run('admin', co.admin.openid, { action: 'disableGroup', conversationId: g });
    await run('admin', co.admin.openid, { action: 'enableGroup', conversationId: g });
    await run('admin', co.admin.openid, { action: 'deleteMessage', messageId: m.id });
    await run('admin', co.admin.openid, { action: 'exportHistory', conversationId: g });
    await run('groups', owner.openid, { action: 'transferOwner', conversationId: g, employeeId: other.id });
    await run('groups', other.openid, { action: 'dissolve', conversationId: g });
    const g2 = await makeGroup(cloud, owner, [member], '删除群');
    await run('admin', co.admin.openid, { action: 'deleteGroup', conversationId: g2 });

    const entries = (await audit()).items;
    const actions = new Set(entries.map((e) => e.action));
    const expected: [string, RegExp][] = [
      ['settings', /settings/i],
      ['import', /^roster\.import$/],
      ['admin grant', /^employee\.setAdmin$/],
      ['offboard', /^employee\.offboard$/],
      ['disable', /^group\.disable$/],
      ['enable', /^group\.enable$/],
      ['message removal', /^message\.delete$/],
      ['export', /^group\.exportHistory$/],
      ['transfer', /transferOwner/],
      ['dissolve', /dissolve/],
      ['delete', /^group\.delete$/],
    ];
    const missing = expected
      .filter(([, re]) => ![...actions].some((a) => re.test(a)))
      .map(([label]) => label);
    expect(missing).toEqual([]);
    for (const e of entries) {
      expect(typeof e.at).toBe('number');
      expect(e.action).toBeTruthy();
      expect(e.targetType).toBeTruthy();
    }
    const transfer = entries.find((e) => /transferOwner/.test(e.action)) as AuditEntry;
    expect(transfer).toMatchObject({ actorId: owner.id, conversationId: g });
  });
});
