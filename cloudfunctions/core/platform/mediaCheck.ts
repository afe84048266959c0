// WeChat's image check (security.mediaCheckAsync v2) for chat images. The call only queues the
// check and answers a trace id; the verdict arrives later as a `wxa_media_check` event pushed to
// the messages function (云开发 → 设置 → 消息推送: event wxa_media_check → function messages),
// which hides a risky image for everyone (services/mediaVerdict.ts). As with text, a failure of
// the call itself refuses the send rather than storing an image nobody will ever check.
// config.json of the messages function must grant security.mediaCheckAsync (scripts/build.ts
// finds the call below).
import { errors } from '../domain/errors';
import { cloud } from './cloud';
import { QUOTA_ERRORS, SECCHECK_SCENE } from './secCheck';

/** media_type 2 = image. */
const IMAGE = 2;

/** What `security.mediaCheckAsync` takes (the local cloud's emulation takes the same). */
export interface MediaCheckAsyncParams {
  mediaUrl: string;
  mediaType: number;
  version: number;
  scene: number;
  openid: string;
}

type OpenApi = { security: { mediaCheckAsync(p: MediaCheckAsyncParams): Promise<unknown> } };

export async function requestImageCheck(mediaUrl: string, openid: string): Promise<string> {
  let res: { errCode?: number; traceId?: unknown };
  try {
    const api = (cloud as unknown as { openapi: OpenApi }).openapi;
    res = (await api.security.mediaCheckAsync({
      mediaUrl,
      mediaType: IMAGE,
      version: 2,
      scene: SECCHECK_SCENE,
      openid,
    })) as typeof res;
  } catch (e) {
    const code = (e as { errCode?: unknown })?.errCode;
    if (typeof code === 'number' && QUOTA_ERRORS.has(code))
      throw errors.secCheckBusy({ secCheckErrCode: code });
    console.error('[mediaCheck] mediaCheckAsync failed', e);
    throw errors.secCheckDown({ secCheckErrCode: typeof code === 'number' ? code : null });
  }
  if ((res?.errCode ?? 0) !== 0 || typeof res?.traceId !== 'string' || !res.traceId)
    throw errors.secCheckDown({ secCheckErrCode: res?.errCode ?? null });
  return res.traceId;
}

/** The event WeChat pushes with the verdict (fields as WeChat names them). */
export interface MediaCheckEvent {
  MsgType: 'event';
  Event: 'wxa_media_check';
  trace_id: string;
  result?: { suggest?: string; label?: number };
  errcode?: number;
}

export function isMediaCheckEvent(event: unknown): event is MediaCheckEvent {
  const e = event as Partial<MediaCheckEvent> | null;
  return !!e && typeof e === 'object' && e.MsgType === 'event' && e.Event === 'wxa_media_check';
}
