// The payload sweep: every function × action of typings/contract.ts gets malformed payloads
// (payload-sweep.ts: wrong types, operators, nulls, blanks, 10 kB / 1 MB strings, 10,001 ids,
// bad numbers, lone surrogates, pollution keys, unknown actions) and wrong callers (no OPENID, an
// unbound one carrying another's identity in the payload, a departed employee, a plain employee on
// admin actions, an outsider on a group). Each answer must be the envelope with the expected code,
// a Chinese message and no stack, and the database must be exactly as before.
//
// One cloud per function, seeded once: a refused call changes nothing, which the snapshot after
// every case proves — so the cases cannot disturb one another. Nothing is excluded from the
// snapshot: api.md says an error changes nothing, and no refused call here writes a rate-limit or
// audit record (the send throttle counts only calls that pass validation and identity).
import type { z } from 'zod';
import type { LocalCloud } from '../../localcloud/cloud';
import type { ActionName, FunctionName, ParamsOf } from '../../typings/contract';
import type { ErrorCode } from '../../typings/api';
import { actions as directoryActions } from '../../cloudfunctions/directory';
import { actions as groupsActions } from '../../cloudfunctions/groups';
import { actions as messagesActions } from '../../cloudfunctions/messages';
import { actions as adminActions } from '../../cloudfunctions/admin';
import { buildEmployee } from '../../cloudfunctions/core/domain/employee';
import { bootstrapAdmin, indexDirectory, openCloud, sendText, SETUP_TOKEN } from './helpers';
import { seedConversation, seedPeople } from './messages-fixture';
import {
  badValues,
  fieldsOf,
  FORGED_CURSORS,
  POLLUTION,
  snapshot,
  UNKNOWN_ACTIONS,
  type BadValue,
} from './payload-sweep';

type Samples = { [F in FunctionName]: { [A in ActionName<F>]: ParamsOf<F, A> } };

const TABLES: Record<FunctionName, Record<string, { access: string; schema: z.ZodTypeAny }>> = {
  directory: directoryActions,
  groups: groupsActions,
  messages: messagesActions,
  admin: adminActions,
};

/** Who the fixture holds (see `seed`). */
const ADMIN = 'o_admin';
const OWNER = 'o_e1'; // owner of g1; e2 is its admin, e3 a member
const PLAIN = 'o_e3';
const OUTSIDER = 'o_e4'; // bound, active, in no group
const DEPARTED = 'o_e6'; // still has its binding, status departed
const STRANGER = 'o_stranger'; // bound to nobody

interface Fixture {
  adminId: string;
  messageId: string;
}

