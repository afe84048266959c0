// Auto-synced department groups through the local cloud: a roster import that moves 50 people
// between two stores, one person moved with admin.updateEmployee, turning autoSync on, and a
// new hire who lands in their store's group. Each checks the membership exactly, one system line
// per person changed, the cap and the usage scope.
import type { LocalCloud } from '../../localcloud/cloud';
import type { ConversationDetail, Department, UpdateEmployeeResult } from '../../typings/api';
import { errorOf, ok, openCloud, storedDocs } from './helpers';
import { storedConversation, storedMembers, storedMessages } from './groups-fixture';
import { ADMIN, bindAs, importRows } from './rosterHelpers';
import { bootstrapAdmin } from './helpers';

jest.setTimeout(120_000);

let cloud: LocalCloud;
beforeEach(() => {
  cloud = openCloud();
});
afterEach(() => cloud.close());

const pad = (n: number) => String(n).padStart(2, '0');
const NANJING = '门店/华东区/南京路店';
const HUAIHAI = '门店/华东区/淮海路店';

interface Store {
  admin: string;
  id: (no: string) => string;
  dept: (path: string) => string;
  openidOf: (no: string) => string;
  groups: { nanjing: string; huaihai: string };
}

/**
 * 店长 N00 with 60 导购 N01–N60 in 南京路店, 店长 H00 with 40 导购 H01–H40 in 淮海路店, a
 * 区域经理 R01 in 华东区. Each 店长 owns an auto-synced group of their store, and added R01 by
 * hand (R01 is in no store).
 */
async function twoStores(): Promise<Store> {
  await bootstrapAdmin(cloud, ADMIN);
  const rows = [
    { 姓名: '南店长', 手机号: '13700000000', 部门: NANJING, 职位: '店长', 工号: 'N00' },
    ...Array.from({ length: 60 }, (_, i) => ({
      姓名: `南导购${pad(i + 1)}`,
      手机号: `137000001${pad(i + 1)}`,
      部门: NANJING,
      职位: '导购',
      工号: `N${pad(i + 1)}`,
    })),
    { 姓名: '淮店长', 手机号: '13700000300', 部门: HUAIHAI, 职位: '店长', 工号: 'H00' },
    ...Array.from({ length: 40 }, (_, i) => ({
      姓名: `淮导购${pad(i + 1)}`,
      手机号: `137000004${pad(i + 1)}`,
      部门: HUAIHAI,
      职位: '导购',
      工号: `H${pad(i + 1)}`,
    })),
    { 姓名: '区经理', 手机号: '13700000900', 部门: '门店/华东区', 职位: '区域经理', 工号: 'R01' },
  ];
  const report = await importRows(cloud, rows);
  const noToId = new Map(
    rows.map((r) => [r.工号, report.invites.find((i) => i.name === r.姓名)!.employeeId]),
  );
  const codeOf = new Map(
    rows.map((r) => [r.工号, report.invites.find((i) => i.name === r.姓名)!.inviteCode]),
  );
  const openidOf = (no: string) => `o_${no}`;
  for (const no of ['N00', 'H00', 'R01', 'N05', 'H05', 'H30'])
    await bindAs(cloud, openidOf(no), codeOf.get(no)!);
  const { items } = await ok<{ items: Department[] }>(cloud, 'directory', ADMIN, { action: 'departments' });
  const dept = (path: string) => items.find((d) => d.path === path)!.id;
  const id = (no: string) => noToId.get(no)!;
  const create = async (owner: string, name: string, path: string) =>
    (
      await ok<{ conversation: { id: string } }>(cloud, 'groups', openidOf(owner), {
        action: 'create',
        name,
        departmentIds: [dept(path)],
        employeeIds: [id('R01')],
        autoSync: true,
      })
    ).conversation.id;
  const groups = {
    nanjing: await create('N00', '南京路店群', NANJING),
    huaihai: await create('H00', '淮海路店群', HUAIHAI),
  };
  return { admin: ADMIN, id, dept, openidOf, groups };
}

const memberIds = (conversationId: string) =>
  storedMembers(cloud, conversationId)
    .map((m) => m.employeeId)
    .sort();
