// Search (爬楼) and the address book at company scale (issue 15). For each size — employees and
// messages — a company is generated straight into the local engine's tables (departments, one
// department of 1,000, employees with pinyin, 2,000 conversations of which the caller is in 300,
// messages filed in their search postings as store/searchTerms.ts writes them), then each operation is
// called through the real cloud functions and measured: median ms, database requests of the call
// and rows the engine examined (LocalDatabase.examined: rows SQLite handed back after index
// narrowing). Sizes: BENCH_SCALE="employees:messages,…" (default below). Generation is the slow
// part: rows go straight into SQLite with one prepared INSERT inside transactions of 20,000
// messages (postings: one day at a time, messages are generated in time order), indexes built
// after. The data directory is under BENCH_TMP (default the OS temp dir) and deleted after.
// The address-book index (directory_keys), department counts and hourly message counters are
// generated as store/directoryIndex.ts and store/messageCounts.ts write them.
import fs from 'fs';
import os from 'os';
import path from 'path';
import { LocalCloud } from '../localcloud/cloud';
import type { OpCounts } from '../localcloud/context';
import { prng } from '../localcloud/seed/names';
import { buildEmployee } from '../cloudfunctions/core/domain/employee';
import type { MessageDoc } from '../cloudfunctions/core/store/documents';
import { COLLECTIONS } from '../cloudfunctions/core/store/collections';
import { filingOf, type PostingDoc } from '../cloudfunctions/core/store/searchTerms';
import { keyDocsOf } from '../cloudfunctions/core/store/directoryIndex';
import { startOfChinaDay } from '../cloudfunctions/core/domain/backoffice';
import type { FunctionName } from '../typings/api';
import { median } from './stats';

const SIZES = (process.env.BENCH_SCALE ?? '1200:100000,5000:1000000,20000:10000000')
  .split(',')
  .map((s) => s.split(':').map(Number) as [number, number]);
const CONVERSATIONS = 2_000;
const MINE = 300;
const BIG_DEPT = 1_000;
const SAMPLES = 15;
const ME = 'o_scale_me';
const ADMIN = 'o_scale_admin';
const KEYWORD = '季度报价单';
/**
 * Messages carrying the keyword, at every size (spread evenly over the 30 days): the same hits
 * in the caller's chats (~15 % of them) whatever the company's size, so the sizes compare at
 * equal results and what grows is everything else. One in ONE_CHAT_EVERY of them is said in the
 * caller's first chat (the one-chat search: 40 at every size).
 */
const KEYWORD_MESSAGES = 4_000;
const ONE_CHAT_EVERY = 100;
/** A phrase of everyday chat (one message in 12 at every size): hits grow with the company. */
const COMMON = '排班表';
/** Said often, but only in chats the caller is not in (the index must not read those). */
const ELSEWHERE = '外区盘点口令';
const ELSEWHERE_EVERY = 50;

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国志文斌博宇浩然晨阳雪梅婷';
const PHRASES = [
  '收到',
  '好的，马上处理',
  '今天门店盘点',
  '请按时提交报表',
  '明天早班几点到',
  '库存已经更新',
  '下午开会',
  '客户投诉已回复',
  '排班表发群里了',
  '新品到货了',
  '辛苦了',
  '周末促销活动安排',
];

interface Sample {
  ms: number;
  ops: OpCounts;
  examined: number;
}

/** The big department and the caller's chat the one-chat search looks in. */
const GENERATED = { bigDept: 'dbig', myChat: 'c0' };
/**
 * The address book compares sizes at equal answers too: the same number of departments (the
 * `departments` answer lists them all), one department of the same size at every size (listed by
 * `members`), and ten people named 欧阳娜娜 whose mobiles end in 4242 (found by keyword); everyone
 * else grows with the company (their mobiles end in 0000, their surnames are others).
 */
