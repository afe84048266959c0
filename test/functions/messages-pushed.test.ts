// The chat page renders pushed `messages` documents itself (pages/chat/pushed.ts) and fetched
// ones from the server (services/messageView.ts); both go through miniprogram/shared/messages.ts.
// Here every state a message can be in is produced by the real functions, and the stored
// document, mapped as the phone maps a push, must read exactly as the server's history answers
// it, for the sender and for another member — but for what only the server knows (the sender's
// position and departure from the directory, my own recall deadline).
import { chatFilePath } from '../../cloudfunctions/core/domain/files';
import type { LocalCloud } from '../../localcloud/cloud';
import { RISKY_IMAGE_MARKER } from '../../localcloud/openapi';
import { messageFromDoc, type MessageDocLike } from '../../miniprogram/pages/chat/pushed';
import type { Message } from '../../typings/api';
import { bootstrapAdmin, ok, openCloud, sendFile, sendText, storedDocs } from './helpers';
import { seedConversation, seedPeople, type Person } from './messages-fixture';

let cloud: LocalCloud;
let people: Person[];
beforeEach(async () => {
  cloud = openCloud();
  await bootstrapAdmin(cloud);
  people = await seedPeople(cloud, 3);
  await seedConversation(cloud, { id: 'g1', memberIds: ['e1', 'e2', 'e3'] });
});
afterEach(() => cloud.close());

const history = async (who: Person) =>
  (await ok<{ items: Message[] }>(cloud, 'messages', who.openid, { action: 'history', conversationId: 'g1' }))
    .items;

/** The fields only the server adds: the phone's pushed copy legitimately lacks them. */
function withoutServerOnly(m: Message): Message {
  const { senderPosition: _position, senderDeparted: _departed, recallDeadline: _deadline, ...rest } = m;
  return rest;
}

describe('a pushed message reads as the fetched one', () => {
  it('live text with mentions, file, image, recalled, removed by an admin and flagged by the media check', async () => {
    const [zhang, li] = people;
    await sendText(cloud, zhang, 'g1', '@李娜 看一下', { mentions: ['e2'] });
    await sendFile(cloud, li, 'g1', 'file', '报价单.xlsx');
    const recalled = await sendText(cloud, zhang, 'g1', '发错了');
    await ok(cloud, 'messages', zhang.openid, { action: 'recall', messageId: recalled.id });
    const removed = await sendText(cloud, li, 'g1', '不当言论');
    await ok(cloud, 'admin', 'o_admin', { action: 'deleteMessage', messageId: removed.id });
    const { message: image } = await ok<{ message: Message }>(cloud, 'messages', zhang.openid, {
      action: 'send',
      conversationId: 'g1',
      clientMsgId: 'risky',
      type: 'image',
      fileId: cloud.storage.upload(chatFilePath('g1', zhang.id, 'a.png'), Buffer.from(RISKY_IMAGE_MARKER)),
      fileSize: RISKY_IMAGE_MARKER.length,
    });
    await cloud.deliverMediaVerdicts();

    const docs = storedDocs<MessageDocLike>(cloud, 'messages', { conversationId: 'g1' }).sort(
      (a, b) => a.seq - b.seq,
    );
    expect(docs).toHaveLength(5);
    for (const viewer of [zhang, li]) {
      const fetched = await history(viewer);
      expect(docs.map((d) => messageFromDoc(d, viewer.id))).toEqual(fetched.map(withoutServerOnly));
    }
    // The comparison covered every state, for the sender's own wording too.
    const mine = docs.map((d) => messageFromDoc(d, zhang.id));
    expect(mine[0]).toMatchObject({ text: '@李娜 看一下', mentions: ['e2'] });
    expect(mine[1]).toMatchObject({ type: 'file', fileName: '报价单.xlsx' });
    expect(mine[2]).toMatchObject({ id: recalled.id, recalled: true, notice: '你撤回了一条消息' });
    expect(mine[2].text).toBeUndefined();
    expect(mine[3]).toMatchObject({ id: removed.id, removed: true });
    expect(mine[3].text).toBeUndefined();
    expect(mine[4]).toMatchObject({ id: image.id, removed: true, flagged: true });
    expect(mine[4].fileId).toBeUndefined();
    // What the push lacks: my live message's recall deadline (the send's answer brings it).
    expect((await history(zhang))[0].recallDeadline).toBeGreaterThan(0);
  });
});