const nos = (prefix: string, from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => `${prefix}${pad(from + i)}`);
const lines = (conversationId: string, pattern: RegExp) =>
  storedMessages(cloud, conversationId)
    .filter((m) => m.type === 'system' && pattern.test(m.text ?? ''))
    .map((m) => m.text as string);
const activeIn = (departmentId: string) =>
  storedDocs<{ _id: string; departmentIds: string[]; status: string }>(cloud, 'employees', {
    status: 'active',
  })
    .filter((e) => e.departmentIds.includes(departmentId))
    .map((e) => e._id);

describe('a roster import that moves 50 people between two stores', () => {
  it('leaves each auto-synced group with its store staff plus the people added by hand, one line per change, within cap and scope', async () => {
    const s = await twoStores();
    expect(memberIds(s.groups.nanjing)).toHaveLength(62);
    // The cap is lowered to 45 after the groups were made, and 南导购01 leaves the usage scope.
    const inScope = [...nos('N', 2, 60), ...nos('H', 0, 40), 'N00', 'R01'].map(s.id);
    await ok(cloud, 'admin', s.admin, {
      action: 'updateSettings',
      memberCap: 45,
      usageScope: { mode: 'restricted', employeeIds: inScope, departmentIds: [] },
    });
    const moves = [
      ...nos('N', 1, 30).map((no) => ({ no, to: HUAIHAI })),
      ...nos('H', 1, 20).map((no) => ({ no, to: NANJING })),
    ];
    const report = await importRows(
      cloud,
      moves.map(({ no, to }) => ({
        工号: no,
        姓名: `${no.startsWith('N') ? '南' : '淮'}导购${no.slice(1)}`,
        手机号: `13700000${no.startsWith('N') ? '1' : '4'}${no.slice(1)}`,
        部门: to,
      })),
    );
    expect(report).toMatchObject({ updated: 50, rejected: [] });
    expect(report.remainingGroups).toBeUndefined();

    const [nj, hh] = [s.dept(NANJING), s.dept(HUAIHAI)];
    const byHand = [s.id('R01')];
    // 南京路店: 32 stay (店长 + 30 导购 + R01 by hand), 20 arrive but only 13 seats are left under 45.
    const nanjing = memberIds(s.groups.nanjing);
    expect(nanjing).toHaveLength(45);
    const arrivedNj = nanjing.filter((e) => nos('H', 1, 20).map(s.id).includes(e));
    expect(arrivedNj).toHaveLength(13);
    expect(nanjing).toEqual(
      [...activeIn(nj).filter((e) => !nos('H', 1, 20).map(s.id).includes(e)), ...arrivedNj, ...byHand].sort(),
    );
    // 淮海路店: 22 stay, 30 arrive of whom 南导购01 is out of scope; 23 seats left of 29.
    const huaihai = memberIds(s.groups.huaihai);
    expect(huaihai).toHaveLength(45);
    const arrivedHh = huaihai.filter((e) => nos('N', 1, 30).map(s.id).includes(e));
    expect(arrivedHh).toHaveLength(23);
    expect(huaihai).not.toContain(s.id('N01'));
    expect(huaihai).toEqual(
      [...activeIn(hh).filter((e) => !nos('N', 1, 30).map(s.id).includes(e)), ...arrivedHh, ...byHand].sort(),
    );
    for (const g of [s.groups.nanjing, s.groups.huaihai])
      expect(storedConversation(cloud, g).memberCount).toBe(memberIds(g).length);

    // One line per person changed, naming them once.
    const joinedNj = lines(s.groups.nanjing, /^新同事 .+ 加入了群聊$/);
    const leftNj = lines(s.groups.nanjing, /已调离本部门，退出了群聊$/);
    expect(joinedNj).toHaveLength(13);
    expect(new Set(joinedNj).size).toBe(13);
    expect(leftNj.sort()).toEqual(
      nos('N', 1, 30)
        .map((no) => `南导购${no.slice(1)} 已调离本部门，退出了群聊`)
        .sort(),
    );
    expect(lines(s.groups.huaihai, /^新同事 .+ 加入了群聊$/)).toHaveLength(23);
    expect(lines(s.groups.huaihai, /已调离本部门，退出了群聊$/)).toHaveLength(20);

    // The owner sees who was left out and why; a plain member does not.
    const detail = await ok<ConversationDetail>(cloud, 'groups', s.openidOf('H00'), {
      action: 'detail',
      conversationId: s.groups.huaihai,
    });
    expect(detail).toMatchObject({
      autoSync: true,
      canSetAutoSync: true,
      departments: [{ id: hh, name: '淮海路店' }],
    });
    expect(detail.syncBlocked?.count).toBe(7);
    expect(detail.syncBlocked?.items).toContainEqual(
      expect.objectContaining({ employeeId: s.id('N01'), reason: 'out_of_scope', label: '不在使用范围内' }),
    );
    expect(detail.syncBlocked?.items.filter((i) => i.reason === 'cap')).toHaveLength(6);
    const seenByMember = await ok<ConversationDetail>(cloud, 'groups', s.openidOf('H30'), {
      action: 'detail',
      conversationId: s.groups.huaihai,
    });
    expect(seenByMember).toMatchObject({ autoSync: true, canSetAutoSync: false });
    expect(seenByMember.syncBlocked).toBeUndefined();

    // The same import again changes nothing and posts nothing.
    const before = storedMessages(cloud, s.groups.nanjing).length;
    await importRows(
      cloud,
      moves.map(({ no, to }) => ({
        工号: no,
        姓名: `${no.startsWith('N') ? '南' : '淮'}导购${no.slice(1)}`,
        手机号: `13700000${no.startsWith('N') ? '1' : '4'}${no.slice(1)}`,
        部门: to,
      })),
    );
    expect(storedMessages(cloud, s.groups.nanjing)).toHaveLength(before);
  });
});