const DEPARTMENTS = 200;
const SAMPLE_DEPT = { id: 'dsample', size: 40 };
const NAMESAKES = { name: '欧阳娜娜', count: 10 };
function generate(cloud: LocalCloud, employees: number, messages: number): void {
  const t = cloud.db.tables;
  const rand = prng(7);
  const now = Date.now();
  const depts = DEPARTMENTS;
  const lineage = (id: string) => [id];
  const counts = new Map<string, number>();
  t.transaction(() => {
    t.put('departments', {
      _id: 'dbig',
      name: '华东大区',
      parentId: null,
      order: 0,
      path: '华东大区',
      createdAt: now,
    });
    t.put('departments', {
      _id: SAMPLE_DEPT.id,
      name: '样板店',
      parentId: null,
      order: depts + 1,
      path: '样板店',
      createdAt: now,
    });
    for (let d = 0; d < depts; d++)
      t.put('departments', {
        _id: `d${d}`,
        name: `门店${d}`,
        parentId: null,
        order: d + 1,
        path: `门店${d}`,
        createdAt: now,
      });
    for (let i = 0; i < employees; i++) {
      const sample = i - BIG_DEPT; // the sample department's members, then the namesakes
      const namesake = sample - SAMPLE_DEPT.size;
      const isNamesake = namesake >= 0 && namesake < NAMESAKES.count;
      const name = isNamesake
        ? NAMESAKES.name
        : SURNAMES[i % SURNAMES.length] +
          GIVEN[Math.floor(i / SURNAMES.length) % GIVEN.length] +
          (i % 3 === 0 ? GIVEN[(i * 7) % GIVEN.length] : '');
      const department = i < BIG_DEPT ? 'dbig' : sample < SAMPLE_DEPT.size ? SAMPLE_DEPT.id : `d${i % depts}`;
      const e = buildEmployee(
        {
          id: `e${i}`,
          name,
          mobile: isNamesake
            ? `137${String(namesake).padStart(4, '0')}4242`
            : `15${String(i).padStart(5, '0')}0000`,
          departmentIds: [department],
          openid: i === 0 ? ME : null,
        },
        now,
      );
      t.put('employees', { ...e });
      for (const k of keyDocsOf(e, lineage)) t.put('directory_keys', { ...k });
      for (const k of keyDocsOf(e, lineage))
        if (k.term === '*' || k.term.startsWith('a:')) {
          const id = k.term === '*' ? '*' : k.term.slice(2);
          counts.set(id, (counts.get(id) ?? 0) + 1);
        }
    }
    for (const [id, count] of counts) t.put('department_counts', { _id: id, count, countedAt: now });
    t.put('bindings', { _id: ME, employeeId: 'e0', boundAt: now, via: 'invite' });
  });
  // Bulk load without the big collections' indexes, then build them once over the loaded rows
  // (the same CREATE INDEX the engine runs at start): far faster than growing five B-trees row
  // by row. Queries afterwards see exactly the declared indexes.
  const sql = t.sql;
  const bulk = ['messages', 'search_postings'] as const;
  const indexNames = (coll: string) =>
    COLLECTIONS[coll as 'messages'].indexes.map(
      (fields) => `c_${coll}__${fields.join('_').replace(/[^A-Za-z0-9_]/g, '_')}`,
    );
  for (const coll of bulk) for (const name of indexNames(coll)) sql.exec(`DROP INDEX IF EXISTS "${name}"`);
  const seqs = new Array<number>(CONVERSATIONS).fill(0);
  const hours = new Map<number, number>();
  // Plain INSERTs of the stored JSON (strings and numbers only, so the EJSON is plain JSON); the
  // engine learns the field kinds from the rows when the indexes are declared again below.
  const insert = (coll: string) =>
    sql.prepare(`INSERT INTO "c_${coll}" (id, body) VALUES (?, ?)`) as unknown as {
      run(id: string, body: string): void;
    };
  const putMessage = insert('messages');
  const putPosting = insert('search_postings');
  // Today's postings (messages come in time order: a day's postings are complete when it ends).
  let postings = new Map<string, PostingDoc>();
  let postingDay = -1;
  const flushPostings = () => {
    for (const p of postings.values()) putPosting.run(JSON.stringify(p._id), JSON.stringify(p));
    postings = new Map();
  };
  const start = now - 30 * 86_400_000;
  const step = Math.floor((30 * 86_400_000) / messages);
  const keywordEvery = Math.max(1, Math.floor(messages / KEYWORD_MESSAGES));
  const BULK = 20_000;
  for (let done = 0; done < messages; done += BULK) {
    t.transaction(() => {
      for (let i = done; i < Math.min(messages, done + BULK); i++) {
        const keyword = i % keywordEvery === 0;
        const c =
          keyword && (i / keywordEvery) % ONE_CHAT_EVERY === 0 ? 0 : Math.floor(rand() * CONVERSATIONS);
        const seq = ++seqs[c];
        const elsewhere = c >= MINE && i % ELSEWHERE_EVERY === 3;
        const m: MessageDoc = {
          _id: i.toString(16).padStart(32, '0'),
          conversationId: `c${c}`,
          seq,
          type: 'text',
          senderId: `e${Math.floor(rand() * employees)}`,
          clientMsgId: null,
          text: keyword
            ? `请查收${KEYWORD}`
            : elsewhere
              ? `${ELSEWHERE}已更新`
              : PHRASES[Math.floor(rand() * PHRASES.length)],
          createdAt: start + i * step,
        };
        putMessage.run(JSON.stringify(m._id), JSON.stringify(m));
        const filing = filingOf(m);
        const day = Math.floor(m.createdAt / 86_400_000);
        if (day !== postingDay) {
          flushPostings();
          postingDay = day;
        }
        for (const p of filing?.postings ?? []) {
          const known = postings.get(p._id);
          if (known) known.entries.push(filing!.entry);
          else postings.set(p._id, { ...p, entries: [...p.entries] });
        }
        const hour = Math.floor(m.createdAt / 3_600_000) * 3_600_000;
        hours.set(hour, (hours.get(hour) ?? 0) + 1);
      }
    });
  }
  t.transaction(flushPostings);
  for (const coll of bulk) {
    const spec = COLLECTIONS[coll];
    t.ensureIndexes(
      coll,
      spec.indexes,
      'coarse' in spec ? spec.coarse : [],
      'arrays' in spec ? (spec.arrays as readonly string[]) : [],
    );
  }
  t.transaction(() => {
    for (const [hour, n] of hours)
      t.put('message_counts', { _id: `h${hour}`, day: startOfChinaDay(hour), hour, n, verified: true });
  });
  t.transaction(() => {
    for (let c = 0; c < CONVERSATIONS; c++) {
      t.put('conversations', {
        _id: `c${c}`,
        type: 'group',
        name: `群${c}`,
        ownerId: 'e1',
        adminIds: [],
        announcement: '',
        muteAll: false,
        allowMemberInvite: false,
        memberCount: 20,
        departmentIds: [],
        status: 'active',
        lastSeq: seqs[c],
        lastMessage: null,
        mentionAllSeq: 0,
        mentionSeqs: {},
        joinCounter: 21,
        directKey: null,
        creatorId: 'e1',
        createdAt: start,
        updatedAt: start + c,
      });
      if (c < MINE)
        t.put('members', {
          _id: `c${c}_e0`,
          conversationId: `c${c}`,
          employeeId: 'e0',
          role: 'member',
          joinSeq: 1,
          joinedAt: start,
          joinedAtSeq: 0,
          lastReadSeq: seqs[c],
        });
    }
  });
}