/** A valid payload for every action of the contract: a missing action fails typecheck. */
const samples = ({ adminId, messageId }: Fixture): Samples => ({
  directory: {
    me: {},
    bind: { inviteCode: 'ABCD2345' },
    bindByPhone: { phoneCode: 'phone-code' },
    departments: {},
    members: { departmentId: 'd1', keyword: '张', cursor: undefined, limit: 20 },
    profile: { employeeId: 'e2' },
    subscribe: { templateIds: ['local-tmpl-new-message'] },
  },
  groups: {
    list: { limit: 20 },
    create: { name: '新群', employeeIds: ['e2'], departmentIds: ['d1'], requestId: 'r1', autoSync: false },
    createOptions: { departmentIds: ['d1'] },
    openDirect: { employeeId: 'e2' },
    detail: { conversationId: 'g1' },
    members: { conversationId: 'g1', keyword: '张', limit: 20 },
    addMembers: { conversationId: 'g1', employeeIds: ['e4'], departmentIds: ['d1'], requestId: 'r2' },
    removeMembers: { conversationId: 'g1', employeeIds: ['e3'] },
    leave: { conversationId: 'g1' },
    transferOwner: { conversationId: 'g1', employeeId: 'e2' },
    setAdmins: { conversationId: 'g1', employeeIds: ['e2'] },
    update: { conversationId: 'g1', name: '改名', announcement: '公告', muteAll: false },
    syncDepartments: { conversationId: 'g1' },
    dissolve: { conversationId: 'g1' },
    search: { keyword: '测试', limit: 20 },
    setPrefs: { conversationId: 'g1', pinned: true, muted: false, hidden: false, unread: false, seq: 1 },
  },
  messages: {
    send: { conversationId: 'g1', clientMsgId: 'c-sweep', type: 'text', text: '你好', mentions: ['e2'] },
    history: { conversationId: 'g1', beforeSeq: 10, limit: 20 },
    since: { conversationId: 'g1', afterSeq: 0, limit: 20 },
    markRead: { conversationId: 'g1', seq: 1 },
    recall: { messageId },
    receipts: { messageId, limit: 20 },
    receiptCounts: { conversationId: 'g1', messageIds: [messageId] },
    search: { keyword: '你好', conversationId: 'g1', senderId: 'e1', from: 0, to: 2_000_000_000_000 },
    fileUrls: { conversationId: 'g1', messageIds: [messageId] },
  },
  admin: {
    bootstrap: { name: '李雷', mobile: '13700000000', setupToken: SETUP_TOKEN },
    getSettings: {},
    updateSettings: { memberCap: 500, mobileVisible: true, initiation: { mode: 'all' } },
    scopePreview: { usageScope: { mode: 'restricted', employeeIds: ['e1'], departmentIds: ['d1'] } },
    groups: { keyword: '测试', status: 'active', limit: 20 },
    disableGroup: { conversationId: 'g1' },
    enableGroup: { conversationId: 'g1' },
    deleteGroup: { conversationId: 'g1' },
    deleteMessage: { messageId, reason: '违规' },
    exportHistory: { conversationId: 'g1', from: '2026-11-20', to: 2_000_000_000_000 },
    deleteExport: { fileId: 'cloud://local.tongshi/exports/history/x.xlsx' },
    auditLog: { actorId: adminId, conversationId: 'g1', limit: 20 },
    stats: {},
    groupDetail: { conversationId: 'g1' },
    groupMembers: { conversationId: 'g1', keyword: '张', limit: 20 },
    groupMessages: { conversationId: 'g1', beforeSeq: 10, limit: 20 },
    importRoster: { rows: [{ 姓名: '新人', 手机号: '13700000001' }] },
    setAdmin: { employeeId: 'e2', isAdmin: true },
    offboard: { employeeId: 'e5' },
    updateEmployee: { employeeId: 'e2', name: '李娜', mobile: '13900000009', departmentIds: ['d1'] },
    runMaintenance: {},
    createDepartment: { name: '新部门', parentId: null },
    updateDepartment: { departmentId: 'd1', name: '改名', parentId: null, index: 0, requestId: 'r3' },
    deleteDepartment: { departmentId: 'd1' },
    exportRoster: { template: true },
    jobs: {},
    createDepartmentGroups: { departmentId: 'd1' },
    roster: { keyword: '张', status: '', limit: 20 },
    employee: { employeeId: 'e2' },
    reissueInviteCode: { employeeId: 'e7' },
    rehire: { employeeId: 'e6' },
  },
});

async function seed(cloud: LocalCloud): Promise<Fixture> {
  const { employee } = await bootstrapAdmin(cloud, ADMIN);
  const now = Date.now();
  cloud.db.tables.put('departments', { _id: 'd1', name: '一店', parentId: null, order: 1, createdAt: now });
  await seedPeople(cloud, 5, now);
  const departed = buildEmployee({ id: 'e6', name: '离职者', mobile: '13900000066', openid: DEPARTED }, now);
  cloud.db.tables.put('employees', { ...departed, status: 'departed', departedAt: now });
  cloud.db.tables.put('bindings', { _id: DEPARTED, employeeId: 'e6', boundAt: now, via: 'invite' });
  const unbound = buildEmployee({ id: 'e7', name: '未绑定', mobile: '13900000077' }, now);
  cloud.db.tables.put('employees', { ...unbound });
  await indexDirectory(cloud);
  await seedConversation(cloud, { id: 'g1', memberIds: ['e1', 'e2', 'e3'], adminIds: ['e2'] }, now);
  const message = await sendText(cloud, { id: 'e1', openid: OWNER, name: '张伟' }, 'g1', '你好 @李娜');
  return { adminId: employee.id, messageId: message.id };
}

