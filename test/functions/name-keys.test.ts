// The back office's keyword search of groups (admin.groups) and of the roster (admin.roster)
// through the multikey `nameKeys` index (domain/nameKeys.ts): what a keyword matches, that every
// write of a name or mobile brings its terms. Documents stored before the field existed, the
// fallback for them and the maintenance step that fills them: name-keys-fallback.test.ts.
import type { LocalCloud } from '../../localcloud/cloud';
import type { AdminGroupRow, Page, RosterEntry } from '../../typings/api';
import { nameKeysOf, nameLookup } from '../../cloudfunctions/core/domain/nameKeys';
import { makeCompany, makeGroup, type Company } from './admin-fixtures';
import { bootstrapAdmin, ok, openCloud } from './helpers';
import { importRows } from './rosterHelpers';

let cloud: LocalCloud;
let co: Company;
beforeEach(async () => {
  cloud = openCloud();
  co = await makeCompany(cloud, 4); // 张伟 李娜 王强 赵敏, mobiles 1390000000<i>
});
afterEach(() => cloud.close());

const admin = <T>(data: object) => ok<T>(cloud, 'admin', co.admin.openid, data);
const groupNames = async (keyword: string, more: object = {}) =>
  (await admin<Page<AdminGroupRow>>({ action: 'groups', keyword, ...more })).items.map((g) => g.name).sort();
const rosterNames = async (keyword: string, more: object = {}) =>
  (await admin<Page<RosterEntry>>({ action: 'roster', keyword, limit: 50, ...more })).items.map(
    (e) => e.name,
  );
const stored = (coll: string, id: string) => cloud.db.tables.getById(coll, id) as Record<string, unknown>;

describe('nameKeysOf / nameLookup', () => {
  it('holds every run of the name, the initials and pinyin prefixes and the mobile terms, bounded', () => {
    const keys = nameKeysOf('张伟', '13900000001');
    expect(keys).toEqual(expect.arrayContaining(['张', '伟', '张伟', 'z', 'zw', 'zhang', 'zhangwei']));
    expect(keys).toEqual(expect.arrayContaining(['139', '13900000001', '0001']));
    expect(keys).not.toContain('13'); // mobile prefixes start at 3 digits
    expect(keys).not.toContain('0000'); // the middle of a mobile is not a term
    expect(nameKeysOf('一'.repeat(200)).length).toBeLessThan(250);
  });

  it('looks a keyword up by itself, or by its first 6 characters checking the rest in the name', () => {
    expect(nameLookup('  ')).toBeNull();
    expect(nameLookup(' ZW ')).toEqual({ term: 'zw', rest: null });
    expect(nameLookup('华东区门店周例会')).toEqual({ term: '华东区门店周', rest: '华东区门店周例会' });
  });
});

describe('admin.groups keyword', () => {
  it('matches any part of the group name and the start of its pinyin or initials', async () => {
    const [a, b] = co.people;
    await makeGroup(cloud, a, [b], '华东区门店周例会');
    await makeGroup(cloud, a, [b], '排班群');
    expect(await groupNames('门店')).toEqual(['华东区门店周例会']);
    expect(await groupNames('例会')).toEqual(['华东区门店周例会']);
    expect(await groupNames('paiban')).toEqual(['排班群']);
    expect(await groupNames('PBQ')).toEqual(['排班群']);
    expect(await groupNames('华东区门店周例会')).toEqual(['华东区门店周例会']); // longer than a run
    expect(await groupNames('华东区门店周报')).toEqual([]);
    expect(await groupNames('banqun')).toEqual([]); // pinyin matches from its start only
    // The creator by full name still finds every group they created.
    expect(await groupNames(a.name)).toEqual(['华东区门店周例会', '排班群']);
    expect(await groupNames('例会', { status: 'disabled' })).toEqual([]);
  });

  it('follows a rename in the same write', async () => {
    const [a, b] = co.people;
    const g = await makeGroup(cloud, a, [b], '排班群');
    await ok(cloud, 'groups', a.openid, { action: 'update', conversationId: g, name: '盘点群' });
    expect(stored('conversations', g).nameKeys).toEqual(nameKeysOf('盘点群'));
    expect(await groupNames('排班')).toEqual([]);
    expect(await groupNames('盘点')).toEqual(['盘点群']);
  });

  it('pages the matched groups newest first', async () => {
    const [a, b] = co.people;
    for (const n of ['一', '二', '三']) await makeGroup(cloud, a, [b], `盘点${n}群`);
    const first = await admin<Page<AdminGroupRow>>({ action: 'groups', keyword: '盘点', limit: 2 });
    const rest = await admin<Page<AdminGroupRow>>({
      action: 'groups',
      keyword: '盘点',
      limit: 2,
      cursor: first.nextCursor,
    });
    expect([...first.items, ...rest.items].map((g) => g.name)).toEqual(['盘点三群', '盘点二群', '盘点一群']);
    expect(rest.nextCursor).toBeNull();
  });
});

describe('admin.roster keyword', () => {
  it('matches part of the name, the start of pinyin, initials or mobile, and the last 4 digits', async () => {
    expect(await rosterNames('伟')).toEqual(['张伟']);
    expect(await rosterNames('zhangw')).toEqual(['张伟']);
    expect(await rosterNames('ZM')).toEqual(['赵敏']);
    expect(await rosterNames('13900000002')).toEqual(['王强']);
    expect(await rosterNames('0003')).toEqual(['赵敏']);
    expect(await rosterNames('000000')).toEqual([]); // the middle of a mobile
    expect(await rosterNames('wei')).toEqual([]); // pinyin from its start only
  });

  it('finds departed people too, and follows a change of name or mobile in the same write', async () => {
    const [a, b] = co.people;
    await admin({ action: 'offboard', employeeId: b.id });
    expect(await rosterNames('李娜')).toEqual(['李娜']);
    await admin({ action: 'updateEmployee', employeeId: a.id, name: '张伟明', mobile: '13811112222' });
    expect(stored('employees', a.id).nameKeys).toEqual(nameKeysOf('张伟明', '13811112222'));
    expect(await rosterNames('伟明')).toEqual(['张伟明']);
    expect(await rosterNames('2222')).toEqual(['张伟明']);
    expect(await rosterNames('13900000000')).not.toContain('张伟明'); // the old mobile
  });
});

describe('admin.importRoster', () => {
  it('writes the terms of the people it creates and of the names and mobiles it changes', async () => {
    const own = openCloud();
    try {
      await bootstrapAdmin(own, 'o_boss');
      const find = async (keyword: string) =>
        (
          await ok<Page<RosterEntry>>(own, 'admin', 'o_boss', { action: 'roster', keyword, limit: 50 })
        ).items.map((e) => e.name);
      const row = { 姓名: '张伟', 手机号: '13900000001', 工号: 'A001' };
      await importRows(own, [row], 'o_boss');
      expect(await find('zhangw')).toEqual(['张伟']);
      await importRows(own, [{ ...row, 姓名: '张伟明', 手机号: '13700000009' }], 'o_boss');
      expect(await find('伟明')).toEqual(['张伟明']);
      expect(await find('0009')).toEqual(['张伟明']);
      expect(await find('13900000001')).toEqual([]);
    } finally {
      own.close();
    }
  });
});