/** The cursor after `pages` pages of a search (a later page's cost differs from the first's). */
async function cursorAfter(cloud: LocalCloud, data: object, pages: number): Promise<string> {
  let cursor: string | null = null;
  for (let i = 0; i < pages; i++) {
    const more: { cursor?: string } = cursor ? { cursor } : {};
    const { result } = await cloud.call<{ nextCursor: string | null }>('messages', ME, { ...data, ...more });
    if (!result.ok || !result.data.nextCursor) throw new Error(`no page ${i + 2}`);
    cursor = result.data.nextCursor;
  }
  return cursor as string;
}

async function measure(cloud: LocalCloud, fn: FunctionName, openid: string, data: object): Promise<Sample> {
  const before = cloud.db.examined;
  const started = process.hrtime.bigint();
  const { result, ops } = await cloud.call(fn, openid, data);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (!result.ok)
    throw new Error(`${fn}.${(data as { action: string }).action}: ${JSON.stringify(result.error)}`);
  return { ms, ops, examined: cloud.db.examined - before };
}

/** Scrolling the picker through the whole big department: every page, summed. */
async function scroll(cloud: LocalCloud, departmentId: string): Promise<Sample> {
  const total: Sample = { ms: 0, ops: { reads: 0, writes: 0, transactions: 0, requests: 0 }, examined: 0 };
  let cursor: string | null = null;
  do {
    const before = cloud.db.examined;
    const started = process.hrtime.bigint();
    type PageOut = { items: unknown[]; nextCursor: string | null };
    const call: Awaited<ReturnType<typeof cloud.call<PageOut>>> = await cloud.call<PageOut>('directory', ME, {
      action: 'members',
      departmentId,
      limit: 50,
      ...(cursor ? { cursor } : {}),
    });
    total.ms += Number(process.hrtime.bigint() - started) / 1e6;
    const { result, ops } = call;
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    total.ops.requests += ops.requests;
    total.examined += cloud.db.examined - before;
    cursor = result.data.nextCursor;
  } while (cursor);
  return total;
}

