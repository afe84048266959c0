// Who gets a subscription message (服务通知) for a message, and what it says. Pure rules; the
// notifier service loads the documents and the platform module sends.
//
// WeChat lets a chat-like mini program reach a closed user only through one-time subscription
// messages: each accepted wx.requestSubscribeMessage is one send. So a notification is spent
// only where it matters: a direct message, an @ of me, @all or a new announcement, for a member
// who has not read it within NOTIFY_DELAY (they were away), has not muted the chat, and has not
// been notified about the same chat within NOTIFY_THROTTLE (one card per chat per 5 minutes
// covers a burst). Plain group chatter never spends a credit.

/** Why a message may notify; stored on the message at send time (no extra write). */
export type NotifyKind = 'direct' | 'mention' | 'all' | 'announcement';

/** How long a member has to read a message before a notification goes out (default 1 minute). */
export const DEFAULT_NOTIFY_DELAY_MS = 60_000;
/** At most one notification per chat per member in this window. */
export const NOTIFY_THROTTLE_MS = 5 * 60_000;
/**
 * A message older than this when dispatch reaches it (the function was down, a backlog) is
 * dropped: a card about something half an hour old is noise, not a reminder.
 */
export const NOTIFY_MAX_AGE_MS = 30 * 60_000;
/** A dispatch run that claimed a message and died: another run takes it over after this. */
export const NOTIFY_LEASE_MS = 2 * 60_000;

export function notifyKindOf(
  conversationType: 'group' | 'direct',
  mentions: readonly string[] | 'all' | undefined,
): NotifyKind | undefined {
  if (conversationType === 'direct') return 'direct';
  if (mentions === 'all') return 'all';
  if (mentions?.length) return 'mention';
  return undefined;
}

export interface RecipientState {
  employeeId: string;
  lastReadSeq: number;
  joinedAtSeq: number;
  muted?: boolean;
  notifiedAt?: number;
}

export type SkipReason = 'sender' | 'read' | 'muted' | 'throttled' | 'not_addressed';

/**
 * Whether a member is due a notification for the message at `seq` (everything known from the
 * member document; employee status and credits are checked after).
 */
export function skipReason(
  m: RecipientState,
  msg: { seq: number; senderId: string | null; kind: NotifyKind; mentions?: readonly string[] | 'all' },
  now: number,
): SkipReason | null {
  if (m.employeeId === msg.senderId) return 'sender';
  if (msg.kind === 'mention' && !(Array.isArray(msg.mentions) && msg.mentions.includes(m.employeeId)))
    return 'not_addressed';
  if (Math.max(m.lastReadSeq, m.joinedAtSeq) >= msg.seq) return 'read';
  if (m.muted) return 'muted';
  if (m.notifiedAt !== undefined && now - m.notifiedAt < NOTIFY_THROTTLE_MS) return 'throttled';
  return null;
}

// ---- the card's fields ----

/**
 * Field kinds of a subscription template and their value limits (WeChat 订阅消息参数值内容限制):
 * thing ≤ 20 characters; name ≤ 10 Chinese characters or ≤ 20 letters/symbols; phrase ≤ 5
 * Chinese characters; character_string ≤ 32 letters, digits or symbols; time a 24-hour time
 * optionally with a date (2019年10月1日 15:01).
 */
export type FieldKind = 'thing' | 'name' | 'phrase' | 'character_string' | 'time' | 'date' | 'number';

/** A template key is its kind followed by a number: `thing1`, `character_string12`. */
export function fieldKindOf(key: string): FieldKind | null {
  const m = /^([a-z_]+?)(\d+)$/.exec(key);
  const kind = m?.[1];
  return kind === 'thing' ||
    kind === 'name' ||
    kind === 'phrase' ||
    kind === 'character_string' ||
    kind === 'time' ||
    kind === 'date' ||
    kind === 'number'
    ? kind
    : null;
}

const HAN = /\p{Script=Han}/u;

/** Cuts by characters (code points); `mark` shows a cut as "…" inside the limit (free text only). */
function cut(text: string, limit: number, mark = true): string {
  const chars = [...text];
  if (chars.length <= limit) return text;
  return mark ? `${chars.slice(0, limit - 1).join('')}…` : chars.slice(0, limit).join('');
}

/** China time (UTC+8, no daylight saving) as the `time` kind's documented format. */
export function chinaTime(ms: number): string {
  const d = new Date(ms + 8 * 3600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** A value that the field's kind accepts, cut to its limit; never empty (WeChat refuses empty). */
export function fieldValue(kind: FieldKind, text: string, at: number): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  switch (kind) {
    case 'time':
    case 'date':
      return chinaTime(at);
    case 'name': {
      // Mixed Chinese and letters counts as a Chinese name (≤ 10); keep letters and Han only.
      const kept = clean.replace(/[^\p{Script=Han}A-Za-z ]/gu, '').trim() || '同事';
      return HAN.test(kept) ? cut(kept.replace(/ /g, ''), 10, false) : cut(kept, 20, false);
    }
    case 'phrase': {
      const han = [...clean].filter((c) => HAN.test(c)).join('');
      return cut(han || '新消息', 5, false);
    }
    case 'character_string': {
      const ascii = clean.replace(/[^\x21-\x7e]/g, '');
      return cut(ascii || '-', 32, false);
    }
    case 'number':
      return '1';
    case 'thing':
      return cut(clean || '新消息', 20);
  }
}

/** What a notification says, by role; the deployment maps roles to its template's keys. */
export interface NotificationText {
  chat: string;
  sender: string;
  content: string;
}

export type FieldRole = keyof NotificationText | 'time';

export function templateData(
  fields: Readonly<Record<string, FieldRole>>,
  text: NotificationText,
  at: number,
): Record<string, { value: string }> {
  const data: Record<string, { value: string }> = {};
  for (const [key, role] of Object.entries(fields)) {
    const kind = fieldKindOf(key) ?? 'thing';
    data[key] = { value: fieldValue(kind, role === 'time' ? '' : text[role], at) };
  }
  return data;
}

export function contentLine(kind: NotifyKind, preview: string): string {
  if (kind === 'all') return `[@所有人] ${preview}`;
  if (kind === 'mention') return `[有人@我] ${preview}`;
  if (kind === 'announcement') return preview.replace(/^.*?发布了群公告：/, '[群公告] ');
  return preview;
}

/** The chat page opened at that message (pages/chat reads `id` and `seq`). */
export const notificationPage = (conversationId: string, seq: number): string =>
  `pages/chat/index?id=${encodeURIComponent(conversationId)}&seq=${seq}`;