const DOCUMENTED: ErrorCode[] = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'INVALID_ARGUMENT',
  'NOT_FOUND',
  'CONFLICT',
  'GROUP_FULL',
  'GROUP_DISABLED',
  'GROUP_DISSOLVED',
  'CONTENT_REJECTED',
  'RECALL_EXPIRED',
  'MUTED',
  'RATE_LIMITED',
];

/**
 * Where another code than INVALID_ARGUMENT is the right answer to a field's bad value. A blank
 * setup token is simply not the token: FORBIDDEN (初始化口令不正确), as any wrong one.
 */
const ALSO: Record<string, ErrorCode[]> = { 'admin.bootstrap.setupToken': ['FORBIDDEN'] };

/**
 * Actions an outsider may call on g1 and get `ok` with nothing changed: leave answers {} to someone
 * already out of an existing group, because a retried leave (its first answer lost) must succeed.
 */
const OUTSIDER_OK = new Set(['groups.leave']);

/**
 * Refused after the caller is resolved, not before: a message's text is judged with the message
 * (domain/message.ts, its own 消息内容不能为空), which needs the caller's conversation rules.
 */
const JUDGED_LATER = new Set(['messages.send.text']);

/** Group actions only the owner or a group admin may take (g1 does not let members invite). */
const MANAGING = new Set([
  'addMembers',
  'removeMembers',
  'transferOwner',
  'setAdmins',
  'update',
  'syncDepartments',
  'dissolve',
]);

interface Case {
  label: string;
  openid: string;
  data: unknown;
  /** Codes that are right for this case (the first is the usual one). */
  codes: ErrorCode[];
  /** A field the INVALID_ARGUMENT details must name. */
  field?: string;
  /** Refused before any database request (shape problems are judged before identity). */
  free?: boolean;
  /** `ok` is a right answer too, provided nothing changed. */
  mayPass?: boolean;
}

/** What is wrong with one answer, or null. */
function judge(c: Case, result: unknown, requests: number, changed: boolean): string | null {
  const r = result as { ok?: boolean; error?: { code?: string; message?: unknown; details?: unknown } };
  const text = JSON.stringify(result)?.slice(0, 300);
  if (c.mayPass && r?.ok === true) return changed ? 'the database changed' : null;
  if (!r || r.ok !== false || !r.error) return `not refused: ${text}`;
  const { code, message, details } = r.error;
  if (!DOCUMENTED.includes(code as ErrorCode)) return `undocumented code: ${text}`;
  if (!c.codes.includes(code as ErrorCode)) return `code ${code}, expected ${c.codes.join('/')}: ${text}`;
  if (typeof message !== 'string' || !/\p{Script=Han}/u.test(message)) return `message not Chinese: ${text}`;
  if (/\n\s+at |Error:|node_modules|\.ts:\d/.test(JSON.stringify(r.error))) return `stack in answer: ${text}`;
  if (c.field && code === 'INVALID_ARGUMENT') {
    const fields = (details as { fields?: { path: string }[] } | undefined)?.fields ?? [];
    const limit = (details as { limit?: string } | undefined)?.limit;
    if (!limit && !fields.some((f) => f.path === c.field || f.path.startsWith(`${c.field}.`)))
      return `details do not name ${c.field}: ${text}`;
  }
  if (c.free && requests > 0) return `${requests} database requests before refusing`;
  if (changed) return 'the database changed';
  return null;
}

/** The openid whose call would be allowed to do the action (the refusal must come from the payload). */
function rightfulCaller(fn: FunctionName, name: string, access: string): string {
  if (fn === 'admin' && access === 'admin') return ADMIN;
  if (access === 'openid') return STRANGER;
  return OWNER;
}

