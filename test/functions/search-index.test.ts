// Message search through the term index (store/searchTerms.ts): filters by sender, type and date,
// single-character keywords, recall dropping the terms, strict cursors, and reads bounded by the
// page rather than by the messages in scope.
import type { LocalCloud } from '../../localcloud/cloud';
import type { Page, SearchHit } from '../../typings/api';
import { bootstrapAdmin, errorOf, ok, openCloud, seedDocs, sendText, uploadChatFile } from './helpers';
import { seedConversation, seedPeople, type Person } from './messages-fixture';
import { containsKeyword, keywordTerms, termsOf } from '../../cloudfunctions/core/domain/searchTerms';
import { MARGIN_MS } from '../../cloudfunctions/core/store/searchScopes';
import { indexMessage } from '../../cloudfunctions/core/store/searchTerms';
import type { MessageDoc } from '../../cloudfunctions/core/store/documents';

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
/** Every page of a search, followed cursor by cursor (at most 100 pages): the texts in order. */
async function allPages(p: Person, params: Record<string, unknown>): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const page: Page<SearchHit> = await search(p, { ...params, ...(cursor ? { cursor } : {}) });
    // A page never hands back the cursor it was given (the client would page forever).
    if (cursor) expect(page.nextCursor).not.toBe(cursor);
    seen.push(...(texts(page) as string[]));
    cursor = page.nextCursor;
    if (!cursor) return seen;
  }
  throw new Error('more than 100 pages');
}
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

