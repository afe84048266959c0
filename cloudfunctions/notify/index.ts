// Cloud function `notify`: delivers subscription messages (服务通知) for messages that absent
// members have not read (core/services/notifier.ts). Run only by its timer trigger (config.json:
// every minute). A timer invocation carries no OPENID; any call that does comes from a mini
// program and is refused, so a client can neither trigger sends nor learn anything here.
import type { Envelope } from '../../typings/api';
import { callerOpenid } from '../core/platform/cloud';
import { dispatchDue, type DispatchReport } from '../core/services/notifier';

interface TimerEvent {
  Type?: unknown;
  TriggerName?: unknown;
}

export async function main(event: unknown): Promise<Envelope<DispatchReport>> {
  const e = (event ?? {}) as TimerEvent;
  if (callerOpenid() || e.Type !== 'Timer')
    return { ok: false, error: { code: 'FORBIDDEN', message: '该云函数仅由定时触发器调用' } };
  try {
    return { ok: true, data: await dispatchDue() };
  } catch (err) {
    console.error('[notify] dispatch failed', err);
    return { ok: false, error: { code: 'INTERNAL', message: '通知发送失败' } };
  }
}
