// Files belong to a conversation (issue 14): a send carries only a file the caller uploaded for
// that conversation in this environment; links are handed out after a membership check; a purge
// deletes only the purged group's own files. Every refusal is INVALID_ARGUMENT with nothing written.
import type { LocalCloud } from '../../localcloud/cloud';
import { LOCAL_BUCKET_PREFIX } from '../../localcloud/storage';
import { bootstrapAdmin, errorOf, ok, openCloud, seedDocs, sendFile, uploadChatFile } from './helpers';
import { seedConversation, seedPeople, type Person } from './messages-fixture';

let cloud: LocalCloud;
let people: Person[];
beforeEach(async () => {
  cloud = openCloud();
  people = await seedPeople(cloud, 4);
  // g1: e1, e2, e3; g2: e1, e4 (e1 is in both, as the probe's attacker was)
  await seedConversation(cloud, { id: 'g1', memberIds: ['e1', 'e2', 'e3'] });
  await seedConversation(cloud, { id: 'g2', memberIds: ['e4', 'e1'] });
});
afterEach(() => cloud.close());

const messageCount = () => cloud.db.tables.count('messages');
const sendError = (who: Person, conversationId: string, fileId: string, type: 'image' | 'file' = 'file') =>
  errorOf(cloud, 'messages', who.openid, {
    action: 'send',
    conversationId,
    clientMsgId: `c${Math.random()}`,
    type,
    fileId,
    fileName: '工资表.pdf',
    fileSize: 10,
  });

describe("messages.send accepts only the caller's own upload for this conversation", () => {
  it('accepts a file uploaded by the caller under chat/<conversation>/<caller>/', async () => {
    const m = await sendFile(cloud, people[1], 'g1', 'file', '排班表.xlsx');
    expect(m.fileId).toMatch(/^cloud:\/\/local\.tongshi-local\/chat\/g1\/e2\/[0-9a-f]{24}\.xlsx$/);
  });

  it.each([
    ["another group's file (G2 → G1)", () => uploadChatFile(cloud, people[3], 'g2', '工资表.pdf')],
    ["the caller's own upload for another group", () => uploadChatFile(cloud, people[0], 'g2', 'a.pdf')],
    ["another member's upload in the same group", () => uploadChatFile(cloud, people[1], 'g1', 'a.pdf')],
    ['an external URL', () => 'https://evil.example/pixel.png?who=all'],
    ['a path escaping the bucket', () => `${LOCAL_BUCKET_PREFIX}../../cloudbase.sqlite`],
    ['a traversal inside the chat folder', () => `${LOCAL_BUCKET_PREFIX}chat/g1/e1/../../g2/e4/abcdefgh.pdf`],
    ['another environment', () => 'cloud://prod-1a2b.7072-prod-1a2b-1250000000/chat/g1/e1/abcdef123456.pdf'],
    ['a history export', () => `${LOCAL_BUCKET_PREFIX}exports/g1/1700000000000.xlsx`],
    ['a roster upload', () => `${LOCAL_BUCKET_PREFIX}roster/e1/abcdef123456.csv`],
    ['junk', () => 'not-a-file-id'],
  ])('refuses %s with INVALID_ARGUMENT and writes nothing', async (_what, fileIdOf) => {
    const fileId = fileIdOf();
    for (const type of ['file', 'image'] as const) {
      const error = await sendError(people[0], 'g1', fileId, type);
      expect(error.code).toBe('INVALID_ARGUMENT');
      expect(error.details).toMatchObject({ fields: [{ path: 'fileId' }] });
    }
    expect(messageCount()).toBe(0);
    expect(cloud.db.tables.getById('conversations', 'g1')).toMatchObject({ lastSeq: 0 });
  });

  it('a stranger learns nothing: a non-member gets FORBIDDEN before the file is looked at', async () => {
    const fileId = uploadChatFile(cloud, people[3], 'g2', 'a.pdf');
    expect((await sendError(people[3], 'g1', fileId)).code).toBe('FORBIDDEN');
  });
});

describe('messages.fileUrls hands out short-lived links after the membership check', () => {
  it('a member gets a link that works; a non-member gets FORBIDDEN', async () => {
    const m = await sendFile(cloud, people[0], 'g1', 'image', 'a.png');
    const { items } = await ok<{ items: { messageId: string; tempFileURL: string; expiresAt: number }[] }>(
      cloud,
      'messages',
      people[2].openid,
      { action: 'fileUrls', conversationId: 'g1', messageIds: [m.id] },
    );
    expect(items).toEqual([
      { messageId: m.id, tempFileURL: expect.stringContaining('sign='), expiresAt: expect.any(Number) },
    ]);
    expect(items[0].expiresAt - Date.now()).toBeLessThanOrEqual(30 * 60 * 1000 + 1000);
    const outsider = await errorOf(cloud, 'messages', people[3].openid, {
      action: 'fileUrls',
      conversationId: 'g1',
      messageIds: [m.id],
    });
    expect(outsider.code).toBe('FORBIDDEN');
  });

  it('names only messages of that conversation the caller may see', async () => {
    const other = await sendFile(cloud, people[3], 'g2', 'file', '工资表.pdf');
    const recalled = await sendFile(cloud, people[0], 'g1', 'file', 'b.pdf');
    await ok(cloud, 'messages', people[0].openid, { action: 'recall', messageId: recalled.id });
    const { items } = await ok<{ items: unknown[] }>(cloud, 'messages', people[1].openid, {
      action: 'fileUrls',
      conversationId: 'g1',
      messageIds: [other.id, recalled.id],
    });
    expect(items).toEqual([]);
  });
});

describe("a purge deletes only the purged group's files", () => {
  it("deleting a group holding a forged reference leaves the other group's file alone", async () => {
    await bootstrapAdmin(cloud);
    const own = await sendFile(cloud, people[0], 'g1', 'file', '周报.pdf');
    const victim = await sendFile(cloud, people[3], 'g2', 'file', '工资表.pdf');
    // A forged reference stored before sends were checked: a g1 message naming g2's file.
    await seedDocs(cloud, 'messages', [
      {
        _id: 'forged',
        conversationId: 'g1',
        seq: 99,
        type: 'file',
        senderId: 'e1',
        fileId: victim.fileId,
        fileName: '工资表.pdf',
        fileSize: 10,
        createdAt: Date.now(),
      },
    ]);
    const summary = await ok<{ files: number }>(cloud, 'admin', 'o_admin', {
      action: 'deleteGroup',
      conversationId: 'g1',
    });
    expect(summary).toMatchObject({ files: 1 });
    expect(cloud.storage.exists(own.fileId as string)).toBe(false);
    expect(cloud.storage.exists(victim.fileId as string)).toBe(true);
  });
});
