// Shared by the roster, binding, directory and offboard function tests: a company built through
// admin.importRoster, and binding people by their invite codes.
import type { ImportResult } from '../../typings/api';
import type { LocalCloud } from '../../localcloud/cloud';
import { bootstrapAdmin, ok } from './helpers';

export const ADMIN = 'o_admin';

export type Report = ImportResult;

export async function importRows(cloud: LocalCloud, rows: object[], openid = ADMIN): Promise<Report> {
  return ok<Report>(cloud, 'admin', openid, { action: 'importRoster', rows });
}

/** Admin + a small company; returns invite codes by name. */
export async function smallCompany(cloud: LocalCloud) {
  const admin = await bootstrapAdmin(cloud, ADMIN);
  const report = await importRows(cloud, [
    { 姓名: '张伟', 手机号: '13900000001', 部门: '门店/中心店', 职位: '店长', 工号: 'A001' },
    { 姓名: '李娜', 手机号: '13900000002', 部门: '门店/中心店', 职位: '导购', 工号: 'A002' },
    { 姓名: '王强', 手机号: '13900000003', 部门: '门店/东区店', 职位: '导购', 工号: 'A003' },
    { 姓名: '赵敏', 手机号: '13900000004', 部门: '人事部；门店/中心店', 职位: '人事专员', 工号: 'A004' },
    { 姓名: '陈静', 手机号: '13900000005', 部门: '财务部', 职位: '会计', 工号: 'A005' },
  ]);
  const code = (name: string) => report.invites.find((i) => i.name === name)!.inviteCode;
  const id = (name: string) => report.invites.find((i) => i.name === name)!.employeeId;
  return { adminId: admin.employee.id, report, code, id };
}

export async function bindAs(cloud: LocalCloud, openid: string, inviteCode: string) {
  return ok<{ employee: { id: string; name: string } }>(cloud, 'directory', openid, {
    action: 'bind',
    inviteCode,
  });
}