function casesFor(fn: FunctionName, name: string, base: Record<string, unknown>): Case[] {
  const def = TABLES[fn][name];
  const caller = rightfulCaller(fn, name, def.access);
  const cases: Case[] = [];
  const fields = fieldsOf(def.schema);
  const names = new Set(fields.map((f) => f.name));
  const invalid = (label: string, data: unknown, field?: string): Case => ({
    label,
    openid: caller,
    data,
    codes: ['INVALID_ARGUMENT', ...(ALSO[`${fn}.${name}.${field}`] ?? [])],
    field,
    free: !JUDGED_LATER.has(`${fn}.${name}.${field}`),
  });
  for (const f of fields) {
    if (!f.optional) {
      const { [f.name]: _dropped, ...rest } = base;
      cases.push(invalid(`${f.name} missing`, { action: name, ...rest }, f.name));
    }
    for (const bad of badValues(f))
      cases.push(invalid(`${f.name} = ${bad.label}`, { action: name, ...base, [f.name]: bad.value }, f.name));
  }
  if (names.has('cursor'))
    for (const forged of FORGED_CURSORS)
      cases.push({
        label: `cursor ${forged.label}`,
        openid: caller,
        data: { action: name, ...base, cursor: forged.value },
        codes: ['INVALID_ARGUMENT'],
      });
  for (const p of POLLUTION as BadValue[])
    cases.push(invalid(p.label, { action: name, ...base, ...(p.value as object) }));

  // Wrong callers. Identity fields in the payload must not make anyone someone else.
  const smuggled: Record<string, unknown> = {
    openid: ADMIN,
    _openid: ADMIN,
    OPENID: ADMIN,
    callerId: 'e1',
    userInfo: { openId: ADMIN, appId: 'wx' },
    ...(names.has('employeeId') ? {} : { employeeId: 'e1' }),
  };
  const data = { action: name, ...base };
  cases.push({ label: 'no OPENID', openid: '', data, codes: ['UNAUTHENTICATED'], free: true });
  if (def.access !== 'openid') {
    const unauth = (label: string, openid: string): Case => ({
      label,
      openid,
      data: { ...data, ...smuggled },
      codes: ['UNAUTHENTICATED'],
    });
    cases.push(unauth('an unbound OPENID with identity fields', STRANGER));
    cases.push(unauth('a departed employee with identity fields', DEPARTED));
  }
  if (def.access === 'admin')
    cases.push({
      label: 'a plain employee posing as admin',
      openid: PLAIN,
      data: { ...data, ...smuggled },
      codes: ['FORBIDDEN'],
    });
  if (fn === 'groups' && MANAGING.has(name))
    cases.push({
      label: 'a plain member of g1',
      openid: PLAIN,
      data: { ...data, ...smuggled },
      codes: ['FORBIDDEN'],
    });
  if (fn !== 'admin' && def.access === 'employee' && (names.has('conversationId') || names.has('messageId')))
    cases.push({
      label: 'an outsider on g1',
      openid: OUTSIDER,
      data: { ...data, ...smuggled },
      codes: ['FORBIDDEN', 'NOT_FOUND'],
      mayPass: OUTSIDER_OK.has(`${fn}.${name}`),
    });
  return cases;
}

const FUNCTIONS: FunctionName[] = ['directory', 'groups', 'messages', 'admin'];

