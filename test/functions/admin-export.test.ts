// admin.exportHistory: the XLSX read back with exceljs matches what members see in history.
import ExcelJS from 'exceljs';
import { formatChinaTime } from '../../cloudfunctions/core/domain/backoffice';
import { EXPORT_LINK_SECONDS } from '../../cloudfunctions/core/services/export';
import type { LocalCloud } from '../../localcloud/cloud';
import type { AuditEntry, Message, Page } from '../../typings/api';
import { makeCompany, makeGroup, type Company } from './admin-fixtures';
import { errorOf, ok, openCloud, sendFile, sendText } from './helpers';

let cloud: LocalCloud;
let co: Company;
beforeEach(async () => {
  cloud = openCloud();
  cloud.setClock(() => Date.now());
  co = await makeCompany(cloud);
});
afterEach(() => cloud.close());

interface Exported {
  fileId: string;
  tempFileURL: string;
  rows: number;
}

async function readSheet(fileId: string): Promise<string[][]> {
  const content = cloud.storage.read(fileId);
  expect(content).not.toBeNull();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(content as unknown as ArrayBuffer);
  const sheet = wb.worksheets[0];
  const out: string[][] = [];
  sheet.eachRow((row) => out.push([1, 2, 3, 4, 5].map((i) => row.getCell(i).text)));
  return out;
}

