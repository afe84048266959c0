// Back-office rules without WeChat: status changes, removal, China-time days and export rows.
import {
  checkDeletable,
  checkRemovable,
  checkStatusChange,
  exportRow,
  formatChinaTime,
  startOfChinaDay,
  stripContent,
} from '../../cloudfunctions/core/domain/backoffice';

const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
    return undefined;
  } catch (e) {
    return (e as { code?: string }).code;
  }
};

describe('checkStatusChange', () => {
  it.each([
    ['active', 'disabled', 'apply'],
    ['disabled', 'active', 'apply'],
    ['disabled', 'disabled', 'noop'],
    ['active', 'active', 'noop'],
  ] as const)('%s → %s is %s', (status, target, expected) => {
    expect(checkStatusChange({ type: 'group', status }, target)).toBe(expected);
  });
  it('refuses dissolved groups and direct chats', () => {
    expect(codeOf(() => checkStatusChange({ type: 'group', status: 'dissolved' }, 'active'))).toBe(
      'GROUP_DISSOLVED',
    );
    expect(codeOf(() => checkStatusChange({ type: 'direct', status: 'active' }, 'disabled'))).toBe(
      'INVALID_ARGUMENT',
    );
    expect(codeOf(() => checkDeletable({ type: 'direct', status: 'active' }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => checkDeletable({ type: 'group', status: 'dissolved' }))).toBeUndefined();
  });
});

describe('message removal', () => {
  it('refuses system lines and strips every content field', () => {
    expect(codeOf(() => checkRemovable({ type: 'system' }))).toBe('INVALID_ARGUMENT');
    const stripped = stripContent({
      _id: 'm',
      seq: 3,
      type: 'file',
      text: 'x',
      fileId: 'f',
      fileName: 'a.pdf',
      fileSize: 1,
      mentions: ['e1'],
      recalled: true,
    });
    expect(stripped).toEqual({ _id: 'm', seq: 3, type: 'file', recalled: true });
  });
});

describe('China time', () => {
  it('starts the day at 00:00 UTC+8', () => {
    const t = Date.UTC(2026, 10, 24, 17, 30); // 2026-11-25 01:30 in China
    expect(startOfChinaDay(t)).toBe(Date.UTC(2026, 10, 24, 16, 0));
    expect(formatChinaTime(t)).toBe('2026-11-25 01:30:00');
  });
});

describe('exportRow', () => {
  const at = Date.UTC(2026, 10, 25, 5, 5, 9);
  const who = { name: '张伟', department: '门店/一店' };
  it.each([
    [{ type: 'text', text: '收到' }, undefined, ['文字', '收到']],
    [{ type: 'image', fileId: 'cloud://a.jpg' }, 'https://tmp/a.jpg', ['图片', 'https://tmp/a.jpg']],
    [{ type: 'image', fileId: 'cloud://a.jpg' }, undefined, ['图片', 'cloud://a.jpg']],
    [{ type: 'file', fileId: 'cloud://b', fileName: '报价单.xlsx' }, undefined, ['文件', '报价单.xlsx']],
    [{ type: 'text', text: '发错了', recalled: true }, undefined, ['文字', '[已撤回] 发错了']],
    [{ type: 'text', removed: true }, undefined, ['文字', '[已删除]']],
    [{ type: 'file', fileName: '违规.pdf', recalled: true, removed: true }, undefined, ['文件', '[已删除]']],
  ] as const)('%j', (m, url, [type, content]) => {
    expect(exportRow({ ...m, createdAt: at }, who, url)).toEqual([
      '2026-11-25 13:05:09',
      '张伟',
      '门店/一店',
      type,
      content,
    ]);
  });
});