describe('admin.updateEmployee', () => {
  it('moves one person between the auto-synced groups of their stores and says which', async () => {
    const s = await twoStores();
    const res = await ok<UpdateEmployeeResult>(cloud, 'admin', s.admin, {
      action: 'updateEmployee',
      employeeId: s.id('N05'),
      departmentIds: [s.dept(HUAIHAI)],
      position: '资深导购',
    });
    expect(res.employee).toMatchObject({
      id: s.id('N05'),
      position: '资深导购',
      departmentIds: [s.dept(HUAIHAI)],
    });
    expect(res.groups).toEqual({
      added: [{ id: s.groups.huaihai, name: '淮海路店群' }],
      removed: [{ id: s.groups.nanjing, name: '南京路店群' }],
    });
    expect(memberIds(s.groups.nanjing)).not.toContain(s.id('N05'));
    expect(memberIds(s.groups.huaihai)).toContain(s.id('N05'));
    expect(lines(s.groups.huaihai, /南导购05/)).toEqual(['新同事 南导购05 加入了群聊']);
    expect(lines(s.groups.nanjing, /南导购05/)).toEqual(['南导购05 已调离本部门，退出了群聊']);
    // Their 消息 list follows.
    const list = await ok<{ items: { id: string }[] }>(cloud, 'groups', s.openidOf('N05'), {
      action: 'list',
    });
    expect(list.items.map((i) => i.id)).toContain(s.groups.huaihai);
    expect(list.items.map((i) => i.id)).not.toContain(s.groups.nanjing);

    // Someone added by hand stays when they move: R01 joins 南京路店 and keeps 淮海路店.
    const r = await ok<UpdateEmployeeResult>(cloud, 'admin', s.admin, {
      action: 'updateEmployee',
      employeeId: s.id('R01'),
      departmentIds: [s.dept(NANJING)],
    });
    expect(r.groups).toEqual({ added: [], removed: [] }); // already in both, by hand
    expect(memberIds(s.groups.huaihai)).toContain(s.id('R01'));
  });

  it('refuses bad edits with a clear code and changes nothing', async () => {
    const s = await twoStores();
    const before = storedDocs(cloud, 'employees', { employeeNo: 'N05' })[0];
    const cases: [object, string][] = [
      [{ departmentIds: ['nope'] }, 'NOT_FOUND'],
      [{ departmentIds: [] }, 'INVALID_ARGUMENT'],
      [{ mobile: '12345' }, 'INVALID_ARGUMENT'],
      [{ mobile: '13700000000' }, 'CONFLICT'], // 南店长's
      [{ name: '\u200b' }, 'INVALID_ARGUMENT'],
    ];
    for (const [edit, code] of cases)
      expect(
        (
          await errorOf(cloud, 'admin', s.admin, {
            action: 'updateEmployee',
            employeeId: s.id('N05'),
            ...edit,
          })
        ).code,
      ).toBe(code);
    expect(
      (
        await errorOf(cloud, 'admin', s.openidOf('N00'), {
          action: 'updateEmployee',
          employeeId: s.id('N05'),
          position: 'x',
        })
      ).code,
    ).toBe('FORBIDDEN');
    expect(storedDocs(cloud, 'employees', { employeeNo: 'N05' })[0]).toEqual(before);
  });
});

