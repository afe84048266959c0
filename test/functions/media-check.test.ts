// Images pass WeChat's asynchronous media check (issue 14): the send queues the check; the verdict
// arrives later as a wxa_media_check event; a risky image is replaced for everyone by a
// placeholder and audited. The local cloud answers "risky" for bytes holding RISKY_IMAGE_MARKER.
import { chatFilePath } from '../../cloudfunctions/core/domain/files';
import type { LocalCloud } from '../../localcloud/cloud';
import { RISKY_IMAGE_MARKER } from '../../localcloud/openapi';
import type { Message } from '../../typings/api';
import { bootstrapAdmin, ok, openCloud } from './helpers';
import { seedConversation, seedPeople, type Person } from './messages-fixture';

let cloud: LocalCloud;
let people: Person[];
beforeEach(async () => {
  cloud = openCloud();
  people = await seedPeople(cloud, 3);
  await seedConversation(cloud, { id: 'g1', memberIds: ['e1', 'e2'] });
});
afterEach(() => cloud.close());

async function sendImage(who: Person, bytes: string, clientMsgId: string): Promise<Message> {
  const fileId = cloud.storage.upload(chatFilePath('g1', who.id, 'a.png'), Buffer.from(bytes));
  const { message } = await ok<{ message: Message }>(cloud, 'messages', who.openid, {
    action: 'send',
    conversationId: 'g1',
    clientMsgId,
    type: 'image',
    fileId,
    fileSize: bytes.length,
  });
  return message;
}
const history = (who: Person) =>
  ok<{ items: Message[] }>(cloud, 'messages', who.openid, { action: 'history', conversationId: 'g1' });

describe('image check', () => {
  it('a clean image stays; a risky one is replaced for everyone and audited', async () => {
    const clean = await sendImage(people[0], 'png bytes', 'c1');
    const risky = await sendImage(people[0], `png ${RISKY_IMAGE_MARKER} bytes`, 'c2');
    expect(cloud.openapi.calls.mediaCheckAsync).toBe(2);
    // Until the verdict arrives both are shown.
    expect((await history(people[1])).items.map((m) => !!m.fileId)).toEqual([true, true]);

    const outcomes = await cloud.deliverMediaVerdicts();
    expect(outcomes).toEqual([
      { ok: true, data: { outcome: 'pass' } },
      { ok: true, data: { outcome: 'risky' } },
    ]);
    const items = (await history(people[1])).items;
    expect(items.find((m) => m.id === clean.id)).toMatchObject({ fileId: clean.fileId });
    const hidden = items.find((m) => m.id === risky.id) as Message;
    expect(hidden).toMatchObject({
      removed: true,
      flagged: true,
      notice: '该图片未通过内容安全检查，已被屏蔽',
    });
    expect(hidden.fileId).toBeUndefined();
    // No link is handed out any more, the open chat pages are told, the list preview follows.
    const links = await ok<{ items: unknown[] }>(cloud, 'messages', people[1].openid, {
      action: 'fileUrls',
      conversationId: 'g1',
      messageIds: [risky.id],
    });
    expect(links.items).toEqual([]);
    const conv = cloud.db.tables.getById('conversations', 'g1') as { lastMessage: { preview: string } };
    // Open chat pages watch the message itself: the stripped document carries the line.
    expect(cloud.db.tables.getById('messages', risky.id)).toMatchObject({
      removed: true,
      notice: '该图片未通过内容安全检查，已被屏蔽',
    });
    expect(conv.lastMessage.preview).toBe('该图片未通过内容安全检查，已被屏蔽');

    await bootstrapAdmin(cloud);
    const audit = await ok<{ items: { action: string; sentence: string }[] }>(cloud, 'admin', 'o_admin', {
      action: 'auditLog',
      auditAction: 'message.imageFlagged',
    });
    expect(audit.items).toHaveLength(1);
    expect(audit.items[0].sentence).toContain(
      `${people[0].name} 发送的图片未通过内容安全检查，已对所有人屏蔽`,
    );
  });

  it('a forged or repeated verdict changes nothing', async () => {
    const image = await sendImage(people[0], 'png bytes', 'c1');
    const forged = await cloud.invoke('messages', people[1].openid, {
      MsgType: 'event',
      Event: 'wxa_media_check',
      trace_id: 'guessed',
      result: { suggest: 'risky', label: 20002 },
    });
    expect(forged).toEqual({ ok: true, data: { outcome: 'unknown' } });
    const [event] = cloud.openapi.takeMediaVerdicts() as { trace_id: string }[];
    const replay = { ...event, result: { suggest: 'risky', label: 20002 } };
    expect(await cloud.invoke('messages', '', { ...event })).toEqual({ ok: true, data: { outcome: 'pass' } });
    expect(await cloud.invoke('messages', '', replay)).toEqual({ ok: true, data: { outcome: 'done' } });
    expect((await history(people[1])).items[0]).toMatchObject({ id: image.id, fileId: image.fileId });
  });

  it('the check failing refuses the send (fail closed) and writes nothing', async () => {
    cloud.openapi.mediaCheckOutage = 45009;
    const fileId = cloud.storage.upload(chatFilePath('g1', 'e1', 'a.png'), Buffer.from('png'));
    const res = await cloud.invoke('messages', people[0].openid, {
      action: 'send',
      conversationId: 'g1',
      clientMsgId: 'x',
      type: 'image',
      fileId,
      fileSize: 3,
    });
    expect(res).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
    expect(cloud.db.tables.count('messages')).toBe(0);
  });
});
