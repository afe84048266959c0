// Roster rules without a database: headers, row validation, department paths, duplicates,
// the import plan (matching, rehire, conflicts, new departments) and update grouping.
import {
  fieldOfHeader,
  normalizeMobile,
  parseRosterRow,
  rejectDuplicates,
  splitDepartmentPaths,
  type RosterRow,
} from '../../cloudfunctions/core/domain/roster';
import {
  groupUpdates,
  planDepartments,
  planImport,
  type RosterSnapshot,
} from '../../cloudfunctions/core/domain/rosterPlan';
import { parseCsv } from '../../cloudfunctions/core/domain/rosterFile';
import type { DepartmentDoc } from '../../cloudfunctions/core/store/documents';

let n = 0;
const deps = { now: 1000, newId: () => `id${++n}`, newInviteCode: () => `CODE${++n}` };
const row = (r: Partial<RosterRow> & { row: number; name: string; mobile: string }): RosterRow => ({
  departments: [],
  position: null,
  employeeNo: null,
  departed: false,
  ...r,
});
const snap = (s: Partial<RosterSnapshot> & { _id: string; mobile: string }): RosterSnapshot => ({
  name: '某人',
  employeeNo: null,
  departmentIds: [],
  position: '',
  status: 'active',
  inviteCode: null,
  ...s,
});

describe('headers and cells', () => {
  it.each([
    ['姓名', 'name'],
    [' 手机号码 ', 'mobile'],
    ['Mobile', 'mobile'],
    ['部门', 'department'],
    ['岗位', 'position'],
    ['工号*', 'employeeNo'],
    ['employee_no', 'employeeNo'],
    ['状态', 'status'],
    ['备注', null],
  ])('%s → %s', (h, f) => expect(fieldOfHeader(h)).toBe(f));

  it('normalises mobiles', () => {
    expect(normalizeMobile('+86 139-0000-0001')).toBe('13900000001');
    expect(normalizeMobile('(139) 0000 0001')).toBe('13900000001');
  });

  it('splits departments on ; and ； and trims path segments', () => {
    expect(splitDepartmentPaths(' 门店 / 中心店 ；人事部; ;门店/中心店')).toEqual(['门店/中心店', '人事部']);
    expect(splitDepartmentPaths('/门店/')).toEqual(['门店']);
    expect(splitDepartmentPaths('门店//东区')).toBeNull();
    expect(splitDepartmentPaths('')).toEqual([]);
  });
});

describe('parseRosterRow', () => {
  it('accepts Chinese and English headers and reads 离职', () => {
    expect(
      parseRosterRow(1, { 姓名: ' 张伟 ', 手机号: 13900000001, 工号: 1001, 状态: '离职' }),
    ).toMatchObject({
      name: '张伟',
      mobile: '13900000001',
      employeeNo: '1001',
      departed: true,
    });
    expect(parseRosterRow(2, { name: 'Li', mobile: '13900000002', status: 'active' })).toMatchObject({
      departed: false,
    });
  });

  it.each([
    [{ 手机号: '13900000001' }, '缺少姓名'],
    [{ 姓名: '张伟' }, '缺少手机号'],
    [{ 姓名: '张伟', 手机号: '23900000001' }, '手机号格式不正确'],
    [{ 姓名: '张伟', 手机号: '13900000001', 状态: '请假' }, '状态不正确'],
    [{ 姓名: '张'.repeat(33), 手机号: '13900000001' }, '姓名过长'],
  ])('%j → %s', (raw, reason) =>
    expect(parseRosterRow(7, raw)).toEqual(expect.objectContaining({ row: 7, reason })),
  );
});

describe('rejectDuplicates', () => {
  it('keeps the first of rows sharing a 工号 or mobile and names it', () => {
    const { kept, rejected } = rejectDuplicates([
      row({ row: 1, name: 'a', mobile: '13900000001', employeeNo: 'E1' }),
      row({ row: 2, name: 'b', mobile: '13900000002', employeeNo: 'E1' }),
      row({ row: 3, name: 'c', mobile: '13900000001' }),
      row({ row: 4, name: 'd', mobile: '13900000004' }),
    ]);
    expect(kept.map((r) => r.row)).toEqual([1, 4]);
    expect(rejected).toEqual([
      { row: 2, reason: '文件内重复', detail: '与第1行的工号相同' },
      { row: 3, reason: '文件内重复', detail: '与第1行的手机号相同' },
    ]);
  });
});

