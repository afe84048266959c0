// Subscription messages through the local cloud: sends mark messages, the notify function's
// timer trigger delivers them through the emulated subscribeMessage.send, and the emulator's
// 服务通知 (cloud.openapi.subscriptions) is what a phone would show.
import { clock } from '../../cloudfunctions/core/platform/clock';
import { countSentMessage } from '../../cloudfunctions/core/store/messageCounts';
import type { LocalCloud } from '../../localcloud/cloud';
import { LOCAL_MESSAGE_TEMPLATE } from '../../localcloud/subscribeMessage';
import { validFieldValue } from '../../localcloud/subscribeMessage';
import { fieldKindOf, NOTIFY_MAX_AGE_MS, NOTIFY_THROTTLE_MS } from '../../cloudfunctions/core/domain/notify';
import { main as notifyMain } from '../../cloudfunctions/notify/index';
import { db } from '../../cloudfunctions/core/platform/cloud';
import { buildEmployee } from '../../cloudfunctions/core/domain/employee';
import { errorOf, ok, openCloud, seedDocs, sendText, storedDocs } from './helpers';
import { seedConversation, seedPeople, type Person } from './messages-fixture';

const T = LOCAL_MESSAGE_TEMPLATE;
const DELAY = 60_000;

let cloud: LocalCloud;
let people: Person[];
let now: number;
let a: Person;
let b: Person;

beforeEach(async () => {
  process.env.TONGSHI_NOTIFY_DELAY_MS = String(DELAY);
  cloud = openCloud();
  now = Date.UTC(2026, 10, 30, 2, 0, 0);
  cloud.setClock(() => now);
  people = await seedPeople(cloud, 6, now);
  [a, b] = people;
  await seedConversation(cloud, { id: 'dm', type: 'direct', memberIds: [a.id, b.id] }, now);
  await seedConversation(cloud, { id: 'g', name: '中心店早班', memberIds: people.map((p) => p.id) }, now);
});

afterEach(() => {
  cloud.close();
  delete process.env.TONGSHI_NOTIFY_DELAY_MS;
});

/** Bound employees e<from>..e<to> (openids o_e…) next to the six of beforeEach. */
async function seedMorePeople(from: number, to: number) {
  const employees = [];
  const bindings = [];
  for (let i = from; i <= to; i++) {
    const e = buildEmployee(
      {
        id: `e${i}`,
        name: `员工${i}`,
        mobile: `137${String(i).padStart(8, '0')}`,
        position: '导购',
        openid: `o_e${i}`,
      },
      now,
    );
    employees.push(e);
    bindings.push({ _id: `o_e${i}`, employeeId: `e${i}`, boundAt: now, via: 'invite' });
  }
  await seedDocs(cloud, 'employees', employees);
  await seedDocs(cloud, 'bindings', bindings);
}

/** The user taps 允许 n times: WeChat's side gains n sends, and the client reports each. */
async function subscribe(who: Person, n = 1): Promise<number> {
  let credits = 0;
  for (let i = 0; i < n; i++) {
    cloud.openapi.subscriptions.grant(who.openid, [T]);
    credits = (
      await ok<{ credits: Record<string, number> }>(cloud, 'directory', who.openid, {
        action: 'subscribe',
        templateIds: [T],
      })
    ).credits[T];
  }
  return credits;
}

/** Time passes by `ms`, then the timer trigger fires once. */
async function tick(ms = DELAY + 1000) {
  now += ms;
  const { result } = await cloud.trigger('notify');
  if (!result.ok) throw new Error(JSON.stringify(result));
  return result.data as { messages: number; sent: number; failed: number; noCredit: number };
}

const inbox = (who: Person) => cloud.openapi.subscriptions.deliveriesTo(who.openid);
const ledger = async (who: Person) =>
  (
    await ok<{ credits: Record<string, number> }>(cloud, 'directory', who.openid, {
      action: 'subscribe',
      templateIds: [],
    })
  ).credits[T];