describe.each(FUNCTIONS)('%s', (fn) => {
  let cloud: LocalCloud;
  let all: Samples;
  beforeAll(async () => {
    cloud = openCloud();
    all = samples(await seed(cloud));
  });
  afterAll(() => cloud.close());

  it('every action of the contract is in the function and the sweep', () => {
    expect(Object.keys(all[fn]).sort()).toEqual(Object.keys(TABLES[fn]).sort());
  });

  it('unknown actions answer INVALID_ARGUMENT', async () => {
    const before = snapshot(cloud);
    const failures: string[] = [];
    for (const action of UNKNOWN_ACTIONS) {
      const { result, ops } = await cloud.call(fn, OWNER, { action, conversationId: 'g1' });
      const c: Case = {
        label: `action ${JSON.stringify(action)}`,
        openid: OWNER,
        data: null,
        codes: ['INVALID_ARGUMENT'],
        field: 'action',
        free: true,
      };
      const problem = judge(c, result, ops.requests, snapshot(cloud) !== before);
      if (problem) failures.push(`${c.label}: ${problem}`);
    }
    for (const event of [null, [], 'me', 42, wireArray()]) {
      const { result } = await cloud.call(fn, OWNER, event);
      const problem = judge(
        { label: '', openid: OWNER, data: event, codes: ['INVALID_ARGUMENT'] },
        result,
        0,
        false,
      );
      if (problem) failures.push(`event ${JSON.stringify(event)}: ${problem}`);
    }
    expect(failures).toEqual([]);
  });

  it('keywords of RegExp metacharacters match nothing and break nothing', async () => {
    const failures: string[] = [];
    for (const name of Object.keys(TABLES[fn]).filter((a) =>
      fieldsOf(TABLES[fn][a].schema).some((f) => f.name === 'keyword'),
    )) {
      const base = (all[fn] as unknown as Record<string, Record<string, unknown>>)[name];
      const caller = rightfulCaller(fn, name, TABLES[fn][name].access);
      for (const keyword of ['.*', '.', '(', '[a-z', '\\', '(a+)+$', '^', '$', '|', '*']) {
        const { result } = await cloud.call(fn, caller, { action: name, ...base, keyword });
        const r = result as { ok: boolean; data?: { items?: unknown[] }; error?: { code: string } };
        if (!r.ok && r.error?.code !== 'INVALID_ARGUMENT')
          failures.push(`${name} ${keyword}: ${JSON.stringify(r)}`);
        if (r.ok && r.data?.items?.length)
          failures.push(`${name} ${keyword}: matched ${r.data.items.length}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('identity fields in the payload do not change who calls', async () => {
    // Reads whose answer depends on the caller: posing as the owner or the admin would show g1.
    const reads: Partial<Record<FunctionName, [string, string, object][]>> = {
      directory: [
        ['me', PLAIN, {}],
        ['me', STRANGER, {}],
      ],
      groups: [
        ['list', OUTSIDER, {}],
        ['search', OUTSIDER, { keyword: '测试' }],
      ],
      messages: [['search', OUTSIDER, { keyword: '你好' }]],
    };
    const posing = { openid: OWNER, _openid: ADMIN, callerId: 'e1', userInfo: { openId: ADMIN } };
    for (const [name, openid, params] of reads[fn] ?? []) {
      const data = { action: name, ...params };
      const own = await cloud.invoke(fn, openid, data);
      expect(own.ok).toBe(true);
      expect(await cloud.invoke(fn, openid, { ...data, ...posing, employeeId: 'e1' })).toEqual(own);
      // The owner's own answer differs: the comparison above can fail.
      expect(await cloud.invoke(fn, OWNER, data)).not.toEqual(own);
    }
  });

  it.each(Object.keys(TABLES[fn]))(
    '%s: every malformed payload and wrong caller is refused, changing nothing',
    async (name) => {
      const base = (all[fn] as unknown as Record<string, Record<string, unknown>>)[name];
      // The sample is valid: a refusal below comes from what the case changed.
      expect(TABLES[fn][name].schema.safeParse(base).error?.issues).toBeUndefined();
      const before = snapshot(cloud);
      const failures: string[] = [];
      for (const c of casesFor(fn, name, base)) {
        const { result, ops } = await cloud.call(fn, c.openid, c.data);
        const after = snapshot(cloud);
        const problem = judge(c, result, ops.requests, after !== before);
        if (problem) failures.push(`${c.label}: ${problem}`);
        if (after !== before) break; // later cases would be judged against a changed database
      }
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
      expect(failures).toEqual([]);
    },
  );
});

const wireArray = () => JSON.parse('[{"action": "list"}]') as unknown;
