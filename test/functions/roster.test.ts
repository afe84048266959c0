// admin.importRoster through the local cloud: inline rows, CSV and XLSX files in storage,
// per-row report, department tree, upserts, departures, batching and audit.
import { ADD_CHUNK } from '../../cloudfunctions/core/store/batch';
import ExcelJS from 'exceljs';
import type { LocalCloud } from '../../localcloud/cloud';
import type { DepartmentDoc, EmployeeDoc } from '../../cloudfunctions/core/store/documents';
import { bootstrapAdmin, errorOf, ok, openCloud } from './helpers';
import { ADMIN, importRows, type Report } from './rosterHelpers';

let cloud: LocalCloud;
let adminId: string;
beforeEach(async () => {
  cloud = openCloud();
  adminId = (await bootstrapAdmin(cloud, ADMIN)).employee.id;
});
afterEach(() => cloud.close());

const employees = () => cloud.db.tables.scan('employees', {}).docs as unknown as EmployeeDoc[];
const departments = () => cloud.db.tables.scan('departments', {}).docs as unknown as DepartmentDoc[];
const byName = (name: string) => employees().find((e) => e.name === name) as EmployeeDoc;

async function importFile(content: Buffer, name: string): Promise<Report> {
  const ext = name.endsWith('.csv') ? 'csv' : 'xlsx';
  const fileId = cloud.storage.upload(
    `roster/${adminId}/${Math.random().toString(16).slice(2, 14)}.${ext}`,
    content,
  );
  return ok<Report>(cloud, 'admin', ADMIN, { action: 'importRoster', fileId });
}

