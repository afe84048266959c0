// Messages recalled before the recall moved content into message_archive still hold their text
// in `messages`, which members read directly once the data-in-push rule is live. The maintenance
// step `recalledContent` (services/archiveRepair.ts) moves it: afterwards a member's watch gets
// only the recall line, while the back office's history and the export still show the original.
import ExcelJS from 'exceljs';
import { createClientDatabase, type Snapshot } from '../../localcloud/client/watch';
import { inProcessWatch } from '../../localcloud/realtime/inprocess';
import type { LocalCloud } from '../../localcloud/cloud';
import type { MessageDoc } from '../../cloudfunctions/core/store/documents';
import type { Message } from '../../typings/api';
import { makeCompany, makeGroup, type Company } from './admin-fixtures';
import { ok, openCloud, sendFile, sendText } from './helpers';

let cloud: LocalCloud;
let co: Company;
let g: string;
beforeEach(async () => {
  cloud = openCloud();
  co = await makeCompany(cloud, 3);
  g = await makeGroup(cloud, co.people[0], co.people.slice(1), '旧撤回群');
});
afterEach(() => cloud.close());

const tick = async () => {
  for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
};

/** What a member's chat page receives when it opens the group (the watch it really opens). */
async function watched(openid: string): Promise<Record<string, unknown>[]> {
  const snapshots: Snapshot[] = [];
  const errors: unknown[] = [];
  const w = createClientDatabase(inProcessWatch(cloud), () => openid)
    .collection('messages')
    .where({ conversationId: g, seq: { $gt: 0 } })
    .watch({ onChange: (s) => snapshots.push(s), onError: (e) => errors.push(e) });
  await tick();
  w.close();
  expect(errors).toEqual([]);
  return snapshots.flatMap((s) => s.docs as Record<string, unknown>[]);
}

/** A message as the recall stored it before the archive existed: flagged, content left in place. */
function recallTheOldWay(id: string, at: number) {
  const m = cloud.db.tables.getById('messages', id) as unknown as MessageDoc;
  cloud.db.tables.put('messages', { ...m, recalled: true, recalledAt: at });
}

const repairRun = async () => {
  const run = await ok<{ repairs: { name: string; repaired: number; more: boolean }[] }>(
    cloud,
    'admin',
    co.admin.openid,
    { action: 'runMaintenance' },
  );
  const { repaired, more } = run.repairs.find((r) => r.name === 'recalledContent') as {
    repaired: number;
    more: boolean;
  };
  return { repaired, more };
};

it('moves old recalled content out of members’ reach; the back office and the export still show it', async () => {
  const [owner, member] = co.people;
  const text = await sendText(cloud, member, g, '旧版本撤回的秘密');
  const file = await sendFile(cloud, member, g, 'file', '旧报价单.xlsx');
  const kept = await sendText(cloud, owner, g, '正常消息');
  recallTheOldWay(text.id, Date.now() - 3_600_000);
  recallTheOldWay(file.id, Date.now() - 3_500_000);

  // Before the repair, the rule lets a member's watch read the old content: what this step is for.
  expect(JSON.stringify(await watched(owner.openid))).toContain('旧版本撤回的秘密');

  expect(await repairRun()).toEqual({ repaired: 2, more: false });

  const docs = await watched(owner.openid);
  const shown = JSON.stringify(docs);
  expect(shown).not.toContain('旧版本撤回的秘密');
  expect(shown).not.toContain('旧报价单');
  expect(docs.find((d) => d._id === text.id)).toMatchObject({
    recalled: true,
    notice: '李娜撤回了一条消息',
    ownNotice: '你撤回了一条消息',
  });
  expect(docs.find((d) => d._id === kept.id)).toMatchObject({ text: '正常消息' });
  // The member's own history and the sender's too: the recall line only.
  const history = await ok<{ items: Message[] }>(cloud, 'messages', member.openid, {
    action: 'history',
    conversationId: g,
  });
  expect(history.items.find((m) => m.id === text.id)).toMatchObject({
    recalled: true,
    notice: '你撤回了一条消息',
  });
  expect(JSON.stringify(history.items)).not.toContain('旧版本撤回的秘密');

  // The back office reads the archive back: its history view and the export.
  const office = await ok<{ items: Message[] }>(cloud, 'admin', co.admin.openid, {
    action: 'groupMessages',
    conversationId: g,
  });
  expect(office.items.find((m) => m.id === text.id)).toMatchObject({
    text: '旧版本撤回的秘密',
    recalled: true,
  });
  expect(office.items.find((m) => m.id === file.id)).toMatchObject({
    fileName: '旧报价单.xlsx',
    recalled: true,
  });
  const exported = await ok<{ fileId: string }>(cloud, 'admin', co.admin.openid, {
    action: 'exportHistory',
    conversationId: g,
  });
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(cloud.storage.read(exported.fileId) as unknown as ArrayBuffer);
  const cells: string[] = [];
  wb.worksheets[0].eachRow((row) => cells.push(row.getCell(5).text));
  expect(cells).toContain('[已撤回] 旧版本撤回的秘密');

  // Idempotent: nothing left to move, the archive as it was.
  const archive = cloud.db.tables.getById('message_archive', text.id);
  expect(archive).toMatchObject({ conversationId: g, seq: text.seq, text: '旧版本撤回的秘密' });
  expect(await repairRun()).toEqual({ repaired: 0, more: false });
  expect(cloud.db.tables.getById('message_archive', text.id)).toEqual(archive);
});

it('takes a bounded batch per run and continues where it stopped; recent recalls are left as they are', async () => {
  const [, member] = co.people;
  const old: string[] = [];
  for (let i = 0; i < 55; i++) old.push((await sendText(cloud, member, g, `旧消息${i}`)).id);
  // Seven share each recall time, and the first page ends inside one: none skipped or repeated.
  old.forEach((id, i) => recallTheOldWay(id, 1_000_000 + Math.floor(i / 7)));
  const recent = await sendText(cloud, member, g, '新撤回');
  await ok(cloud, 'messages', member.openid, { action: 'recall', messageId: recent.id });
  const recentArchive = cloud.db.tables.getById('message_archive', recent.id);

  expect(await repairRun()).toEqual({ repaired: 50, more: true });
  expect(await repairRun()).toEqual({ repaired: 5, more: false });
  expect(await repairRun()).toEqual({ repaired: 0, more: false });
  for (const id of old) {
    const m = cloud.db.tables.getById('messages', id) as unknown as MessageDoc;
    expect(m.text).toBeUndefined();
    expect(m.recalledAt).toBeLessThan(1_000_010);
    expect(cloud.db.tables.getById('message_archive', id)).toMatchObject({
      text: expect.stringMatching(/^旧消息/),
    });
  }
  expect(cloud.db.tables.getById('message_archive', recent.id)).toEqual(recentArchive);
});
