// Emulated WeChat open APIs, with the response shapes of the real ones:
// security.msgSecCheck (v2), phonenumber.getPhoneNumber and subscribeMessage.send
// (subscribeMessage.ts).
import { clock } from '../cloudfunctions/core/platform/clock';
import type { MediaCheckAsyncParams } from '../cloudfunctions/core/platform/mediaCheck';
import { callStorage } from './context';
import { OpenApiError, SubscribeMessages, type SubscribeSendParams } from './subscribeMessage';

/** Bytes that make the emulated image check answer "risky". */
export const RISKY_IMAGE_MARKER = 'TONGSHI-RISKY-IMAGE';

export const DEFAULT_SECCHECK_WORDS = ['违禁测试词', '赌博', '代开发票'];

export function seccheckWords(env = process.env.TONGSHI_SECCHECK_WORDS): string[] {
  const extra = (env ?? '')
    .split(',')
    .map((w) => w.trim())
    .filter(Boolean);
  return [...new Set([...DEFAULT_SECCHECK_WORDS, ...extra])];
}

export interface OpenApiEmulation {
  security: {
    mediaCheckAsync(params: MediaCheckAsyncParams): Promise<unknown>;
    msgSecCheck(params: {
      content: string;
      version: number;
      scene: number;
      openid: string;
    }): Promise<unknown>;
  };
  phonenumber: { getPhoneNumber(params: { code: string }): Promise<unknown> };
  subscribeMessage: { send(params: SubscribeSendParams): Promise<unknown> };
}

export class OpenApiEmulator {
  /** Phone codes the harness registered: code → mobile (one use each, like WeChat's). */
  private readonly phoneCodes = new Map<string, string>();
  /** When set, msgSecCheck fails as when the quota is exhausted (tests the fail-closed path). */
  secCheckOutage: number | null = null;
  words: string[] = seccheckWords();
  /** WeChat's side of subscription messages: credits per user and template, deliveries. */
  readonly subscriptions = new SubscribeMessages();
  calls = { msgSecCheck: 0, getPhoneNumber: 0, mediaCheckAsync: 0 };
  /** Bills a call to the current caller (set by the local cloud: ./meter.ts). */
  bill: (item: 'msgSecCheck') => void = () => undefined;
  /**
   * security.mediaCheckAsync: queued checks, answered later by deliverMediaVerdicts() (tests, or
   * a timer the local server starts). The verdict: risky when the image's bytes contain
   * RISKY_IMAGE_MARKER (the stored name is random, so the marker travels in the content).
   */
  readonly mediaChecks: { traceId: string; mediaUrl: string; openid: string }[] = [];
  mediaCheckOutage: number | null = null;
  /** Reads the image behind a media URL (set by LocalCloud: its own temp URLs). */
  readMedia: (url: string) => Buffer | null = () => null;
  private traceSeq = 0;

  /** The verdict events WeChat would push for every queued check (and forgets them). */
  takeMediaVerdicts(): object[] {
    return this.mediaChecks.splice(0).map((c) => {
      const risky = !!this.readMedia(c.mediaUrl)?.includes(RISKY_IMAGE_MARKER);
      return {
        ToUserName: 'gh_local',
        FromUserName: c.openid,
        CreateTime: Math.floor(Date.now() / 1000),
        MsgType: 'event',
        Event: 'wxa_media_check',
        appid: 'wx-local-tongshi',
        trace_id: c.traceId,
        version: 2,
        errcode: 0,
        errmsg: 'ok',
        result: { suggest: risky ? 'risky' : 'pass', label: risky ? 20002 : 100 },
        detail: [
          {
            strategy: 'content_model',
            errcode: 0,
            suggest: risky ? 'risky' : 'pass',
            label: risky ? 20002 : 100,
          },
        ],
      };
    });
  }

  registerPhoneCode(code: string, mobile: string): void {
    this.phoneCodes.set(code, mobile);
  }

  api(): OpenApiEmulation {
    return {
      security: {
        mediaCheckAsync: async ({ mediaUrl, mediaType, version, scene, openid }) => {
          this.calls.mediaCheckAsync++;
          if (this.mediaCheckOutage !== null)
            throw new OpenApiError(
              this.mediaCheckOutage,
              `openapi.security.mediaCheckAsync:fail ${this.mediaCheckOutage} quota exceeded`,
            );
          if (
            version !== 2 ||
            ![1, 2].includes(mediaType) ||
            ![1, 2, 3, 4].includes(scene) ||
            !openid ||
            !mediaUrl
          )
            throw new OpenApiError(47001, 'openapi.security.mediaCheckAsync:fail 47001 data format error');
          if (openid !== callStorage.getStore()?.wx.OPENID)
            throw new OpenApiError(40003, 'openapi.security.mediaCheckAsync:fail 40003 invalid openid');
          const traceId = `local-trace-${Date.now().toString(36)}-${++this.traceSeq}`;
          this.mediaChecks.push({ traceId, mediaUrl, openid });
          return { errCode: 0, errMsg: 'openapi.security.mediaCheckAsync:ok', traceId };
        },
        msgSecCheck: async ({ content, version, scene, openid }) => {
          this.calls.msgSecCheck++;
          this.bill('msgSecCheck');
          if (this.secCheckOutage !== null) {
            throw new OpenApiError(
              this.secCheckOutage,
              `openapi.security.msgSecCheck:fail ${this.secCheckOutage} quota exceeded`,
            );
          }
          if (version !== 2 || ![1, 2, 3, 4].includes(scene) || !openid || typeof content !== 'string') {
            throw new OpenApiError(47001, 'openapi.security.msgSecCheck:fail 47001 data format error');
          }
          if (openid !== callStorage.getStore()?.wx.OPENID) {
            throw new OpenApiError(40003, 'openapi.security.msgSecCheck:fail 40003 invalid openid');
          }
          const hit = this.words.find((w) => content.includes(w));
          const suggest = hit ? 'risky' : 'pass';
          const label = hit ? 20001 : 100;
          return {
            errCode: 0,
            errMsg: 'openapi.security.msgSecCheck:ok',
            traceId: `local-${Date.now()}`,
            result: { suggest, label },
            detail: [{ strategy: 'keyword', errcode: 0, suggest, label, level: hit ? 90 : 0, keyword: hit }],
          };
        },
      },
      subscribeMessage: {
        send: (params) => this.subscriptions.send(params, clock.now()),
      },
      phonenumber: {
        getPhoneNumber: async ({ code }) => {
          this.calls.getPhoneNumber++;
          const mobile = this.phoneCodes.get(code);
          if (!mobile)
            throw new OpenApiError(40029, 'openapi.phonenumber.getPhoneNumber:fail 40029 invalid code');
          this.phoneCodes.delete(code);
          return {
            errCode: 0,
            errMsg: 'openapi.phonenumber.getPhoneNumber:ok',
            phoneInfo: {
              phoneNumber: mobile,
              purePhoneNumber: mobile,
              countryCode: '86',
              watermark: { timestamp: Math.floor(Date.now() / 1000), appid: 'wx-local-tongshi' },
            },
          };
        },
      },
    };
  }
}
