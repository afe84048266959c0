// Emulated subscription messages (订阅消息): WeChat's side of one-time subscriptions.
// - grant(): what an accepted wx.requestSubscribeMessage does: one more send allowed for that
//   user and template (the preview's popup and the tests call it).
// - send(): cloud.openapi.subscribeMessage.send with WeChat's checks and errcodes: unknown
//   template 40037, missing user 40003, a field missing/empty or not of its kind 47003 (thing ≤ 20
//   characters, name ≤ 10 Chinese or ≤ 20 letters, phrase ≤ 5 Chinese, character_string ≤ 32
//   ASCII, time as 15:01 / 2019年10月1日 15:01), no credit left 43101. A delivery is kept in
//   the user's 服务通知 (GET /api/dev/notifications, the preview's panel).
import fs from 'fs';
import { fieldKindOf, type FieldKind } from '../cloudfunctions/core/domain/notify';
import { DEFAULT_FIELDS, parseFields } from '../cloudfunctions/core/platform/subscribe';

/** The local deployment's new-message template (the README says how to pick the real one). */
export const LOCAL_MESSAGE_TEMPLATE = 'local-tmpl-new-message';

export class OpenApiError extends Error {
  constructor(
    readonly errCode: number,
    readonly errMsg: string,
  ) {
    super(errMsg);
  }
}

export interface Delivery {
  openid: string;
  templateId: string;
  page: string;
  data: Record<string, { value: string }>;
  miniprogramState: string;
  at: number;
}

export interface SubscribeSendParams {
  touser?: unknown;
  templateId?: unknown;
  page?: unknown;
  data?: unknown;
  miniprogramState?: unknown;
}

const HAN = /\p{Script=Han}/u;
const chars = (v: string) => [...v].length;
const TIME = '\\d{1,2}:\\d{2}(:\\d{2})?';
const DAY = '(\\d{4}年\\d{1,2}月\\d{1,2}日|\\d{4}-\\d{1,2}-\\d{1,2})';
const timeRe = new RegExp(`^(${DAY} ?)?${TIME}$`);
const dateRe = new RegExp(`^${DAY}( ?${TIME})?$`);

/** Whether WeChat accepts `v` for a field of this kind (参数值内容限制). */
export function validFieldValue(kind: FieldKind, v: string): boolean {
  switch (kind) {
    case 'thing':
      return chars(v) <= 20;
    case 'name':
      // 10 Chinese characters (mixed with letters counts as Chinese), or 20 letters/symbols.
      return HAN.test(v)
        ? chars(v) <= 10 && /^[\p{Script=Han}A-Za-z·]+$/u.test(v)
        : chars(v) <= 20 && !/\d/.test(v);
    case 'phrase':
      return chars(v) <= 5 && [...v].every((c) => HAN.test(c));
    case 'character_string':
      return v.length <= 32 && /^[\x21-\x7e]+$/.test(v);
    case 'time':
      return v.split('~').every((p) => timeRe.test(p.trim()));
    case 'date':
      return v.split('~').every((p) => dateRe.test(p.trim()));
    case 'number':
      return v.length <= 32 && /^\d+(\.\d+)?$/.test(v);
  }
}

const fail = (code: number, msg: string): never => {
  throw new OpenApiError(code, `openapi.subscribeMessage.send:fail ${code} ${msg}`);
};

export class SubscribeMessages {
  /** template id → its keys (thing1, time4, …). */
  readonly templates = new Map<string, string[]>();
  /** `${openid}\u0000${templateId}` → sends still allowed. */
  private readonly credits = new Map<string, number>();
  readonly deliveries: Delivery[] = [];
  /** When set, every send fails with this errcode (45009: daily quota reached). */
  outage: number | null = null;
  calls = 0;