describe('admin.exportHistory', () => {
  it('writes an XLSX whose rows match the history: text, image, file, recalled and removed', async () => {
    const [owner, member] = co.people;
    let t = Date.UTC(2026, 10, 20, 2, 0, 0); // 2026-11-20 10:00 China time
    cloud.setClock(() => t);
    const g = await makeGroup(cloud, owner, [member], '导出群');
    t += 60_000;
    await sendText(cloud, owner, g, '早上好');
    t += 60_000;
    const image = await sendFile(cloud, member, g, 'image', 'shelf.jpg');
    t += 60_000;
    await sendFile(cloud, owner, g, 'file', '报价单.xlsx');
    t += 60_000;
    const recalled = await sendText(cloud, member, g, '发错群了');
    await ok(cloud, 'messages', member.openid, { action: 'recall', messageId: recalled.id });
    t += 60_000;
    const removed = await sendText(cloud, member, g, '不当内容');
    await ok(cloud, 'admin', co.admin.openid, { action: 'deleteMessage', messageId: removed.id });
    t += 60_000;
    await sendText(cloud, owner, g, '收到请回复');

    const history = (
      await ok<{ items: Message[] }>(cloud, 'messages', owner.openid, {
        action: 'history',
        conversationId: g,
        limit: 100,
      })
    ).items;
    const result = await ok<Exported>(cloud, 'admin', co.admin.openid, {
      action: 'exportHistory',
      conversationId: g,
    });
    expect(result.fileId).toContain(`exports/${g}/`);
    expect(result.fileId).toMatch(/\.xlsx$/);
    expect(result.tempFileURL).toMatch(/^http/);
    expect(result.rows).toBe(history.length);

    const rows = await readSheet(result.fileId);
    expect(rows[0]).toEqual(['时间', '发送人', '部门', '类型', '内容']);
    const body = rows.slice(1);
    expect(body).toHaveLength(history.length);
    const originals: Record<string, string> = { [recalled.id]: '发错群了' };
    const imageUrl = cloud.storage.tempUrl(image.fileId as string, EXPORT_LINK_SECONDS);
    const expected = history.map((m) => {
      const label = { text: '文字', image: '图片', file: '文件', system: '系统' }[m.type];
      let content = m.text ?? '';
      if (m.type === 'image') content = imageUrl as string;
      if (m.type === 'file') content = m.fileName as string;
      if (m.removed) content = '[已删除]';
      if (m.recalled) content = `[已撤回] ${originals[m.id]}`;
      const sender = m.senderId ? m.senderName : '系统';
      return [formatChinaTime(m.createdAt), sender, m.senderId ? '门店/一店' : '', label, content];
    });
    expect(body).toEqual(expected);
    // Spot-check the readable form of the times and the marks.
    expect(body.find((r) => r[4] === '早上好')?.[0]).toBe('2026-11-20 10:01:00');
    expect(body.map((r) => r[4])).toEqual(
      expect.arrayContaining(['[已撤回] 发错群了', '[已删除]', '报价单.xlsx']),
    );
    expect(JSON.stringify(body)).not.toContain('不当内容');

    const entry = (
      await ok<Page<AuditEntry>>(cloud, 'admin', co.admin.openid, { action: 'auditLog', conversationId: g })
    ).items[0];
    expect(entry).toMatchObject({
      action: 'group.exportHistory',
      actorId: co.admin.id,
      targetId: g,
      after: { fileId: result.fileId, rows: history.length },
    });
  });

  it('exports only the messages inside a date range', async () => {
    const [owner, member] = co.people;
    const day = 86_400_000;
    let t = Date.UTC(2026, 10, 1, 4, 0, 0);
    cloud.setClock(() => t);
    const g = await makeGroup(cloud, owner, [member]);
    for (let i = 1; i <= 5; i++) {
      t += day;
      await sendText(cloud, owner, g, `第${i}天`);
    }
    const from = Date.UTC(2026, 10, 3, 0, 0, 0);
    const to = Date.UTC(2026, 10, 4, 23, 59, 59);
    const result = await ok<Exported>(cloud, 'admin', co.admin.openid, {
      action: 'exportHistory',
      conversationId: g,
      from,
      to,
    });
    const rows = (await readSheet(result.fileId)).slice(1);
    expect(rows.map((r) => r[4])).toEqual(['第2天', '第3天']);
    expect(result.rows).toBe(2);
    expect(
      (
        await errorOf(cloud, 'admin', co.admin.openid, {
          action: 'exportHistory',
          conversationId: g,
          from: to,
          to: from,
        })
      ).code,
    ).toBe('INVALID_ARGUMENT');
    // Calendar days (China time) work as bounds too: 11-03 12:00 and 11-04 12:00 China time; so do
    // ISO times with their zone.
    for (const range of [
      { from: '2026-11-03', to: '2026-11-04' },
      { from: '2026-11-03T00:00:00+08:00', to: '2026-11-04T23:59:59.999+08:00' },
    ]) {
      const { fileId } = await ok<Exported>(cloud, 'admin', co.admin.openid, {
        action: 'exportHistory',
        conversationId: g,
        ...range,
      });
      expect((await readSheet(fileId)).slice(1).map((r) => r[4])).toEqual(['第2天', '第3天']);
    }
    // Nothing else: Date.parse took "5" for 2001 and rolled 02-31 into March.
    for (const from of [
      'yesterday-ish',
      '5',
      '2026-02-31',
      '2026-13-01',
      '2026-11-20T10:00',
      '2026-11-20T25:00Z',
    ])
      expect(
        (await errorOf(cloud, 'admin', co.admin.openid, { action: 'exportHistory', conversationId: g, from }))
          .code,
      ).toBe('INVALID_ARGUMENT');
    expect(
      (await errorOf(cloud, 'admin', co.admin.openid, { action: 'exportHistory', conversationId: 'nope' }))
        .code,
    ).toBe('NOT_FOUND');
  });

  it('pages reads past 1,000 messages, keeping seq order', async () => {
    const [owner, member] = co.people;
    const g = await makeGroup(cloud, owner, [member]);
    const conv = cloud.db.tables.getById('conversations', g) as { lastSeq: number };
    const start = conv.lastSeq;
    const now = Date.now();
    // Bulk history written straight into the store (2,345 sends through the function would be slow).
    cloud.db.tables.transaction(() => {
      for (let i = 1; i <= 2345; i++)
        cloud.db.tables.put('messages', {
          _id: `bulk${i}`,
          conversationId: g,
          seq: start + i,
          type: 'text',
          senderId: member.id,
          clientMsgId: `b${i}`,
          text: `m${i}`,
          createdAt: now + i,
        });
    });
    cloud.db.tables.put('conversations', {
      ...(cloud.db.tables.getById('conversations', g) as object),
      lastSeq: start + 2345,
    });
    const { result, ops } = await cloud.call<Exported>('admin', co.admin.openid, {
      action: 'exportHistory',
      conversationId: g,
    });
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    expect(result.data.rows).toBe(start + 2345);
    const rows = (await readSheet(result.data.fileId)).slice(1).filter((r) => r[3] === '文字');
    expect(rows.map((r) => r[4])).toEqual(Array.from({ length: 2345 }, (_, i) => `m${i + 1}`));
    expect(ops.reads).toBeLessThan(12);
  });
});

