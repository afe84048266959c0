// Per-user send throttle: a token bucket. A user may send SEND_BURST messages in a row, then one
// every SEND_REFILL_MS; an idle bucket fills up again within a minute.
//
// Why these numbers: a busy store manager answering a group types a message in a few seconds at
// best and posts a handful of photos at once; 60 in a row and then one a second (60 a minute,
// sustained) is far above anything a person does by hand, even pasting a list line by line,
// while a script that fires 500 texts in a second gets 60 through and is told how long to wait. It also protects the
// shared msgSecCheck quota (4,000 calls a minute for the whole mini program): without it one
// user's loop could exhaust it for everyone.
export const SEND_BURST = 60;
export const SEND_REFILL_MS = 1_000;

export interface Bucket {
  /** Tokens left at `at` (fractional while refilling). */
  tokens: number;
  at: number;
}

export interface TakeResult {
  /** The bucket after taking one token (unchanged when refused). */
  bucket: Bucket;
  /** 0 when allowed; otherwise how long until one token is back. */
  waitMs: number;
}

/** How a bucket fills: at most `burst` tokens, one more every `refillMs`. */
export interface Rate {
  burst: number;
  refillMs: number;
}

export const SEND_RATE: Rate = { burst: SEND_BURST, refillMs: SEND_REFILL_MS };

/** The bucket's level at `now`: refilled for the time elapsed, never above the burst. */
export function levelAt(b: Bucket | null, now: number, rate = SEND_RATE): number {
  if (!b) return rate.burst;
  const elapsed = Math.max(0, now - b.at);
  return Math.min(rate.burst, b.tokens + elapsed / rate.refillMs);
}

export function takeToken(b: Bucket | null, now: number, rate = SEND_RATE): TakeResult {
  const level = levelAt(b, now, rate);
  if (level >= 1) return { bucket: { tokens: level - 1, at: now }, waitMs: 0 };
  return { bucket: b ?? { tokens: level, at: now }, waitMs: Math.ceil((1 - level) * rate.refillMs) };
}
