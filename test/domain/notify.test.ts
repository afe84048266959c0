// Notification rules without WeChat: who is due a card and what its fields hold.
import {
  chinaTime,
  fieldKindOf,
  fieldValue,
  notifyKindOf,
  NOTIFY_THROTTLE_MS,
  skipReason,
  templateData,
} from '../../cloudfunctions/core/domain/notify';
import { parseFields } from '../../cloudfunctions/core/platform/subscribe';
import { validFieldValue } from '../../localcloud/subscribeMessage';

const at = Date.UTC(2026, 10, 30, 2, 5, 0);

describe('notifyKindOf', () => {
  it('direct chats, @ and @all notify; plain group messages do not', () => {
    expect(notifyKindOf('direct', undefined)).toBe('direct');
    expect(notifyKindOf('group', 'all')).toBe('all');
    expect(notifyKindOf('group', ['e2'])).toBe('mention');
    expect(notifyKindOf('group', [])).toBeUndefined();
    expect(notifyKindOf('group', undefined)).toBeUndefined();
  });
});

describe('skipReason', () => {
  const msg = { seq: 10, senderId: 'e1', kind: 'mention' as const, mentions: ['e2'] };
  const member = { employeeId: 'e2', lastReadSeq: 9, joinedAtSeq: 0 };
  it('skips the sender, members not named, readers, muted chats and recent notifications', () => {
    expect(skipReason(member, msg, at)).toBeNull();
    expect(skipReason({ ...member, employeeId: 'e1' }, msg, at)).toBe('sender');
    expect(skipReason({ ...member, employeeId: 'e3' }, msg, at)).toBe('not_addressed');
    expect(skipReason({ ...member, lastReadSeq: 10 }, msg, at)).toBe('read');
    expect(skipReason({ ...member, joinedAtSeq: 10 }, msg, at)).toBe('read');
    expect(skipReason({ ...member, muted: true }, msg, at)).toBe('muted');
    expect(skipReason({ ...member, notifiedAt: at - NOTIFY_THROTTLE_MS + 1 }, msg, at)).toBe('throttled');
    expect(skipReason({ ...member, notifiedAt: at - NOTIFY_THROTTLE_MS }, msg, at)).toBeNull();
  });
});

describe('template fields', () => {
  it('reads the kind from the key', () => {
    expect(fieldKindOf('thing12')).toBe('thing');
    expect(fieldKindOf('character_string3')).toBe('character_string');
    expect(fieldKindOf('time4')).toBe('time');
    expect(fieldKindOf('thing')).toBeNull();
    expect(fieldKindOf('amount1')).toBeNull();
  });

  it('cuts every value to what its kind accepts, and WeChat’s checks accept the result', () => {
    const long = '这是一条很长很长的消息内容，超过了二十个字的限制，需要截断';
    const samples = ['', '张伟', 'Zhang Wei', '欧阳娜娜Nana', long, '  收到\n\n好的 ', 'ok 123'];
    for (const kind of ['thing', 'name', 'phrase', 'character_string', 'time', 'date'] as const)
      for (const s of samples) {
        const v = fieldValue(kind, s, at);
        expect([kind, s, v, validFieldValue(kind, v)]).toEqual([kind, s, v, true]);
      }
    expect(fieldValue('thing', long, at)).toBe('这是一条很长很长的消息内容，超过了二十…');
    expect([...fieldValue('thing', long, at)]).toHaveLength(20);
    expect(fieldValue('thing', '  收到\n\n好的 ', at)).toBe('收到 好的');
    expect(fieldValue('name', '欧阳娜娜Nana', at)).toBe('欧阳娜娜Nana');
    expect(fieldValue('phrase', '新消息提醒通知', at)).toBe('新消息提醒');
    expect(fieldValue('name', '诸葛亮诸葛亮诸葛亮诸葛亮', at)).toBe('诸葛亮诸葛亮诸葛亮诸');
    expect(chinaTime(at)).toBe('2026年11月30日 10:05');
  });

  it('WeChat refuses values over a kind’s limit', () => {
    expect(validFieldValue('thing', 'x'.repeat(21))).toBe(false);
    expect(validFieldValue('name', '一二三四五六七八九十一')).toBe(false);
    expect(validFieldValue('phrase', '配送中a')).toBe(false);
    expect(validFieldValue('character_string', '订单1')).toBe(false);
    expect(validFieldValue('time', '明天')).toBe(false);
    expect(validFieldValue('time', '15:01')).toBe(true);
    expect(validFieldValue('time', '2019年10月1日 15:01')).toBe(true);
  });

  it('maps roles to a deployment’s keys', () => {
    const fields = parseFields('sender=name1, content=thing2,time=time3,bogus=thing9');
    expect(fields).toEqual({ name1: 'sender', thing2: 'content', time3: 'time' });
    expect(templateData(fields, { chat: '群', sender: '张伟', content: '收到' }, at)).toEqual({
      name1: { value: '张伟' },
      thing2: { value: '收到' },
      time3: { value: '2026年11月30日 10:05' },
    });
  });
});