describe('turning autoSync on and off', () => {
  it('owner/admins only; on brings the group in line with one summary line, off stops following', async () => {
    const s = await twoStores();
    await ok(cloud, 'groups', s.openidOf('N00'), {
      action: 'update',
      conversationId: s.groups.nanjing,
      autoSync: false,
    });
    expect(
      (
        await errorOf(cloud, 'groups', s.openidOf('N05'), {
          action: 'update',
          conversationId: s.groups.nanjing,
          autoSync: true,
        })
      ).code,
    ).toBe('FORBIDDEN');
    // While off, a move changes nothing in this group.
    await ok(cloud, 'admin', s.admin, {
      action: 'updateEmployee',
      employeeId: s.id('H05'),
      departmentIds: [s.dept(NANJING)],
    });
    expect(memberIds(s.groups.nanjing)).not.toContain(s.id('H05'));
    await ok(cloud, 'groups', s.openidOf('N00'), {
      action: 'update',
      conversationId: s.groups.nanjing,
      autoSync: true,
    });
    expect(memberIds(s.groups.nanjing)).toContain(s.id('H05'));
    expect(lines(s.groups.nanjing, /自动同步部门成员$/)).toEqual([
      '南店长 关闭了自动同步部门成员',
      '南店长 开启了自动同步部门成员',
    ]);
    expect(lines(s.groups.nanjing, /^同步部门成员：淮导购05 加入了群聊$/)).toHaveLength(1);
  });

  it('needs linked departments', async () => {
    const s = await twoStores();
    const { conversation } = await ok<{ conversation: { id: string } }>(cloud, 'groups', s.openidOf('N00'), {
      action: 'create',
      employeeIds: [s.id('N05')],
    });
    expect(
      (
        await errorOf(cloud, 'groups', s.openidOf('N00'), {
          action: 'update',
          conversationId: conversation.id,
          autoSync: true,
        })
      ).code,
    ).toBe('INVALID_ARGUMENT');
    expect(
      (
        await errorOf(cloud, 'groups', s.openidOf('N00'), {
          action: 'create',
          employeeIds: [s.id('N05')],
          autoSync: true,
        })
      ).code,
    ).toBe('INVALID_ARGUMENT');
  });
});

describe('new hires land somewhere', () => {
  it('a new hire imported into a store is in its auto-synced group and, once bound, reads from their joining on', async () => {
    const s = await twoStores();
    await ok(cloud, 'messages', s.openidOf('N00'), {
      action: 'send',
      conversationId: s.groups.nanjing,
      clientMsgId: 'before-hire',
      type: 'text',
      text: '入职前的消息',
    });
    const report = await importRows(cloud, [
      { 姓名: '王芳', 手机号: '13700000777', 部门: NANJING, 职位: '导购', 工号: 'N99' },
    ]);
    const hire = report.invites[0];
    expect(memberIds(s.groups.nanjing)).toContain(hire.employeeId);
    expect(lines(s.groups.nanjing, /王芳/)).toEqual(['新同事 王芳 加入了群聊']);
    await bindAs(cloud, 'o_wangfang', hire.inviteCode);
    const list = await ok<{ items: { id: string }[] }>(cloud, 'groups', 'o_wangfang', { action: 'list' });
    expect(list.items.map((i) => i.id)).toEqual([s.groups.nanjing]);
    const history = await ok<{ items: { text?: string }[] }>(cloud, 'messages', 'o_wangfang', {
      action: 'history',
      conversationId: s.groups.nanjing,
    });
    expect(history.items.map((m) => m.text)).not.toContain('入职前的消息');
  });
});
