// Cloud function `maintenance`: the repair run (core/services/maintenance.ts), started by its
// timer trigger (core/platform/functions.ts → config.json `triggers`). A timer call carries no
// OPENID; a call from a Mini Program always does and is refused (admins run the same repair
// through admin.runMaintenance, which checks who they are).
import type { Envelope } from '../../typings/api';
import { callerOpenid } from '../core/platform/cloud';
import { runMaintenance, type MaintenanceReport } from '../core/services/maintenance';

export async function main(): Promise<Envelope<MaintenanceReport>> {
  if (callerOpenid())
    return { ok: false, error: { code: 'FORBIDDEN', message: '维护任务只能由定时触发器启动' } };
  return { ok: true, data: await runMaintenance() };
}
