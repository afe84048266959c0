// History export: a conversation's messages (optionally within a time range) as an XLSX in cloud
// storage. Reads go in seq pages of 1,000 (CloudBase's cap per get) and rows are streamed into
// the workbook as they arrive, so 100,000 messages cost about 100 message reads plus one read per
// page for senders not seen before, and memory holds one page of documents at a time.
import { PassThrough } from 'stream';
import type { ExportResult } from '../../../typings/api';
import ExcelJS from 'exceljs';
import { EXPORT_COLUMNS, exportRow } from '../domain/backoffice';
import { errors } from '../domain/errors';
import { belongsToConversation, exportFilePath } from '../domain/files';
import { clock } from '../platform/clock';
import { currentEnv, storeFile, tempUrls } from '../platform/storage';
import { recordAudit } from '../store/audit';
import { messagesAfter, READ_PAGE, type MessageRange } from '../store/backoffice';
import { employeesByIds } from '../store/employees';
import { withArchived } from '../store/messageArchive';
import { getConversation } from '../store/conversations';
import { loadAllDepartments } from '../store/departments';
import type { EmployeeDoc } from '../store/documents';
import { finishJob, inJob, openJob } from './jobs';
import { requestKey } from './reservations';

/** Image links inside an exported sheet: the sheet is read over days, not minutes. */
export const EXPORT_LINK_SECONDS = 7 * 24 * 3600;

export function checkRange(range: MessageRange): void {
  if (range.from !== undefined && range.to !== undefined && range.from > range.to)
    throw errors.rangeReversed({
      fields: [{ path: 'from', message: '晚于结束时间' }],
    });
}

export async function doExportHistory(
  actor: Pick<EmployeeDoc, '_id' | 'name'>,
  conversationId: string,
  range: MessageRange,
): Promise<ExportResult> {
  checkRange(range);
  const conversation = await getConversation(conversationId);
  if (!conversation) throw errors.conversationNotFound();
  // A job for the admin pages (kind 'export'), one per admin, group and range: the same export
  // retried is the same job. One that died is reported failed by the repair run (nobody waits
  // for its file any more; the admin exports again).
  const job = await openJob({
    kind: 'export',
    subject: requestKey('export', actor._id, conversationId, JSON.stringify(range)),
    title: `导出聊天记录：${conversation.name}`,
    targetId: conversationId,
    total: conversation.lastSeq,
    unit: '条消息',
    startedBy: { id: actor._id, name: actor.name },
  });
  const result = await inJob(job._id, () => writeExport(actor, conversation, range));
  await finishJob(job._id, result.rows);
  return result;
}

async function writeExport(
  actor: Pick<EmployeeDoc, '_id' | 'name'>,
  conversation: NonNullable<Awaited<ReturnType<typeof getConversation>>>,
  range: MessageRange,
): Promise<ExportResult> {
  const conversationId = conversation._id;
  const departments = new Map((await loadAllDepartments()).map((d) => [d._id, d.path || d.name]));
  const senders = new Map<string, { name: string; department: string }>();
  const env = currentEnv();

  const chunks: Buffer[] = [];
  const sink = new PassThrough();
  sink.on('data', (c: Buffer) => chunks.push(c));
  const finished = new Promise<void>((resolve, reject) => {
    sink.on('end', resolve);
    sink.on('error', reject);
  });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: sink,
    useStyles: true,
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet('聊天记录');
  sheet.columns = [
    { header: EXPORT_COLUMNS[0], width: 20 },
    { header: EXPORT_COLUMNS[1], width: 12 },
    { header: EXPORT_COLUMNS[2], width: 24 },
    { header: EXPORT_COLUMNS[3], width: 8 },
    { header: EXPORT_COLUMNS[4], width: 60 },
  ];
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();

  let rows = 0;
  for (let afterSeq = 0; ;) {
    // Recalled messages' content is in the archive (store/messageArchive.ts).
    const page = await withArchived(await messagesAfter(conversationId, afterSeq, range));
    const unknown = [
      ...new Set(page.map((m) => m.senderId).filter((id): id is string => !!id && !senders.has(id))),
    ];
    for (const e of await employeesByIds(unknown)) {
      const department = e.departmentIds
        .map((id) => departments.get(id))
        .filter(Boolean)
        .join('、');
      senders.set(e._id, { name: e.name, department });
    }
    // Only this group's own files get a link (never a forged reference to another group's file).
    const images = page
      .filter((m) => m.type === 'image' && m.fileId && !m.removed)
      .map((m) => m.fileId as string)
      .filter((f) => belongsToConversation(f, env, conversationId));
    const links = new Map(
      [...(await tempUrls(images, clock.now(), EXPORT_LINK_SECONDS))].map(([k, v]) => [k, v.url]),
    );
    for (const m of page) {
      const sender = m.senderId
        ? (senders.get(m.senderId) ?? { name: '', department: '' })
        : { name: '系统', department: '' };
      sheet.addRow(exportRow(m, sender, m.fileId ? links.get(m.fileId) : undefined)).commit();
      rows++;
    }
    if (page.length < READ_PAGE) break;
    afterSeq = page[page.length - 1].seq;
  }
  sheet.commit();
  await workbook.commit();
  await finished;

  const now = clock.now();
  const { fileId, tempFileURL } = await storeFile(exportFilePath(conversationId), Buffer.concat(chunks), now);
  await recordAudit({
    actorId: actor._id,
    actorName: actor.name,
    action: 'group.exportHistory',
    targetType: 'conversation',
    targetId: conversationId,
    conversationId,
    after: {
      fileId,
      rows,
      ...(range.from !== undefined ? { from: range.from } : {}),
      ...(range.to !== undefined ? { to: range.to } : {}),
    },
    details: { name: conversation.name },
    at: now,
  });
  return { fileId, tempFileURL, rows };
}
