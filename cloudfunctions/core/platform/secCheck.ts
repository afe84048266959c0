// WeChat content security (security.msgSecCheck v2) for user text, failing closed.
//
// errCode 0 only says the call worked; the verdict is result.suggest. "risky" is refused with
// CONTENT_REJECTED; "review" is let through (WeChat's guidance: only "risky" is a clear
// violation; "review" goes to the back office, which can remove the message). Any failure of
// the check itself refuses the message rather than storing unchecked text:
//   - quota exhausted (45009 daily, 44991 per-minute) → RATE_LIMITED: the user can retry later
//     and the pending bubble keeps its retry mark;
//   - anything else (network, system error, malformed answer) → INTERNAL.
// config.json of the messages function must grant openapi permission security.msgSecCheck.
import { errors } from '../domain/errors';
import { cloud } from './cloud';

export const QUOTA_ERRORS = new Set([44991, 45009]);
/** scene 2 = 评论 (comments/chat messages) in msgSecCheck v2. */
export const SECCHECK_SCENE = 2;

interface SecCheckResponse {
  errCode?: number;
  result?: { suggest?: string; label?: number };
}

type OpenApi = {
  security: {
    msgSecCheck(p: { content: string; version: number; scene: number; openid: string }): Promise<unknown>;
  };
};

function errCodeOf(e: unknown): number | undefined {
  const err = e as { errCode?: unknown; message?: unknown; errMsg?: unknown } | null;
  if (typeof err?.errCode === 'number') return err.errCode;
  const m = /fail\s+(-?\d+)/.exec(String(err?.errMsg ?? err?.message ?? ''));
  return m ? Number(m[1]) : undefined;
}

/** What the text is, for the refusal's wording; messages keep their own ("消息含有违规内容"). */
export type CheckedField = 'text' | 'fileName' | 'name' | 'announcement';
const LABELS: Record<Exclude<CheckedField, 'text'>, string> = {
  fileName: '文件名',
  name: '群名称',
  announcement: '群公告',
};

/**
 * Every user-written text passes here before it is stored: message text, file names, group
 * names, announcements (and anything added later). Empty strings have nothing to check.
 */
export async function checkText(
  content: string,
  openid: string,
  field: CheckedField = 'text',
): Promise<void> {
  if (!content) return;
  let res: SecCheckResponse;
  try {
    const api = (cloud as unknown as { openapi: OpenApi }).openapi;
    res = (await api.security.msgSecCheck({
      content,
      version: 2,
      scene: SECCHECK_SCENE,
      openid,
    })) as SecCheckResponse;
  } catch (e) {
    const code = errCodeOf(e);
    if (code !== undefined && QUOTA_ERRORS.has(code))
      throw errors.secCheckBusy({
        secCheckErrCode: code,
      });
    console.error('[secCheck] msgSecCheck failed', e);
    throw errors.secCheckDown({
      secCheckErrCode: code ?? null,
    });
  }
  if (res?.errCode !== undefined && res.errCode !== 0)
    throw errors.secCheckDown({
      secCheckErrCode: res.errCode,
    });
  const suggest = res?.result?.suggest;
  if (suggest === 'risky')
    throw field === 'text' ? errors.contentRejected() : errors.fieldRejected({ field, label: LABELS[field] });
  if (suggest !== 'pass' && suggest !== 'review') throw errors.secCheckOdd();
}
