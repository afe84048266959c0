// Message search through the term index (store/searchTerms.ts): filters by sender, type and date,
// single-character keywords, recall dropping the terms, strict cursors, and reads bounded by the
// page rather than by the messages in scope.
import type { LocalCloud } from '../../localcloud/cloud';
import type { Page, SearchHit } from '../../typings/api';
import { bootstrapAdmin, errorOf, ok, openCloud, seedDocs, sendText, uploadChatFile } from './helpers';
import { seedConversation, seedPeople, type Person } from './messages-fixture';
import { containsKeyword, keywordTerms, termsOf } from '../../cloudfunctions/core/domain/searchTerms';

let cloud: LocalCloud;
let people: Person[];
let now = 1_700_000_000_000;
beforeEach(async () => {
  cloud = openCloud();
  cloud.setClock(() => now);
  people = await seedPeople(cloud, 4);
  await seedConversation(cloud, { id: 'g1', name: '南京路店', memberIds: ['e1', 'e2', 'e3'] });
});
afterEach(() => cloud.close());

const send = (p: Person, text: string) => {
  now += 1000;
  return sendText(cloud, p, 'g1', text);
};
const search = (p: Person, params: Record<string, unknown>) =>
  ok<Page<SearchHit>>(cloud, 'messages', p.openid, { action: 'search', ...params });
const texts = (page: Page<SearchHit>) => page.items.map((h) => h.message.text ?? h.message.fileName);
/** Message entries filed in all postings (store/searchTerms.ts). */
const termRows = () =>
  (cloud.db.tables.scan('search_postings', {}).docs as unknown as { entries: string[] }[]).reduce(
    (n, p) => n + p.entries.length,
    0,
  );

describe('terms', () => {
  it('are single characters and adjacent pairs, folded; keywords use their pairs, non-ASCII first', () => {
    expect(termsOf('Ab 报价')).toEqual(['a', 'ab', 'b', '报', '报价', '价']);
    expect(keywordTerms('q3报价')).toEqual(['3报', '报价', 'q3']);
    expect(keywordTerms('报')).toEqual(['报']);
    expect(containsKeyword('ＡＢＣ报价', 'abc')).toBe(true);
  });
});

describe('search through the index', () => {
  it('finds one-character keywords and filters by sender, type and date range', async () => {
    await send(people[0], '周报已交');
    const from = now + 1;
    await send(people[1], '周报明天交');
    await send(people[0], '今天的周报');
    now += 1000;
    await ok(cloud, 'messages', people[1].openid, {
      action: 'send',
      conversationId: 'g1',
      clientMsgId: 'f1',
      type: 'file',
      fileId: uploadChatFile(cloud, people[1], 'g1', 'w.docx'),
      fileName: '周报模板.docx',
      fileSize: 10,
    });
    const to = now;
    await send(people[1], '周报补充');
    expect(texts(await search(people[2], { keyword: '报' }))).toEqual([
      '周报补充',
      '周报模板.docx',
      '今天的周报',
      '周报明天交',
      '周报已交',
    ]);
    expect(texts(await search(people[2], { keyword: '周报', senderId: 'e1' }))).toEqual([
      '今天的周报',
      '周报已交',
    ]);
    expect(texts(await search(people[2], { keyword: '周报', type: 'file' }))).toEqual(['周报模板.docx']);
    expect(texts(await search(people[2], { type: 'file' }))).toEqual(['周报模板.docx']);
    expect(texts(await search(people[2], { senderId: 'e2', from, to }))).toEqual([
      '周报模板.docx',
      '周报明天交',
    ]);
    expect(texts(await search(people[2], { keyword: '周报', from, to }))).toEqual([
      '周报模板.docx',
      '今天的周报',
      '周报明天交',
    ]);
    expect((await errorOf(cloud, 'messages', people[2].openid, { action: 'search' })).code).toBe(
      'INVALID_ARGUMENT',
    );
    expect(
      (
        await errorOf(cloud, 'messages', people[2].openid, {
          action: 'search',
          keyword: '周报',
          cursor: '12',
        })
      ).code,
    ).toBe('INVALID_ARGUMENT');
  });

  it('drops a recalled message from the index; a hit is re-checked on the message itself', async () => {
    const before = termRows();
    const m = await send(people[0], '会议改到三点');
    expect(termRows()).toBeGreaterThan(before);
    await ok(cloud, 'messages', people[0].openid, { action: 'recall', messageId: m.id });
    expect(termRows()).toBe(before);
    expect((await search(people[1], { keyword: '会议' })).items).toEqual([]);
    // A term shared with the keyword is not a hit: the whole keyword must be in the text.
    await send(people[0], '开会议程');
    expect(texts(await search(people[1], { keyword: '会议改' }))).toEqual([]);
  });

  it('reads rows in proportion to the page, not to the messages in scope', async () => {
    for (let i = 0; i < 60; i++) await send(people[0], `普通消息 ${i}`);
    await send(people[0], '季度报价单');
    for (let i = 0; i < 60; i++) await send(people[1], `普通消息 ${i}`);
    const before = cloud.db.examined;
    const page = await search(people[2], { keyword: '报价单' });
    expect(texts(page)).toEqual(['季度报价单']);
    // Caller, memberships, conversations, one term entry, one message, the sender: a few dozen
    // rows at most, where a scan would read the 121 messages.
    expect(cloud.db.examined - before).toBeLessThan(40);
  });

  it('pages with a key cursor over many hits', async () => {
    for (let i = 0; i < 7; i++) await send(people[0], `日报 ${i}`);
    const p1 = await search(people[1], { keyword: '日报', limit: 4 });
    expect(texts(p1)).toEqual(['日报 6', '日报 5', '日报 4', '日报 3']);
    const p2 = await search(people[1], { keyword: '日报', limit: 4, cursor: p1.nextCursor });
    expect(texts(p2)).toEqual(['日报 2', '日报 1', '日报 0']);
    expect(p2.nextCursor).toBeNull();
  });
});