describe('planDepartments', () => {
  it('creates missing nodes parents first, ordering after existing siblings', () => {
    const existing: DepartmentDoc[] = [
      { _id: 'd1', name: '门店', parentId: null, order: 1, path: '门店', createdAt: 0 },
    ];
    const { created, idOf } = planDepartments(['门店/中心店/一组', '门店/东区店', '总经办'], existing, deps);
    expect(created.map((d) => [d.path, d.name, d.order])).toEqual([
      ['门店/中心店', '中心店', 1],
      ['门店/中心店/一组', '一组', 1],
      ['门店/东区店', '东区店', 2],
      ['总经办', '总经办', 2],
    ]);
    expect(created[0].parentId).toBe('d1');
    expect(created[1].parentId).toBe(idOf.get('门店/中心店'));
  });
});

describe('planImport', () => {
  const roster = [
    snap({ _id: 'e1', name: '张伟', mobile: '13900000001', employeeNo: 'A1', position: '导购' }),
    snap({ _id: 'e2', name: '李娜', mobile: '13900000002' }),
    snap({ _id: 'e3', name: '王强', mobile: '13900000003', status: 'departed', employeeNo: 'A3' }),
  ];

  it('matches by 工号, else mobile; adopts a 工号; rehires; creates the rest', () => {
    const plan = planImport(
      [
        row({ row: 1, name: '张伟', mobile: '13900000011', employeeNo: 'A1', position: '店长' }),
        row({ row: 2, name: '李娜', mobile: '13900000002', employeeNo: 'B2' }),
        row({ row: 3, name: '王强', mobile: '13900000003', employeeNo: 'A3' }),
        row({ row: 4, name: '新人', mobile: '13900000004', departments: ['门店'] }),
      ],
      roster,
      [],
      deps,
    );
    expect(plan.counts).toEqual({ created: 1, updated: 3, unchanged: 0 });
    expect(plan.updates.find((u) => u.id === 'e1')?.patch).toMatchObject({
      mobile: '13900000011',
      position: '店长',
    });
    expect(plan.updates.find((u) => u.id === 'e2')?.patch).toMatchObject({ employeeNo: 'B2' });
    expect(plan.updates.find((u) => u.id === 'e3')?.patch).toMatchObject({
      status: 'active',
      departedAt: null,
    });
    expect(plan.invites.map((i) => i.name).sort()).toEqual(['新人', '王强'].sort());
    expect(plan.creates[0].departmentIds).toEqual([plan.newDepartments[0]._id]);
  });

  it('rejects a mobile held by another active employee, departures of strangers, and two rows for one person', () => {
    const plan = planImport(
      [
        row({ row: 1, name: '某', mobile: '13900000001', employeeNo: 'Z9' }),
        row({ row: 2, name: '某', mobile: '13900000009', departed: true }),
        row({ row: 3, name: '李娜', mobile: '13900000002' }),
        row({ row: 4, name: '张伟', mobile: '13900000008', employeeNo: 'A1' }),
        row({ row: 5, name: '李娜', mobile: '13900000022', employeeNo: 'A1' }),
      ],
      roster,
      [],
      deps,
    );
    expect(plan.rejected.map((r) => [r.row, r.reason])).toEqual([
      [1, '手机号已被其他员工使用'],
      [2, '未找到该员工，无法办理离职'],
      [5, '文件内重复'],
    ]);
    expect(plan.counts.unchanged).toBe(1);
  });

  it('marks an active person departed and ignores an already departed one', () => {
    const plan = planImport(
      [
        row({ row: 1, name: '张伟', mobile: '13900000001', departed: true }),
        row({ row: 2, name: '王强', mobile: '13900000003', departed: true }),
      ],
      roster,
      [],
      deps,
    );
    expect(plan.departures).toEqual([{ row: 1, employeeId: 'e1' }]);
    expect(plan.updates).toEqual([]);
  });

  it('groups equal patches into one update', () => {
    const groups = groupUpdates([
      { id: 'a', row: 1, patch: { position: '店长', updatedAt: 1 } },
      { id: 'b', row: 2, patch: { position: '店长', updatedAt: 1 } },
      { id: 'c', row: 3, patch: { position: '导购', updatedAt: 1 } },
    ]);
    expect(groups).toEqual([
      { ids: ['a', 'b'], patch: { position: '店长', updatedAt: 1 } },
      { ids: ['c'], patch: { position: '导购', updatedAt: 1 } },
    ]);
  });
});

describe('parseCsv', () => {
  it('numbers data rows from 1 after the header, counting blank lines', () => {
    const rows = parseCsv(Buffer.from('\n姓名,手机号\n张伟,13900000001\n\n李娜,13900000002\n'));
    expect(rows.map((r) => r.row)).toEqual([1, 3]);
    expect(rows[1].raw).toEqual({ 姓名: '李娜', 手机号: '13900000002' });
  });
});