async function xlsx(lines: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('花名册');
  for (const l of lines) ws.addRow(l);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('inline rows', () => {
  it('creates employees, the department tree and one invite per new person', async () => {
    const report = await importRows(cloud, [
      { 姓名: '张伟', 手机号: '13900000001', 部门: '门店/中心店', 职位: '店长', 工号: 'A001' },
      { name: 'Li Na', mobile: '13900000002', department: '门店/中心店；人事部', position: '导购' },
    ]);
    expect(report).toMatchObject({ created: 2, updated: 0, rejected: [] });
    expect(report.invites).toHaveLength(2);
    expect(report.invites[0].inviteCode).toMatch(/^[A-Z2-9]{8}$/);
    const depts = departments();
    const store = depts.find((d) => d.path === '门店')!;
    const center = depts.find((d) => d.path === '门店/中心店')!;
    expect(center).toMatchObject({ name: '中心店', parentId: store._id });
    expect(store.parentId).toBeNull();
    expect(depts.map((d) => d.path).sort()).toEqual(['人事部', '门店', '门店/中心店']);
    expect(byName('Li Na').departmentIds).toEqual([center._id, depts.find((d) => d.path === '人事部')!._id]);
    expect(byName('张伟')).toMatchObject({
      employeeNo: 'A001',
      position: '店长',
      status: 'active',
      nameInitials: 'zw',
    });
  });

  it('places new people without a 部门 in the root department 未分配部门 and says which rows', async () => {
    const report = await importRows(cloud, [
      { 姓名: '张伟', 手机号: '13900000001', 部门: '门店' },
      { 姓名: '李娜', 手机号: '13900000002' },
      { 姓名: '王强', 手机号: '13900000003', 部门: ' ' },
    ]);
    expect(report).toMatchObject({ created: 3, unassignedRows: [2, 3] });
    const unassigned = departments().find((d) => d.name === '未分配部门');
    expect(unassigned).toMatchObject({ parentId: null, path: '未分配部门' });
    expect(byName('李娜').departmentIds).toEqual([unassigned?._id]);
    expect(byName('王强').departmentIds).toEqual([unassigned?._id]);
    // A later row without a department keeps a known person where they are; one that names it moves them.
    const again = await importRows(cloud, [
      { 姓名: '张伟', 手机号: '13900000001' },
      { 姓名: '李娜', 手机号: '13900000002', 部门: '门店' },
    ]);
    expect(again.unassignedRows).toBeUndefined();
    expect(byName('张伟').departmentIds).toEqual([departments().find((d) => d.name === '门店')?._id]);
    expect(byName('李娜').departmentIds).toEqual(byName('张伟').departmentIds);
    expect(departments().filter((d) => d.name === '未分配部门')).toHaveLength(1);
  });

  it('rejects bad rows with Chinese reasons and keeps the good ones', async () => {
    const report = await importRows(cloud, [
      { 姓名: '', 手机号: '13900000001' },
      { 姓名: '张伟', 手机号: '1390000' },
      { 姓名: '李娜', 手机号: '13900000002', 部门: '门店' },
      { 姓名: '李娜二', 手机号: '13900000002' },
      { 姓名: '王强', 手机号: '+86 139-0000-0003', 状态: '休假' },
      { 姓名: '赵敏', 手机号: '13900000004', 工号: 'X1' },
      { 姓名: '赵敏二', 手机号: '13900000005', 工号: 'X1' },
      { 姓名: '陈静', 手机号: '139 0000 0006' },
    ]);
    expect(report.created).toBe(3);
    expect(report.rejected.map((r) => [r.row, r.reason])).toEqual([
      [1, '缺少姓名'],
      [2, '手机号格式不正确'],
      [4, '文件内重复'],
      [5, '状态不正确'],
      [7, '文件内重复'],
    ]);
    expect(report.rejected[2].detail).toContain('第3行');
    expect(byName('陈静').mobile).toBe('13900000006');
    expect(employees()).toHaveLength(4);
  });

  it('upserts by 工号, else by mobile, and writes nothing for unchanged rows', async () => {
    await importRows(cloud, [
      { 姓名: '张伟', 手机号: '13900000001', 部门: '门店', 职位: '导购', 工号: 'A001' },
      { 姓名: '李娜', 手机号: '13900000002', 部门: '门店', 职位: '导购' },
    ]);
    const zhang = byName('张伟');
    const { result, ops } = await cloud.call<Report>('admin', ADMIN, {
      action: 'importRoster',
      rows: [
        { 姓名: '张伟', 手机号: '13900000009', 部门: '门店/中心店', 职位: '店长', 工号: 'A001' },
        { 姓名: '李娜', 手机号: '13900000002', 部门: '门店', 职位: '导购' },
      ],
    });
    expect(result.ok && result.data).toMatchObject({ created: 0, updated: 2, unchanged: 1, invites: [] });
    expect(byName('张伟')).toMatchObject({
      _id: zhang._id,
      mobile: '13900000009',
      position: '店长',
      inviteCode: zhang.inviteCode,
    });
    expect(employees()).toHaveLength(3);
    // + the changed person's address-book index: old entries out, new in, a recount, marker cleared.
    expect(ops.writes).toBeLessThan(8 + 4);
  });

  it('refuses a mobile that belongs to another active employee', async () => {
    await importRows(cloud, [{ 姓名: '张伟', 手机号: '13900000001', 工号: 'A001' }]);
    const report = await importRows(cloud, [{ 姓名: '李娜', 手机号: '13900000001', 工号: 'B002' }]);
    expect(report.rejected).toEqual([expect.objectContaining({ row: 1, reason: '手机号已被其他员工使用' })]);
  });

  it('refuses both rows and fileId, or neither, with INVALID_ARGUMENT', async () => {
    expect((await errorOf(cloud, 'admin', ADMIN, { action: 'importRoster' })).code).toBe('INVALID_ARGUMENT');
    expect(
      (await errorOf(cloud, 'admin', ADMIN, { action: 'importRoster', rows: [], fileId: 'x' })).code,
    ).toBe('INVALID_ARGUMENT');
  });

  it('is admin-only', async () => {
    const report = await importRows(cloud, [{ 姓名: '张伟', 手机号: '13900000001' }]);
    await ok(cloud, 'directory', 'o_zhang', { action: 'bind', inviteCode: report.invites[0].inviteCode });
    expect((await errorOf(cloud, 'admin', 'o_zhang', { action: 'importRoster', rows: [] })).code).toBe(
      'FORBIDDEN',
    );
  });
});

describe('files in cloud storage', () => {
  it('imports a CSV (UTF-8 with BOM) with good and bad rows; row n is line n+1', async () => {
    const csv =
      '\uFEFF姓名,手机号,部门,职位,工号\n' +
      '张伟,13900000001,门店/中心店,店长,A001\n' +
      ',13900000002,门店,导购,A002\n' +
      '\n' +
      '王强,12345,门店,导购,A003\n' +
      '"赵敏",13900000004,"人事部;门店/东区店",人事专员,A004\n';
    const report = await importFile(Buffer.from(csv, 'utf8'), 'roster.csv');
    expect(report.created).toBe(2);
    expect(report.rejected).toEqual([
      expect.objectContaining({ row: 2, reason: '缺少姓名' }),
      expect.objectContaining({ row: 4, reason: '手机号格式不正确' }),
    ]);
    expect(byName('赵敏').departmentIds).toHaveLength(2);
  });

  it('imports a GBK CSV as Excel saves it in China', async () => {
    const text = '姓名,手机号,部门\n张伟,13900000001,门店\n';
    const gbk = Buffer.from(new Uint8Array(require('iconv-lite').encode(text, 'gbk')));
    const report = await importFile(gbk, 'gbk.csv');
    expect(report.created).toBe(1);
    expect(byName('张伟')).toBeTruthy();
  });

  it('imports an XLSX with English headers, numeric cells and bad rows', async () => {
    const buf = await xlsx([
      ['name', 'mobile', 'department', 'position', 'employeeNo'],
      ['张伟', 13900000001, '门店/中心店', '店长', 1001],
      ['李娜', 'abc', '门店', '导购', 1002],
      ['王强', 13900000003, '门店//东区店', '导购', 1003],
      ['赵敏', 13900000004, '人事部', '', 1004],
    ]);
    const report = await importFile(buf, 'roster.xlsx');
    expect(report.created).toBe(2);
    expect(report.rejected.map((r) => [r.row, r.reason])).toEqual([
      [2, '手机号格式不正确'],
      [3, '部门格式不正确'],
    ]);
    expect(byName('张伟')).toMatchObject({ mobile: '13900000001', employeeNo: '1001' });
  });

  it('answers NOT_FOUND for a missing file and INVALID_ARGUMENT for a file without the needed columns', async () => {
    expect(
      (
        await errorOf(cloud, 'admin', ADMIN, {
          action: 'importRoster',
          fileId: `cloud://local.tongshi-local/roster/${adminId}/0123456789ab.csv`,
        })
      ).code,
    ).toBe('NOT_FOUND');
    const fileId = cloud.storage.upload(`roster/${adminId}/badbadbad000.csv`, Buffer.from('a,b\n1,2\n'));
    const error = await errorOf(cloud, 'admin', ADMIN, { action: 'importRoster', fileId });
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message).toContain('姓名');
    expect(employees()).toHaveLength(1);
  });

  it("refuses a file that is not the caller's own roster upload with INVALID_ARGUMENT", async () => {
    const content = Buffer.from('姓名,手机号\n李四,13900000009\n');
    for (const path of ['roster/someone/0123456789ab.csv', 'chat/g1/e1/0123456789ab.csv', 'roster/x.csv']) {
      const fileId = cloud.storage.upload(path, content);
      const error = await errorOf(cloud, 'admin', ADMIN, { action: 'importRoster', fileId });
      expect(error.code).toBe('INVALID_ARGUMENT');
    }
    expect(employees()).toHaveLength(1);
  });
});