describe('postings (one per term, chat and day)', () => {
  const DAY = 86_400_000;

  it("file a chat's messages of a day together, and page across days and chats newest first", async () => {
    // 12 chats x 3 days: more postings of the term than one read takes, several per day.
    const chats = Array.from({ length: 12 }, (_, i) => `k${i}`);
    for (const id of chats) await seedConversation(cloud, { id, memberIds: ['e1', 'e2', 'e3'] }, now);
    const sent: string[] = [];
    for (let day = 0; day < 3; day++) {
      for (const [i, id] of chats.entries()) {
        for (let j = 0; j < 2; j++) {
          now += 1000;
          const text = `日报 d${day} ${id} ${j}`;
          await sendText(cloud, people[i % 2], id, text);
          sent.push(text);
        }
      }
      now += DAY;
    }
    const postings = cloud.db.tables.scan('search_postings', { term: '日报' }).docs as unknown as {
      entries: string[];
    }[];
    expect(postings).toHaveLength(36);
    expect(postings.every((p) => p.entries.length === 2)).toBe(true);
    expect(await allPages(people[2], { keyword: '日报', limit: 7 })).toEqual([...sent].reverse());
    // The sender rides in the entry: the filter needs no message reads beyond the hits.
    const mine = await search(people[2], { keyword: '日报', senderId: 'e2', limit: 50 });
    expect(texts(mine)).toEqual(sent.filter((_, k) => Math.floor(k / 2) % 2 === 1).reverse());
  });

  it('page newest first when chats speak in turns all day, also after the newest of a posting is recalled', async () => {
    // Round-robin over 5 chats, 3 rounds a day for 2 days: every posting of a day spans the day, so
    // a posting's order (its newest) is not the order of its older entries.
    const chats = Array.from({ length: 5 }, (_, i) => `r${i}`);
    for (const id of chats) await seedConversation(cloud, { id, memberIds: ['e1', 'e2', 'e3'] }, now);
    const sent: { text: string; id: string; at: number }[] = [];
    for (let day = 0; day < 2; day++) {
      for (let round = 0; round < 3; round++)
        for (const id of chats) {
          now += 1000;
          const text = `周报 d${day} r${round} ${id}`;
          sent.push({ text, id: (await sendText(cloud, people[0], id, text)).id, at: now });
        }
      if (day === 0) now += DAY;
    }
    // Recall the newest message (r4's, last day): its posting keeps `newest` as an upper bound.
    await ok(cloud, 'messages', people[0].openid, { action: 'recall', messageId: sent[sent.length - 1].id });
    const expected = sent
      .slice(0, -1)
      .map((m) => m.text)
      .reverse();
    for (const limit of [1, 4, 7, 50])
      expect(await allPages(people[2], { keyword: '周报', limit })).toEqual(expected);
    // A date range across the day boundary, starting and ending inside postings.
    const [from, to] = [sent[3].at, sent[20].at];
    const inRange = sent
      .filter((m) => m.at >= from && m.at <= to)
      .map((m) => m.text)
      .reverse();
    expect(inRange).toHaveLength(18);
    for (const limit of [1, 4, 50])
      expect(await allPages(people[2], { keyword: '周报', limit, from, to })).toEqual(inRange);
  });

  it('reads postings in proportion to the page, not to how many chats used the term that day', async () => {
    const chats = Array.from({ length: 120 }, (_, i) => `w${i}`);
    for (const id of chats) await seedConversation(cloud, { id, memberIds: ['e1', 'e2', 'e3'] }, now);
    for (const id of chats) {
      now += 1000;
      await sendText(cloud, people[0], id, `盘点表 ${id}`);
    }
    // Joins older than the scope document's margin: the search reads none of them again.
    now += MARGIN_MS + 60_000;
    await search(people[2], { keyword: '盘点表', limit: 5 }); // builds the scope document once
    const before = cloud.db.examined;
    const page = await search(people[2], { keyword: '盘点表', limit: 5 });
    expect(texts(page)).toEqual(['盘点表 w119', '盘点表 w118', '盘点表 w117', '盘点表 w116', '盘点表 w115']);
    // One posting per chat, all of one day: a day-ordered read would take all 120 before a hit.
    // Here: the caller, the scope document and its joins, 10 postings, 10 messages, their 10
    // member records and conversations, the sender.
    expect(cloud.db.examined - before).toBeLessThan(60);
  });

  it('a later page whose day has more postings above its cursor than a call reads still moves on', async () => {
    // 80 chats say it twice the same day: on a page deep into the second round, every chat whose
    // second message came after the cursor has its posting's newest above it (up to 80, more than
    // a call of limit 5 reads on its budget).
    const chats = Array.from({ length: 80 }, (_, i) => `v${String(i).padStart(2, '0')}`);
    for (const id of chats) await seedConversation(cloud, { id, memberIds: ['e1', 'e2', 'e3'] }, now);
    const sent: string[] = [];
    for (const round of [1, 2])
      for (const id of chats) {
        now += 1000;
        const text = `巡店 ${round} ${id}`;
        await sendText(cloud, people[0], id, text);
        sent.push(text);
      }
    expect(await allPages(people[2], { keyword: '巡店', limit: 5 })).toEqual([...sent].reverse());
  });

  it('filing a message: one request when every posting exists, two when none does; a retry adds nothing', async () => {
    const message = (n: number, text: string): MessageDoc => ({
      _id: n.toString(16).padStart(32, '0'),
      conversationId: 'g1',
      seq: n,
      type: 'text',
      senderId: 'e1',
      clientMsgId: null,
      text,
      createdAt: now + n,
    });
    const requestsOf = async (m: MessageDoc) => {
      if (!cloud.db.tables.getById('messages', m._id)) await seedDocs(cloud, 'messages', [m]);
      const before = cloud.totals.requests;
      await cloud.runAs('seed', () => indexMessage(m));
      return cloud.totals.requests - before;
    };
    expect(await requestsOf(message(1, '门店日报'))).toBe(2); // nothing exists: update, create
    expect(await requestsOf(message(2, '门店日报'))).toBe(1); // all exist: the update alone
    expect(await requestsOf(message(3, '门店周报'))).toBe(3); // some exist: update, which, create
    await requestsOf(message(2, '门店日报')); // a retry
    const entries = cloud.db.tables.scan('search_postings', { term: '门店' }).docs[0].entries as string[];
    expect(entries).toHaveLength(3);
    expect(await allPages(people[1], { keyword: '报' })).toEqual(['门店周报', '门店日报', '门店日报']);
  });

  it('postings written before `newest` existed are refiled by the backfill', async () => {
    await send(people[0], '季度盘点');
    for (const p of cloud.db.tables.scan('search_postings', {}).docs) {
      const { newest: _, ...old } = p as { newest?: string };
      cloud.db.tables.put('search_postings', old as typeof p);
    }
    expect(texts(await search(people[1], { keyword: '盘点' }))).toEqual([]);
    now += 60_000;
    await cloud.invoke('maintenance', '', { Type: 'Timer', TriggerName: 'maintenance' });
    expect(texts(await search(people[1], { keyword: '盘点' }))).toEqual(['季度盘点']);
  });

  it('a message left out of some postings (a send killed while filing it) is filed again by the backfill', async () => {
    const m = await send(people[0], '季度盘点');
    // As if the send died after creating some postings: one of them lacks the entry.
    const entryOf = (p: { entries: string[] }) => p.entries.find((e) => e.includes(m.id));
    const [posting] = cloud.db.tables.scan('search_postings', { term: '盘点' }).docs as unknown as {
      _id: string;
      entries: string[];
    }[];
    cloud.db.tables.put('search_postings', {
      ...posting,
      entries: posting.entries.filter((e) => !e.includes(m.id)),
    });
    expect(texts(await search(people[1], { keyword: '盘点' }))).toEqual([]);
    now += 60_000;
    await cloud.invoke('maintenance', '', { Type: 'Timer', TriggerName: 'maintenance' });
    expect(texts(await search(people[1], { keyword: '盘点' }))).toEqual(['季度盘点']);
    const again = cloud.db.tables.scan('search_postings', { term: '盘点' }).docs as unknown as {
      entries: string[];
    }[];
    expect(again.map(entryOf).filter(Boolean)).toHaveLength(1);
  });
});