describe('subscription messages', () => {
  it('a direct message to an absent member with a credit yields exactly one card that opens that chat at the message', async () => {
    await subscribe(b, 2);
    const m = await sendText(cloud, a, 'dm', '明天早班 7 点到店，记得带上盘点表和钥匙，谢谢');
    expect((await tick()).sent).toBe(1);
    await tick();
    const cards = inbox(b);
    expect(cards).toHaveLength(1);
    expect(cards[0].templateId).toBe(T);
    expect(cards[0].page).toBe(`pages/chat/index?id=dm&seq=${m.seq}`);
    // Every field valid for its kind, the text cut to the thing limit.
    for (const [key, { value }] of Object.entries(cards[0].data))
      expect(validFieldValue(fieldKindOf(key) ?? 'thing', value)).toBe(true);
    expect(cards[0].data.thing2.value).toBe(a.name);
    expect(cards[0].data.thing3.value).toBe('明天早班 7 点到店，记得带上盘点表和…');
    expect(cards[0].data.time4.value).toBe('2026年11月30日 10:00');
    expect(await ledger(b)).toBe(1);
    expect(cloud.openapi.subscriptions.creditsOf(b.openid, T)).toBe(1);
    expect(inbox(a)).toHaveLength(0);
  });

  it('waits the delay: nothing before it, and nothing when the member read the message in time', async () => {
    await subscribe(b, 3);
    const m = await sendText(cloud, a, 'dm', '在吗');
    expect((await tick(10_000)).messages).toBe(0);
    await ok(cloud, 'messages', b.openid, { action: 'markRead', conversationId: 'dm', seq: m.seq });
    await tick();
    expect(inbox(b)).toHaveLength(0);
    expect(await ledger(b)).toBe(3);
    // The marker is gone once the message was looked at: later ticks do not revisit it.
    expect(storedDocs(cloud, 'messages', { _id: m.id })[0]).not.toHaveProperty('notifyAt');
  });

  it('sends nothing when the chat is muted, without a credit, for a departed member, or for plain group chatter', async () => {
    await subscribe(b, 3);
    await ok(cloud, 'groups', b.openid, { action: 'setPrefs', conversationId: 'dm', muted: true });
    await sendText(cloud, a, 'dm', '免打扰的单聊');
    await sendText(cloud, a, 'g', '普通群消息');
    // No credit: people[2] is @-mentioned but never subscribed.
    await sendText(cloud, a, 'g', '请看一下', { mentions: [people[2].id] });
    await tick();
    expect(inbox(b)).toHaveLength(0);
    expect(inbox(people[2])).toHaveLength(0);
    expect(await ledger(b)).toBe(3);

    // Departed: still in the direct chat, status departed, has a credit.
    await subscribe(people[4]);
    await seedConversation(cloud, { id: 'dm4', type: 'direct', memberIds: [a.id, people[4].id] }, now);
    await sendText(cloud, a, 'dm4', '离职前的消息');
    await cloud.runAs('seed', async () => {
      await db()
        .collection('employees')
        .doc(people[4].id)
        .update({ data: { status: 'departed', rosterStatus: 'departed' } });
    });
    await tick();
    expect(inbox(people[4])).toHaveLength(0);
  });

  it('notifies an @ of me, @all and a new announcement, never the sender, never in a disabled group', async () => {
    for (const p of people) await subscribe(p, 3);
    await sendText(cloud, people[1], 'g', '店长看一下', { mentions: [a.id] });
    await tick();
    expect(inbox(a)).toHaveLength(1);
    expect(inbox(a)[0].data.thing1.value).toBe('中心店早班');
    expect(inbox(a)[0].data.thing3.value).toBe('[有人@我] 店长看一下');
    expect(people.slice(1).every((p) => inbox(p).length === 0)).toBe(true);

    await sendText(cloud, a, 'g', '全体注意', { mentions: 'all' });
    await tick();
    expect(inbox(a)).toHaveLength(1);
    for (const p of people.slice(1))
      expect(inbox(p).map((d) => d.data.thing3.value)).toEqual(['[@所有人] 全体注意']);

    now += NOTIFY_THROTTLE_MS;
    await ok(cloud, 'groups', a.openid, { action: 'update', conversationId: 'g', announcement: '周六盘点' });
    await tick();
    expect(inbox(a)).toHaveLength(1);
    for (const p of people.slice(1))
      expect(inbox(p)[inbox(p).length - 1].data.thing3.value).toBe('[群公告] 周六盘点');

    now += NOTIFY_THROTTLE_MS;
    await sendText(cloud, people[1], 'g', '禁用前', { mentions: [a.id] });
    await cloud.runAs('seed', async () => {
      await db()
        .collection('conversations')
        .doc('g')
        .update({ data: { status: 'disabled' } });
    });
    await tick();
    expect(inbox(a)).toHaveLength(1);
  });

  it('drops messages that waited past half an hour (the function was down) and recalled ones', async () => {
    await subscribe(b, 3);
    await sendText(cloud, a, 'dm', '很久以前');
    now += NOTIFY_MAX_AGE_MS + 1;
    await tick(0);
    const recalled = await sendText(cloud, a, 'dm', '发错了');
    await ok(cloud, 'messages', a.openid, { action: 'recall', messageId: recalled.id });
    await tick();
    expect(inbox(b)).toHaveLength(0);
    expect(await ledger(b)).toBe(3);
  });

  it('sends at most one card per chat per member in five minutes', async () => {
    await subscribe(b, 5);
    await sendText(cloud, a, 'dm', '第一条');
    await sendText(cloud, a, 'dm', '第二条');
    await tick();
    now += 60_000;
    await sendText(cloud, a, 'dm', '第三条');
    await tick();
    expect(inbox(b).map((d) => d.data.thing3.value)).toEqual(['第一条']);
    now += NOTIFY_THROTTLE_MS;
    await sendText(cloud, a, 'dm', '第四条');
    await tick();
    expect(inbox(b).map((d) => d.data.thing3.value)).toEqual(['第一条', '第四条']);
    expect(await ledger(b)).toBe(3);
  });

  it('@all in a 1,000-member group costs the sender what a plain message costs, and reaches every eligible member once', async () => {
    await seedMorePeople(7, 1000);
    const everyone = Array.from({ length: 1000 }, (_, i) => `e${i + 1}`);
    await seedConversation(cloud, { id: 'big', name: '全员群', memberIds: everyone }, now);
    await seedConversation(cloud, { id: 'two', name: '两人', memberIds: ['e1', 'e2'] }, now);
    // Credits for two thirds; every fifth member muted the group; the rest did nothing.
    const eligible = new Set<string>();
    const ledgerDocs: object[] = [];
    for (let i = 2; i <= 1000; i++) {
      const id = `e${i}`;
      if (i % 3 === 0) continue;
      ledgerDocs.push({ _id: `${id}_${T}`, employeeId: id, templateId: T, credits: 1, updatedAt: now });
      cloud.openapi.subscriptions.grant(`o_${id}`, [T]);
      if (i % 5 !== 0) eligible.add(`o_${id}`);
    }
    await seedDocs(cloud, 'subscriptions', ledgerDocs);
    await cloud.runAs('seed', async () => {
      const _ = db().command;
      await db()
        .collection('members')
        .where({
          conversationId: 'big',
          joinSeq: _.in(everyone.map((_id, i) => i + 1).filter((n) => n % 5 === 0)),
        })
        .update({ data: { muted: true } });
    });

    const cost = async (conversationId: string, extra: object) =>
      (
        await cloud.call('messages', 'o_e1', {
          action: 'send',
          conversationId,
          clientMsgId: `cost-${conversationId}`,
          type: 'text',
          text: '盘点通知',
          ...extra,
        })
      ).ops;
    // The first send of an hour also creates admin.stats' hour counter: create it beforehand.
    await cloud.runAs('seed', () => countSentMessage(clock.now()));
    const plain = await cost('two', {});
    const all = await cost('big', { mentions: 'all' });
    // Constant in the group size: @all adds one multi-document update of the members' list rows
    // (their mentionAllSeq, store/memberHeads.ts), whatever the number of members.
    expect(all).toEqual({ ...plain, requests: plain.requests + 1, writes: plain.writes + 1 });

    const report = await tick();
    expect(report.sent).toBe(eligible.size);
    expect(report.failed).toBe(0);
    await tick();
    const delivered = cloud.openapi.subscriptions.deliveries.filter((d) =>
      d.page.startsWith('pages/chat/index?id=big'),
    );
    expect(delivered).toHaveLength(eligible.size);
    expect(new Set(delivered.map((d) => d.openid))).toEqual(eligible);
  });

  it('never takes credits below zero under concurrent sends and dispatches', async () => {
    await subscribe(b, 2);
    const groups = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6'];
    for (const id of groups) await seedConversation(cloud, { id, memberIds: [a.id, b.id] }, now);
    await Promise.all(groups.map((id) => sendText(cloud, a, id, `@你 ${id}`, { mentions: [b.id] })));
    now += DELAY + 1000;
    const reports = await Promise.all([1, 2, 3].map(() => cloud.trigger('notify')));
    const sent = reports.reduce((s, r) => s + ((r.result as { data: { sent: number } }).data.sent ?? 0), 0);
    expect(sent).toBe(2);
    expect(inbox(b)).toHaveLength(2);
    expect(await ledger(b)).toBe(0);
    expect(cloud.openapi.subscriptions.creditsOf(b.openid, T)).toBe(0);
    // Concurrent spends straight on the ledger: never more successes than credits.
    await subscribe(b, 3);
    const { spendCredit } = await import('../../cloudfunctions/core/store/notifications');
    const spent = await cloud.runAs('seed', () =>
      Promise.all(Array.from({ length: 20 }, () => spendCredit(b.id, T, now))),
    );
    expect(spent.filter(Boolean)).toHaveLength(3);
    expect(await ledger(b)).toBe(0);
  });

  it('records failures with WeChat errcodes and never retries them', async () => {
    await subscribe(b, 2);
    cloud.openapi.subscriptions.outage = 45009;
    const m1 = await sendText(cloud, a, 'dm', '配额用完时');
    await tick();
    cloud.openapi.subscriptions.outage = null;
    await tick();
    expect(inbox(b)).toHaveLength(0);
    const [failed] = storedDocs<{ status: string; errCode: number }>(cloud, 'notifications', {
      messageId: m1.id,
    });
    expect(failed).toMatchObject({ status: 'failed', errCode: 45009 });
    // Nothing was delivered, so the credit is given back.
    expect(await ledger(b)).toBe(2);

    // The ledger says 1 but WeChat has none left (the user never really accepted): 43101 clears it.
    now += NOTIFY_THROTTLE_MS;
    await ok(cloud, 'directory', people[2].openid, { action: 'subscribe', templateIds: [T] });
    await seedConversation(cloud, { id: 'dm2', type: 'direct', memberIds: [a.id, people[2].id] }, now);
    const m2 = await sendText(cloud, a, 'dm2', '没有真正订阅');
    await tick();
    expect(storedDocs(cloud, 'notifications', { messageId: m2.id })[0]).toMatchObject({
      status: 'failed',
      errCode: 43101,
    });
    expect(await ledger(people[2])).toBe(0);
  });

  it('the notify function runs only from its timer trigger', async () => {
    const fromClient = await cloud.runAs(a.openid, () => notifyMain({ Type: 'Timer' }));
    expect(fromClient).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const notTimer = await cloud.runAs('', () => notifyMain({ action: 'dispatch' }));
    expect(notTimer).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('directory.subscribe', () => {
  it('adds one credit per accepted known template, ignores unknown ids, reads with an empty list', async () => {
    const me = await ok<{ subscribeTemplateIds: string[] }>(cloud, 'directory', a.openid, { action: 'me' });
    expect(me.subscribeTemplateIds).toEqual([T]);
    expect(await ledger(a)).toBe(0);
    const res = await ok<{ credits: Record<string, number> }>(cloud, 'directory', a.openid, {
      action: 'subscribe',
      templateIds: [T, T, 'someone-elses-template'],
    });
    expect(res.credits).toEqual({ [T]: 1 });
    await Promise.all(
      [1, 2, 3, 4].map(() => ok(cloud, 'directory', a.openid, { action: 'subscribe', templateIds: [T] })),
    );
    expect(await ledger(a)).toBe(5);
    expect(
      (await errorOf(cloud, 'directory', a.openid, { action: 'subscribe', templateIds: 'x' })).code,
    ).toBe('INVALID_ARGUMENT');
    expect(
      (await errorOf(cloud, 'directory', a.openid, { action: 'subscribe', templateIds: Array(6).fill(T) }))
        .code,
    ).toBe('INVALID_ARGUMENT');
  });
});