describe('roster uploads do not linger', () => {
  it('deletes the uploaded file once the import is over, imported or refused for its content', async () => {
    const good = cloud.storage.upload(
      `roster/${adminId}/good00000001.csv`,
      Buffer.from('姓名,手机号\n李四,13900000009\n'),
    );
    await ok(cloud, 'admin', ADMIN, { action: 'importRoster', fileId: good });
    expect(cloud.storage.exists(good)).toBe(false);
    const bad = cloud.storage.upload(`roster/${adminId}/bad000000001.csv`, Buffer.from('a,b\n1,2\n'));
    expect((await errorOf(cloud, 'admin', ADMIN, { action: 'importRoster', fileId: bad })).code).toBe(
      'INVALID_ARGUMENT',
    );
    expect(cloud.storage.exists(bad)).toBe(false);
  });

  it("never deletes a file that is not the caller's own roster upload", async () => {
    const chatFile = cloud.storage.upload('chat/g1/e1/0123456789ab.csv', Buffer.from('姓名,手机号\n'));
    await errorOf(cloud, 'admin', ADMIN, { action: 'importRoster', fileId: chatFile });
    expect(cloud.storage.exists(chatFile)).toBe(true);
  });
});

describe('bulk', () => {
  it('imports 5,000 rows in one call with far fewer writes than rows, and re-imports them as grouped updates', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => ({
      姓名: `员工${i}`,
      手机号: `13${String(100000000 + i)}`,
      部门: `门店/店${i % 40}`,
      职位: '导购',
      工号: `E${i}`,
    }));
    rows[10] = { ...rows[10], 手机号: 'bad' };
    const first = await cloud.call<Report>('admin', ADMIN, { action: 'importRoster', rows });
    expect(first.result.ok && first.result.data.created).toBe(4999);
    expect(first.result.ok && first.result.data.rejected).toEqual([expect.objectContaining({ row: 11 })]);
    // Plus the address-book index (store/directoryIndex.ts): one add per 500 index entries and
    // one count per department.
    const indexWrites = Math.ceil(cloud.db.tables.count('directory_keys') / ADD_CHUNK) + 41;
    expect(first.ops.writes).toBeLessThan(30 + indexWrites);
    expect(departments()).toHaveLength(41);

    const again = await cloud.call<Report>('admin', ADMIN, {
      action: 'importRoster',
      rows: rows.map((r, i) => ({ ...r, 职位: i % 2 ? '店员' : '收银' })),
    });
    expect(again.result.ok && again.result.data).toMatchObject({ created: 0, updated: 4999 });
    expect(again.ops.writes).toBeLessThan(30);
    expect(employees().filter((e) => e.position === '收银')).toHaveLength(2500 - 1);
  });
});