describe('admin.deleteExport', () => {
  it('removes a downloaded export; only history exports, only for admins', async () => {
    const [owner, member] = co.people;
    const g = await makeGroup(cloud, owner, [member], '导出群');
    await sendText(cloud, owner, g, '早上好');
    const exported = await ok<Exported>(cloud, 'admin', co.admin.openid, {
      action: 'exportHistory',
      conversationId: g,
    });
    expect(cloud.storage.exists(exported.fileId)).toBe(true);

    expect(
      (await errorOf(cloud, 'admin', owner.openid, { action: 'deleteExport', fileId: exported.fileId })).code,
    ).toBe('FORBIDDEN');
    const chatFile = await sendFile(cloud, member, g, 'file', '报价单.xlsx');
    for (const fileId of [
      chatFile.fileId as string,
      'cloud://other-env.bucket/' + exported.fileId.split('/').slice(3).join('/'),
      'x',
    ]) {
      const error = await errorOf(cloud, 'admin', co.admin.openid, { action: 'deleteExport', fileId });
      expect(error.code).toBe('INVALID_ARGUMENT');
    }
    expect(cloud.storage.exists(chatFile.fileId as string)).toBe(true);
    expect(cloud.storage.exists(exported.fileId)).toBe(true);

    expect(
      await ok(cloud, 'admin', co.admin.openid, { action: 'deleteExport', fileId: exported.fileId }),
    ).toEqual({
      deleted: true,
    });
    expect(cloud.storage.exists(exported.fileId)).toBe(false);
    expect(
      await ok(cloud, 'admin', co.admin.openid, { action: 'deleteExport', fileId: exported.fileId }),
    ).toEqual({
      deleted: false,
    });
  });
});

describe('exports the phone never deleted', () => {
  it('are deleted by the maintenance run once older than an hour', async () => {
    const [owner, member] = co.people;
    let t = Date.UTC(2026, 10, 20, 2, 0, 0);
    cloud.setClock(() => t);
    const g = await makeGroup(cloud, owner, [member], '导出群');
    await sendText(cloud, owner, g, '早上好');
    const kept = await ok<Exported>(cloud, 'admin', co.admin.openid, {
      action: 'exportHistory',
      conversationId: g,
    });
    const chatFile = await sendFile(cloud, member, g, 'file', '报价单.xlsx');
    const maintain = () =>
      ok<{ repairs: { name: string; repaired: number }[] }>(cloud, 'maintenance', '', { Type: 'Timer' });
    const swept = async () => (await maintain()).repairs.find((r) => r.name === 'expiredExports')?.repaired;

    t += 30 * 60_000;
    expect(await swept()).toBe(0);
    expect(cloud.storage.exists(kept.fileId)).toBe(true);

    t += 31 * 60_000;
    expect(await swept()).toBe(1);
    expect(cloud.storage.exists(kept.fileId)).toBe(false);
    // Already gone: the next run deletes nothing and fails on nothing; chat files are never touched.
    expect(await swept()).toBe(0);
    expect(cloud.storage.exists(chatFile.fileId as string)).toBe(true);
  });
});
