// domain/files: the path of a stored file says which conversation and uploader it belongs to.
import {
  belongsToConversation,
  chatFileOwner,
  chatFilePath,
  chatFileProblems,
  exportFilePath,
  parseFileId,
  rosterFileUploader,
} from '../../cloudfunctions/core/domain/files';
import { isBlank, visibleText } from '../../cloudfunctions/core/domain/text';

const ENV = 'prod-1a2b';
const id = (path: string, env = ENV) => `cloud://${env}.7072-${env}-1250000000/${path}`;

describe('file ids', () => {
  it('parses CloudBase file ids and nothing else', () => {
    expect(parseFileId(id('chat/g1/e1/x.png'))).toEqual({ env: ENV, path: 'chat/g1/e1/x.png' });
    expect(parseFileId('https://evil.example/pixel.png')).toBeNull();
    expect(parseFileId('cloud://nobucket')).toBeNull();
  });

  it('a chat path names conversation and uploader; user text never enters it', () => {
    const path = chatFilePath('g1', 'e1', '工资表（终版）.PDF');
    expect(path).toMatch(/^chat\/g1\/e1\/[0-9a-f]{24}\.pdf$/);
    expect(chatFileOwner(id(path), ENV)).toEqual({ conversationId: 'g1', uploaderId: 'e1' });
    expect(chatFilePath('g1', 'e1', 'no-extension')).toMatch(/^chat\/g1\/e1\/[0-9a-f]{24}$/);
  });

  it.each([
    ['another conversation', id('chat/g2/e1/0123456789ab.pdf'), '只能发送自己在本会话上传的文件'],
    ['another uploader', id('chat/g1/e2/0123456789ab.pdf'), '只能发送自己在本会话上传的文件'],
    ['another environment', id('chat/g1/e1/0123456789ab.pdf', 'test-9z'), '文件无效，请重新上传'],
    ['a traversal', id('chat/g1/e1/../../g2/e4/0123456789ab.pdf'), '文件无效，请重新上传'],
    ['an old free-form name', id('chat/g1/c1-工资表.pdf'), '文件无效，请重新上传'],
    ['an export', id('exports/g1/0123456789ab.xlsx'), '文件无效，请重新上传'],
  ])('refuses %s for a send', (_what, fileId, message) => {
    expect(chatFileProblems(fileId, ENV, { conversationId: 'g1', uploaderId: 'e1' })).toEqual([
      { path: 'fileId', message },
    ]);
  });

  it("a purge takes only files under the group's own folders in this environment", () => {
    expect(belongsToConversation(id('chat/g1/e1/0123456789ab.pdf'), ENV, 'g1')).toBe(true);
    expect(belongsToConversation(id('chat/g1/c1-old-name.pdf'), ENV, 'g1')).toBe(true);
    expect(belongsToConversation(id(exportFilePath('g1')), ENV, 'g1')).toBe(true);
    expect(belongsToConversation(id('chat/g2/e1/0123456789ab.pdf'), ENV, 'g1')).toBe(false);
    expect(belongsToConversation(id('chat/g1/../g2/e1/x.pdf'), ENV, 'g1')).toBe(false);
    expect(belongsToConversation(id('chat/g10/e1/x.pdf'), ENV, 'g1')).toBe(false);
    expect(belongsToConversation(id('chat/g1/e1/x.pdf', 'other'), ENV, 'g1')).toBe(false);
  });

  it('export paths are random, not the time', () => {
    expect(exportFilePath('g1')).toMatch(/^exports\/g1\/[0-9a-f]{24}\.xlsx$/);
    expect(exportFilePath('g1')).not.toBe(exportFilePath('g1'));
  });

  it('roster uploads name their uploader', () => {
    expect(rosterFileUploader(id('roster/e1/0123456789ab.csv'), ENV)).toBe('e1');
    expect(rosterFileUploader(id('roster/0123456789ab.csv'), ENV)).toBeNull();
    expect(rosterFileUploader(id('roster/e1/0123456789ab.exe'), ENV)).toBeNull();
  });
});

describe('visible text', () => {
  it.each(['', '   ', '\u200B\u200B', '\u200C\u200D\u2060\uFEFF', '\u3000\u00A0', '\u202E\u2066', '\u3164'])(
    'treats %j as blank',
    (s) => expect(isBlank(s)).toBe(true),
  );
  it('keeps real text', () => {
    expect(isBlank('\u200B好\u200B')).toBe(false);
    expect(visibleText(' 一 店 ')).toBe('一店');
  });
});
