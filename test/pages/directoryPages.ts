// Shared by the address-book page tests: a company imported through admin.importRoster on the
// page cloud, people bound by their invite codes, and a fresh session cache per test.
import type { LocalCloud } from '../../localcloud/cloud';
import { clearSession, forgetDepartments } from '../../miniprogram/services/session';
import { bootstrapAdmin } from '../functions/helpers';
import { bindAs, importRows } from '../functions/rosterHelpers';

export const ADMIN = 'o_admin';
export function resetSession(): void {
  clearSession();
  forgetDepartments();
}

/** 5 named people, plus `extra` people in 门店/大店 (for the big-department tests). */
export async function seedDirectory(cloud: LocalCloud, extra = 0) {
  await bootstrapAdmin(cloud, ADMIN);
  const rows: object[] = [
    { 姓名: '张伟', 手机号: '13900000001', 部门: '门店/中心店', 职位: '店长', 工号: 'A001' },
    { 姓名: '李娜', 手机号: '13900000002', 部门: '门店/中心店', 职位: '导购', 工号: 'A002' },
    { 姓名: '王强', 手机号: '13900000003', 部门: '门店/东区店', 职位: '导购', 工号: 'A003' },
    { 姓名: '赵敏', 手机号: '13900000004', 部门: '人事部', 职位: '人事专员', 工号: 'A004' },
    { 姓名: '陈静', 手机号: '13900000005', 部门: '财务部', 职位: '会计', 工号: 'A005' },
  ];
  for (let i = 0; i < extra; i++)
    rows.push({
      姓名: `店员${String(i).padStart(4, '0')}`,
      手机号: `137${String(i).padStart(8, '0')}`,
      部门: '门店/大店',
      职位: '导购',
      工号: `B${i}`,
    });
  const report = await importRows(cloud, rows);
  const invite = (name: string) => report.invites.find((i) => i.name === name)!;
  const openids: Record<string, string> = { 张伟: 'o_zhang', 李娜: 'o_li', 王强: 'o_wang' };
  for (const [name, openid] of Object.entries(openids)) await bindAs(cloud, openid, invite(name).inviteCode);
  return { id: (name: string) => invite(name).employeeId, code: (name: string) => invite(name).inviteCode };
}