describe('backfill', () => {
  it('the maintenance run indexes messages stored without terms, once they are a timeout old', async () => {
    await send(people[0], '已索引的通知');
    const old = { _id: 'a'.repeat(32), conversationId: 'g1', seq: 99, type: 'text', senderId: 'e2' };
    await seedDocs(cloud, 'messages', [
      { ...old, clientMsgId: null, text: '旧系统导入的通知', createdAt: now },
    ]);
    expect(texts(await search(people[2], { keyword: '通知' }))).toEqual(['已索引的通知']);
    await cloud.invoke('maintenance', '', { Type: 'Timer', TriggerName: 'maintenance' });
    // Too recent: a send could still be writing its own terms.
    expect(texts(await search(people[2], { keyword: '通知' }))).toEqual(['已索引的通知']);
    now += 60_000;
    await cloud.invoke('maintenance', '', { Type: 'Timer', TriggerName: 'maintenance' });
    expect(texts(await search(people[2], { keyword: '通知' }))).toEqual(['旧系统导入的通知', '已索引的通知']);
    const rows = termRows();
    await cloud.invoke('maintenance', '', { Type: 'Timer', TriggerName: 'maintenance' });
    expect(termRows()).toBe(rows);
  });
});

describe('index coverage', () => {
  it('every query search makes on messages, search_postings, members and conversations is answered by an index', async () => {
    await send(people[0], '周报已交');
    await send(people[1], '明天交周报');
    cloud.db.unindexed.length = 0;
    await search(people[2], { keyword: '周报' });
    await search(people[2], { keyword: '周', conversationId: 'g1' });
    await search(people[2], { keyword: '周报', senderId: 'e1', type: 'file', from: 1, to: now });
    await search(people[2], { senderId: 'e2' });
    await search(people[2], { type: 'image', conversationId: 'g1' });
    const large = /^(messages|search_postings|members|conversations) /;
    expect(cloud.db.unindexed.filter((q) => large.test(q))).toEqual([]);
  });

  it("admin.stats counts on indexes: no query reads the day's messages", async () => {
    await bootstrapAdmin(cloud);
    await send(people[0], '周报已交');
    cloud.db.unindexed.length = 0;
    const examined = cloud.db.examined;
    const stats = await ok<{ messagesToday: number }>(cloud, 'admin', 'o_admin', { action: 'stats' });
    expect(stats.messagesToday).toBeGreaterThanOrEqual(1);
    expect(cloud.db.unindexed.filter((q) => /^(messages|employees|conversations) /.test(q))).toEqual([]);
    // The caller's own records only (binding, employee): the counts read no documents.
    expect(cloud.db.examined - examined).toBeLessThan(5);
  });
});
