// Pure message rules, no WeChat: drafts, mute-all, @all, recall window, unread arithmetic.
import { draftProblems, checkMayPost } from '../../cloudfunctions/core/domain/message';
import { checkMentions, normalizeMentions } from '../../cloudfunctions/core/domain/mentions';
import { checkRecall, RECALL_WINDOW_MS } from '../../cloudfunctions/core/domain/recall';
import {
  mentionedAll,
  mentionedMe,
  nextReadSeq,
  unreadCount,
  unreadStart,
} from '../../cloudfunctions/core/domain/unread';

const code = (f: () => unknown) => {
  try {
    f();
    return null;
  } catch (e) {
    return (e as { code: string }).code;
  }
};

describe('draftProblems', () => {
  it('counts characters, not UTF-16 units', () => {
    expect(draftProblems({ type: 'text', text: '😀'.repeat(2000) })).toEqual([]);
    expect(draftProblems({ type: 'text', text: 'a'.repeat(2001) }).map((p) => p.path)).toEqual(['text']);
  });
  it('needs fileId and size for images, plus a name for files', () => {
    expect(draftProblems({ type: 'image', fileId: 'f', fileSize: 1 })).toEqual([]);
    expect(draftProblems({ type: 'file', fileId: 'f', fileSize: 1 }).map((p) => p.path)).toEqual([
      'fileName',
    ]);
  });
});

describe('posting and mentions', () => {
  it.each([
    ['owner', true, null],
    ['admin', true, null],
    ['member', true, 'MUTED'],
    ['member', false, null],
  ] as const)('%s with muteAll=%s → %s', (role, muteAll, expected) => {
    expect(code(() => checkMayPost({ status: 'active', muteAll, role }))).toBe(expected);
  });
  it('@all only for owner/admins in groups', () => {
    expect(code(() => checkMentions('all', 'member', 'group'))).toBe('FORBIDDEN');
    expect(code(() => checkMentions('all', 'admin', 'group'))).toBeNull();
    expect(code(() => checkMentions('all', 'owner', 'direct'))).toBe('FORBIDDEN');
    expect(code(() => checkMentions(['e2'], 'member', 'group'))).toBeNull();
  });
  it('normalizes mention lists', () => {
    expect(normalizeMentions(['a', 'me', 'a', 'b'], 'me')).toEqual(['a', 'b']);
    expect(normalizeMentions(['me'], 'me')).toBeUndefined();
  });
});

describe('recall window', () => {
  const m = { senderId: 'e1', type: 'text', createdAt: 0 };
  it('is 2 minutes inclusive, sender only, idempotent once recalled', () => {
    expect(checkRecall(m, 'e1', RECALL_WINDOW_MS)).toBe(true);
    expect(code(() => checkRecall(m, 'e1', RECALL_WINDOW_MS + 1))).toBe('RECALL_EXPIRED');
    expect(code(() => checkRecall(m, 'e2', 1))).toBe('FORBIDDEN');
    expect(checkRecall({ ...m, recalled: true }, 'e1', 1)).toBe(false);
  });
});

describe('unread', () => {
  const head = { lastSeq: 10, mentionAllSeq: 0, mentionSeqs: { e3: 8 } };
  it('counts from the later of last read and join', () => {
    expect(unreadCount(head, { lastReadSeq: 4, joinedAtSeq: 0 })).toBe(6);
    expect(unreadCount(head, { lastReadSeq: 0, joinedAtSeq: 7 })).toBe(3);
  });
  it('mentions clear once read past them', () => {
    expect(mentionedMe(head, { lastReadSeq: 7, joinedAtSeq: 0 }, 'e3')).toBe(true);
    expect(mentionedMe(head, { lastReadSeq: 8, joinedAtSeq: 0 }, 'e3')).toBe(false);
    expect(mentionedAll({ ...head, mentionAllSeq: 9 }, { lastReadSeq: 8, joinedAtSeq: 0 })).toBe(true);
  });
  it('says where a chat opens: first unread, how many, the unread @ of me or @all', () => {
    expect(unreadStart(head, { lastReadSeq: 4, joinedAtSeq: 0 }, 'e3')).toEqual({
      fromSeq: 5,
      count: 6,
      mentionSeq: 8,
    });
    expect(unreadStart(head, { lastReadSeq: 8, joinedAtSeq: 0 }, 'e3')).toMatchObject({ mentionSeq: 0 });
    expect(
      unreadStart({ ...head, mentionAllSeq: 9 }, { lastReadSeq: 8, joinedAtSeq: 0 }, 'e1'),
    ).toMatchObject({
      mentionSeq: 9,
    });
    expect(unreadStart(head, { lastReadSeq: 10, joinedAtSeq: 0 }, 'e3')).toEqual({
      fromSeq: 0,
      count: 0,
      mentionSeq: 0,
    });
  });
  it('markRead moves forward only, clamped to the end', () => {
    expect(nextReadSeq(5, 3, 10)).toBe(5);
    expect(nextReadSeq(5, 30, 10)).toBe(10);
  });
});
