// The 消息 list's row wording (pure: miniprogram/pages/chats/rows.ts).
import type { ConversationListItem } from '../../typings/api';
import { toRow } from '../../miniprogram/pages/chats/rows';

const NOW = Date.UTC(2026, 10, 30, 4);
const group = (over: Partial<ConversationListItem>): ConversationListItem => ({
  id: 'g1',
  type: 'group',
  name: '华东区店长群',
  memberCount: 5,
  lastMessage: null,
  unread: 0,
  mentionedMe: false,
  mentionedAll: false,
  updatedAt: NOW,
  hasAnnouncement: false,
  muteAll: false,
  pinned: false,
  muted: false,
  ...over,
});
const message = (preview: string, over: Partial<NonNullable<ConversationListItem['lastMessage']>> = {}) => ({
  id: 'm1',
  seq: 3,
  type: 'text' as const,
  senderId: 'e2',
  senderName: '张伟',
  preview,
  createdAt: NOW,
  ...over,
});

test('[公告] marks the announcement line itself, not the messages after it', () => {
  const posted = toRow(
    group({
      hasAnnouncement: true,
      lastMessage: message('李娜 发布了群公告：周五盘点', {
        type: 'system',
        senderId: null,
        senderName: '',
        announcement: '周五盘点',
      }),
    }),
    'e1',
    NOW,
  );
  expect(posted).toMatchObject({ notice: true, preview: '周五盘点' });
  const later = toRow(group({ hasAnnouncement: true, lastMessage: message('收到') }), 'e1', NOW);
  expect(later).toMatchObject({ notice: false, preview: '张伟: 收到' });
});

test('a recalled or removed message reads as its status line, without the sender prefix', () => {
  // The server words it (你撤回了一条消息 for my own, domain/preview.ts) and marks it with `state`.
  const mine = toRow(
    group({ lastMessage: message('你撤回了一条消息', { senderId: 'e1', state: 'recalled' }) }),
    'e1',
    NOW,
  );
  expect(mine.preview).toBe('你撤回了一条消息');
  const theirs = toRow(
    group({ lastMessage: message('张伟撤回了一条消息', { state: 'recalled' }) }),
    'e1',
    NOW,
  );
  expect(theirs.preview).toBe('张伟撤回了一条消息');
  const removed = toRow(
    group({ lastMessage: message('该消息已被管理员删除', { state: 'removed' }) }),
    'e1',
    NOW,
  );
  expect(removed.preview).toBe('该消息已被管理员删除');
  // A message that merely says the words is not a status line.
  const quoted = toRow(group({ lastMessage: message('他说张伟撤回了一条消息') }), 'e1', NOW);
  expect(quoted.preview).toBe('张伟: 他说张伟撤回了一条消息');
});