describe('departures and audit', () => {
  it('a row marked 离职 offboards that person; an import is audited', async () => {
    await importRows(cloud, [
      { 姓名: '张伟', 手机号: '13900000001', 工号: 'A001' },
      { 姓名: '李娜', 手机号: '13900000002', 工号: 'A002' },
    ]);
    const report = await importRows(cloud, [
      { 姓名: '张伟', 手机号: '13900000001', 工号: 'A001', 状态: '离职' },
      { 姓名: '某人', 手机号: '13900000008', 状态: '离职' },
    ]);
    expect(report).toMatchObject({ departed: 1, created: 0 });
    expect(report.rejected).toEqual([
      expect.objectContaining({ row: 2, reason: '未找到该员工，无法办理离职' }),
    ]);
    expect(byName('张伟')).toMatchObject({ status: 'departed', openid: null });
    const audit = cloud.db.tables.scan('audit_log', {}).docs as unknown as {
      action: string;
      details?: { via?: string };
    }[];
    expect(audit.filter((a) => a.action === 'roster.import')).toHaveLength(2);
    expect(audit.find((a) => a.action === 'employee.offboard')?.details?.via).toBe('import');
  });

  it('rehires a departed person who appears again as active, with a fresh invite', async () => {
    await importRows(cloud, [{ 姓名: '张伟', 手机号: '13900000001', 工号: 'A001' }]);
    await importRows(cloud, [{ 姓名: '张伟', 手机号: '13900000001', 工号: 'A001', status: 'departed' }]);
    const report = await importRows(cloud, [{ 姓名: '张伟', 手机号: '13900000001', 工号: 'A001' }]);
    expect(report).toMatchObject({ created: 0, updated: 1 });
    expect(report.invites).toHaveLength(1);
    expect(byName('张伟')).toMatchObject({
      status: 'active',
      departedAt: null,
      inviteCode: report.invites[0].inviteCode,
    });
  });

  it('refuses a second import while one holds the lease', async () => {
    const rows = Array.from({ length: 300 }, (_, i) => ({
      姓名: `员工${i}`,
      手机号: `13${String(100000000 + i)}`,
    }));
    const both = await Promise.all([
      cloud.invoke('admin', ADMIN, { action: 'importRoster', rows }),
      cloud.invoke('admin', ADMIN, { action: 'importRoster', rows }),
    ]);
    const oks = both.filter((r) => r.ok);
    expect(oks.length).toBeGreaterThanOrEqual(1);
    for (const r of both) if (!r.ok) expect(r.error.code).toBe('CONFLICT');
    expect(employees()).toHaveLength(301);
  });
});