describe('the search scope document', () => {
  const scopeRows = async (p: Person, keyword: string) => {
    const before = cloud.db.examined;
    const page = await search(p, { keyword });
    return { page, rows: cloud.db.examined - before };
  };

  it('learns joins without reading every membership, and forgets chats left', async () => {
    for (let i = 0; i < 40; i++) await seedConversation(cloud, { id: `s${i}`, memberIds: ['e3'] }, now);
    await send(people[0], '开工');
    await scopeRows(people[2], '开工'); // the first search ever builds it from the 41 memberships
    // Joins of the last MARGIN_MS are read again on each search (a record can be written late).
    expect((await scopeRows(people[2], '开工')).rows).toBeGreaterThan(41);
    now += MARGIN_MS;
    await scopeRows(people[2], '开工'); // reads them a last time and moves past them
    const { rows } = await scopeRows(people[2], '开工');
    expect(rows).toBeLessThan(20);
    // Joined later (a member record written now): found at once, still without the 41 rows.
    now += 60_000;
    await seedConversation(cloud, { id: 'late', memberIds: ['e1', 'e3'] }, now);
    await sendText(cloud, people[0], 'late', '新群开工');
    now += 1000;
    const joined = await scopeRows(people[2], '开工');
    expect(texts(joined.page)).toEqual(['新群开工', '开工']);
    expect(joined.rows).toBeLessThan(20);
    // Left: never found again, and dropped from the document.
    cloud.db.tables.delete('members', 'late_e3');
    expect(texts(await search(people[2], { keyword: '开工' }))).toEqual(['开工']);
    const doc = cloud.db.tables.getById('search_scopes', 'e3') as { windows: [string, number][] };
    expect(doc.windows.map(([id]) => id)).not.toContain('late');
  });

  it('a member record written after its joinedAt (a finished reservation) is still learnt', async () => {
    await send(people[0], '开工');
    await search(people[2], { keyword: '开工' });
    now += 5 * 60_000;
    await seedConversation(cloud, { id: 'reserved', memberIds: ['e1', 'e3'] }, now - 4 * 60_000);
    await sendText(cloud, people[0], 'reserved', '预留席位开工');
    now += 1000;
    expect(texts(await search(people[2], { keyword: '开工' }))).toEqual(['预留席位开工', '开工']);
  });
});

describe('backfill', () => {
  it('the maintenance run indexes messages stored without terms, once they are a timeout old', async () => {
    await send(people[0], '已索引的通知');
    const old = { _id: 'a'.repeat(32), conversationId: 'g1', seq: 99, type: 'text', senderId: 'e2' };
    await seedDocs(cloud, 'messages', [
      // A moment before the indexed one (the same millisecond would order them by random id).
      { ...old, clientMsgId: null, text: '旧系统导入的通知', createdAt: now - 1 },
    ]);
    expect(texts(await search(people[2], { keyword: '通知' }))).toEqual(['已索引的通知']);
    await cloud.invoke('maintenance', '', { Type: 'Timer', TriggerName: 'maintenance' });
    // Too recent: a send could still be writing its own terms.
    expect(texts(await search(people[2], { keyword: '通知' }))).toEqual(['已索引的通知']);
    now += 60_000;
    await cloud.invoke('maintenance', '', { Type: 'Timer', TriggerName: 'maintenance' });
    expect(texts(await search(people[2], { keyword: '通知' }))).toEqual(['已索引的通知', '旧系统导入的通知']);
    const rows = termRows();
    await cloud.invoke('maintenance', '', { Type: 'Timer', TriggerName: 'maintenance' });
    expect(termRows()).toBe(rows);
  });
});

describe('backfill throughput', () => {
  it('one maintenance run files batch after batch while it has budget (450 messages, 3 batches)', async () => {
    const stored = Array.from({ length: 450 }, (_, i) => ({
      _id: i.toString(16).padStart(32, '0'),
      conversationId: 'g1',
      seq: 100 + i,
      type: 'text',
      senderId: 'e2',
      clientMsgId: null,
      text: `旧系统导入 ${i}`,
      createdAt: now - 450_000 + i * 1000,
    }));
    await seedDocs(cloud, 'messages', stored);
    now += 60_000;
    await cloud.invoke('maintenance', '', { Type: 'Timer', TriggerName: 'maintenance' });
    expect(await allPages(people[1], { keyword: '旧系统', limit: 50 })).toHaveLength(450);
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