  constructor(env = process.env) {
    this.templates.set(LOCAL_MESSAGE_TEMPLATE, Object.keys(parseFields(DEFAULT_FIELDS)));
    const configured = env.TONGSHI_SUBSCRIBE_TEMPLATE_MESSAGE?.trim();
    if (configured)
      this.templates.set(
        configured,
        Object.keys(parseFields(env.TONGSHI_SUBSCRIBE_FIELDS || DEFAULT_FIELDS)),
      );
  }

  private file: string | null = null;

  private key = (openid: string, templateId: string) => `${openid}\u0000${templateId}`;

  /** With a data folder (npm start), credits and 服务通知 survive a restart like the database. */
  persistTo(file: string): void {
    this.file = file;
    if (!fs.existsSync(file)) return;
    const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as {
      credits?: [string, number][];
      deliveries?: Delivery[];
    };
    for (const [k, n] of saved.credits ?? []) this.credits.set(k, n);
    this.deliveries.push(...(saved.deliveries ?? []));
  }

  private save(): void {
    if (!this.file) return;
    const state = { credits: [...this.credits], deliveries: this.deliveries };
    fs.writeFileSync(this.file, JSON.stringify(state));
  }

  /** An accepted wx.requestSubscribeMessage: +1 per known template; the popup's result per id. */
  grant(openid: string, templateIds: readonly string[]): Record<string, 'accept' | 'filter'> {
    const result: Record<string, 'accept' | 'filter'> = {};
    for (const id of new Set(templateIds)) {
      if (!this.templates.has(id)) {
        result[id] = 'filter';
        continue;
      }
      const k = this.key(openid, id);
      this.credits.set(k, (this.credits.get(k) ?? 0) + 1);
      result[id] = 'accept';
    }
    this.save();
    return result;
  }

  creditsOf(openid: string, templateId: string): number {
    return this.credits.get(this.key(openid, templateId)) ?? 0;
  }

  deliveriesTo(openid: string): Delivery[] {
    return this.deliveries.filter((d) => d.openid === openid);
  }

  async send(p: SubscribeSendParams, now: number): Promise<{ errCode: 0; errMsg: string }> {
    this.calls++;
    if (this.outage !== null) fail(this.outage, 'reach max api daily quota limit');
    if (typeof p.touser !== 'string' || !p.touser) fail(40003, 'invalid openid');
    const openid = p.touser as string;
    const keys = typeof p.templateId === 'string' ? this.templates.get(p.templateId) : undefined;
    if (!keys) fail(40037, 'invalid template_id');
    const templateId = p.templateId as string;
    const state = p.miniprogramState ?? 'formal';
    if (!['developer', 'trial', 'formal'].includes(String(state)))
      fail(47003, 'argument invalid! miniprogram_state invalid');
    if (p.page !== undefined && (typeof p.page !== 'string' || p.page.length > 1024))
      fail(47003, 'argument invalid! page invalid');
    const data = (p.data && typeof p.data === 'object' ? p.data : {}) as Record<string, { value?: unknown }>;
    for (const k of keys as string[]) {
      const value = data[k]?.value;
      if (typeof value !== 'string' || !value) fail(47003, `argument invalid! data.${k}.value is empty`);
      const kind = fieldKindOf(k);
      if (!kind || !validFieldValue(kind, value as string))
        fail(47003, `argument invalid! data.${k}.value invalid`);
    }
    const k = this.key(openid, templateId);
    const left = this.credits.get(k) ?? 0;
    if (left <= 0) fail(43101, 'user refuse to accept the msg');
    this.credits.set(k, left - 1);
    const kept: Record<string, { value: string }> = {};
    for (const key of keys as string[]) kept[key] = { value: String(data[key]?.value) };
    this.deliveries.push({
      openid,
      templateId,
      page: typeof p.page === 'string' ? p.page : '',
      data: kept,
      miniprogramState: String(state),
      at: now,
    });
    this.save();
    return { errCode: 0, errMsg: 'openapi.subscribeMessage.send:ok' };
  }
}
