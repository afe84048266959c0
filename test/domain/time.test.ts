// The mini program's time labels (a pure function: no WeChat needed).
import dayjs from 'dayjs';
import { chatTime, listTime, needsSeparator } from '../../miniprogram/utils/time';

const now = dayjs('2026-11-25T15:30:00').valueOf(); // a Wednesday
const at = (s: string) => dayjs(s).valueOf();

describe('listTime', () => {
  it.each([
    ['2026-11-25T13:05:00', '13:05'],
    ['2026-11-25T00:00:00', '00:00'],
    ['2026-11-24T23:59:00', '昨天'],
    ['2026-11-24T00:01:00', '昨天'],
    ['2026-11-23T10:00:00', '星期一'],
    ['2026-11-19T10:00:00', '星期四'],
    ['2026-11-18T10:00:00', '11月18日'],
    ['2026-01-02T10:00:00', '1月2日'],
    ['2025-11-24T10:00:00', '2025年11月24日'],
  ])('%s → %s', (t, label) => {
    expect(listTime(at(t), now)).toBe(label);
  });
});

describe('chatTime and separators', () => {
  it('adds the time to the day part', () => {
    expect(chatTime(at('2026-11-25T09:07:00'), now)).toBe('09:07');
    expect(chatTime(at('2026-11-24T09:07:00'), now)).toBe('昨天 09:07');
    expect(chatTime(at('2025-03-01T09:07:00'), now)).toBe('2025年3月1日 09:07');
  });
  it('separates when more than 5 minutes pass', () => {
    expect(needsSeparator(null, 0)).toBe(true);
    expect(needsSeparator(0, 5 * 60 * 1000)).toBe(false);
    expect(needsSeparator(0, 5 * 60 * 1000 + 1)).toBe(true);
  });
});
