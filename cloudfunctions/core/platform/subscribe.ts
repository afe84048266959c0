// Subscription messages (订阅消息) through wx-server-sdk's cloud.openapi.subscribeMessage.send.
// The calling function's config.json must grant openapi permission subscribeMessage.send
// (scripts/build.ts finds the call in the bundle and writes it).
//
// Configuration per deployment (function environment variables of `directory` and `notify`):
//   TONGSHI_SUBSCRIBE_TEMPLATE_MESSAGE  the new-message template id from 公众平台 → 订阅消息
//   TONGSHI_SUBSCRIBE_FIELDS            its keys by role, e.g. "chat=thing1,sender=thing2,content=thing3,time=time4"
// Without a template id notifications are off: nothing is asked for and nothing is sent.
import type { FieldRole } from '../domain/notify';
import { cloud } from './cloud';

export const DEFAULT_FIELDS = 'chat=thing1,sender=thing2,content=thing3,time=time4';
const ROLES: readonly FieldRole[] = ['chat', 'sender', 'content', 'time'];

export interface SubscribeTemplate {
  id: string;
  /** template key → what goes into it */
  fields: Record<string, FieldRole>;
}

export function parseFields(spec: string): Record<string, FieldRole> {
  const fields: Record<string, FieldRole> = {};
  for (const part of spec.split(',')) {
    const [role, key] = part.split('=').map((s) => s.trim());
    if (key && (ROLES as readonly string[]).includes(role)) fields[key] = role as FieldRole;
  }
  return fields;
}

export function messageTemplate(env = process.env): SubscribeTemplate | null {
  const id = env.TONGSHI_SUBSCRIBE_TEMPLATE_MESSAGE?.trim();
  if (!id) return null;
  return { id, fields: parseFields(env.TONGSHI_SUBSCRIBE_FIELDS || DEFAULT_FIELDS) };
}

/** 43101: the user has no subscription left for this template. */
export const NO_CREDIT = 43101;

export interface SendOutcome {
  ok: boolean;
  errCode: number;
  errMsg: string;
}

interface SendParams {
  touser: string;
  templateId: string;
  page: string;
  data: Record<string, { value: string }>;
  miniprogramState: 'developer' | 'trial' | 'formal';
}

type OpenApi = { subscribeMessage: { send(p: SendParams): Promise<unknown> } };

function errorOf(e: unknown): SendOutcome {
  const err = e as { errCode?: unknown; errMsg?: unknown; message?: unknown } | null;
  const text = String(err?.errMsg ?? err?.message ?? e);
  const code =
    typeof err?.errCode === 'number' ? err.errCode : Number(/fail\s+(-?\d+)/.exec(text)?.[1] ?? -1);
  return { ok: false, errCode: code, errMsg: text.slice(0, 200) };
}

/** Sends one card; never throws: the outcome is recorded by the caller and never retried blindly. */
export async function sendSubscribeMessage(p: Omit<SendParams, 'miniprogramState'>): Promise<SendOutcome> {
  const state = process.env.TONGSHI_MINIPROGRAM_STATE;
  try {
    const api = (cloud as unknown as { openapi: OpenApi }).openapi;
    const res = (await api.subscribeMessage.send({
      ...p,
      miniprogramState: state === 'developer' || state === 'trial' ? state : 'formal',
    })) as { errCode?: number; errMsg?: string } | undefined;
    if (res?.errCode) return { ok: false, errCode: res.errCode, errMsg: String(res.errMsg ?? '') };
    return { ok: true, errCode: 0, errMsg: 'ok' };
  } catch (e) {
    return errorOf(e);
  }
}