export default async function scaleBench(): Promise<void> {
  const table: string[] = [
    '| company | operation | median ms | requests | rows examined | hits |',
    '|---|---|---:|---:|---:|---:|',
  ];
  for (const [employees, messages] of SIZES) {
    // BENCH_KEEP=<dir> (one size): keep the generated company there, and measure it again without
    // generating when the directory already holds one (the 10 M company takes ~20 minutes).
    const kept = SIZES.length === 1 ? process.env.BENCH_KEEP : undefined;
    const reuse = !!kept && fs.existsSync(path.join(kept, 'generated'));
    const dataDir = kept ?? fs.mkdtempSync(path.join(process.env.BENCH_TMP ?? os.tmpdir(), 'tongshi-scale-'));
    fs.mkdirSync(dataDir, { recursive: true });
    const cloud = new LocalCloud({ dataDir });
    try {
      const genStart = Date.now();
      if (!reuse) {
        await cloud.invoke('admin', ADMIN, {
          action: 'bootstrap',
          name: '管理员',
          mobile: '13800000000',
          setupToken: process.env.TONGSHI_SETUP_TOKEN ?? 'local-setup',
        });
        generate(cloud, employees, messages);
        cloud.db.tables.sql.pragma('wal_checkpoint(TRUNCATE)');
        if (kept) fs.writeFileSync(path.join(kept, 'generated'), `${employees}:${messages}\n`);
      }
      const { bigDept, myChat } = GENERATED;
      const bytes = fs.readdirSync(dataDir, { recursive: true }).reduce((n: number, f) => {
        const st = fs.statSync(path.join(dataDir, String(f)));
        return st.isFile() ? n + st.size : n;
      }, 0);
      const postingCount = cloud.db.tables.count('search_postings');
      console.log(
        `${employees.toLocaleString('en')} employees / ${messages.toLocaleString('en')} messages ${reuse ? `reused from ${dataDir}` : `generated in ${((Date.now() - genStart) / 1000).toFixed(0)} s`}; database ${(bytes / 2 ** 30).toFixed(2)} GiB; ${postingCount.toLocaleString('en')} postings`,
      );
      const label = `${employees.toLocaleString('en')} / ${messages.toLocaleString('en')}`;
      const common = { action: 'search', keyword: COMMON };
      const fifthPage = await cursorAfter(cloud, common, 4);
      const ops: [string, FunctionName, string, object | null][] = [
        ['search across 300 chats', 'messages', ME, { action: 'search', keyword: KEYWORD }],
        ['search across 300 chats: an everyday phrase (1 message in 12)', 'messages', ME, common],
        [
          "… its 5th page (the postings of the cursor's day above it are read again)",
          'messages',
          ME,
          { ...common, cursor: fifthPage },
        ],
        [
          "search across 300 chats: a keyword said only in others' chats",
          'messages',
          ME,
          { action: 'search', keyword: ELSEWHERE },
        ],
        [
          'search in one chat',
          'messages',
          ME,
          { action: 'search', keyword: KEYWORD, conversationId: myChat },
        ],
        [
          'directory.members by department',
          'directory',
          ME,
          { action: 'members', departmentId: SAMPLE_DEPT.id },
        ],
        ['directory.members by keyword (name)', 'directory', ME, { action: 'members', keyword: '欧阳娜' }],
        [
          'directory.members by keyword (pinyin prefix)',
          'directory',
          ME,
          { action: 'members', keyword: 'ouyangn' },
        ],
        [
          'directory.members by keyword (last 4 digits)',
          'directory',
          ME,
          { action: 'members', keyword: '4242' },
        ],
        ['departments', 'directory', ME, { action: 'departments' }],
        ['admin.stats', 'admin', ADMIN, { action: 'stats' }],
      ];
      for (const [name, fn, openid, data] of ops) {
        const samples: Sample[] = [];
        let hits = 0;
        for (let i = 0; i < SAMPLES; i++) {
          const s = await measure(cloud, fn, openid, data as object);
          samples.push(s);
        }
        if (fn !== 'admin') {
          const { result } = await cloud.call<{ items?: unknown[] }>(fn, openid, data as object);
          hits = result.ok ? (result.data.items?.length ?? 0) : 0;
        }
        table.push(
          `| ${label} | ${name} | ${median(samples.map((s) => s.ms)).toFixed(1)} | ${median(samples.map((s) => s.ops.requests))} | ${median(samples.map((s) => s.examined))} | ${fn === 'admin' ? '' : hits} |`,
        );
      }
      const s = await scroll(cloud, bigDept);
      table.push(
        `| ${label} | picker: scroll the 1,000-person department (all pages of 50) | ${s.ms.toFixed(0)} (total) | ${s.ops.requests} | ${s.examined} | |`,
      );
    } finally {
      cloud.close();
      if (!kept) fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }
  console.log(table.join('\n'));
}
