// Times the way WeChat shows them: 13:05 · 昨天 · 星期二 · 11月24日 · 2025年11月24日 (list), and
// the same day part followed by the time for the separators inside a chat.
import dayjs from 'dayjs';

const WEEKDAYS = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];

/** The day part relative to `now`: null for today. */
function dayPart(t: dayjs.Dayjs, today: dayjs.Dayjs): string | null {
  const days = today.startOf('day').diff(t.startOf('day'), 'day');
  if (days <= 0) return null;
  if (days === 1) return '昨天';
  if (days < 7) return WEEKDAYS[t.day()];
  if (t.year() === today.year()) return `${t.month() + 1}月${t.date()}日`;
  return `${t.year()}年${t.month() + 1}月${t.date()}日`;
}

/** Conversation list: 13:05 today, else 昨天 / 星期二 (this past week) / 11月24日 / 2025年11月24日. */
export function listTime(ms: number, now: number = Date.now()): string {
  const t = dayjs(ms);
  return dayPart(t, dayjs(now)) ?? t.format('HH:mm');
}

/** Chat separators: 13:05 today, else the day part and the time (昨天 13:05, 11月24日 09:30). */
export function chatTime(ms: number, now: number = Date.now()): string {
  const t = dayjs(ms);
  const day = dayPart(t, dayjs(now));
  return day ? `${day} ${t.format('HH:mm')}` : t.format('HH:mm');
}

/** A separator goes above a message when more than five minutes passed since the previous one. */
export const SEPARATOR_GAP_MS = 5 * 60 * 1000;
export const needsSeparator = (prev: number | null, current: number): boolean =>
  prev === null || current - prev > SEPARATOR_GAP_MS;
