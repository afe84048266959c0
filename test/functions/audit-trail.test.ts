// The audit trail people can read (issue 14): group creation and every admin read or export of a
// group's history leave an entry, and each entry comes with names and one Chinese sentence.
import type { LocalCloud } from '../../localcloud/cloud';
import type { AuditEntry, Page } from '../../typings/api';
import { makeCompany, makeGroup, type Company } from './admin-fixtures';
import { ok, openCloud, sendText } from './helpers';

let cloud: LocalCloud;
let co: Company;
beforeEach(async () => {
  cloud = openCloud();
  co = await makeCompany(cloud);
});
afterEach(() => cloud.close());

const log = (params: object = {}) =>
  ok<Page<AuditEntry>>(cloud, 'admin', co.admin.openid, { action: 'auditLog', limit: 100, ...params });

describe('audit trail', () => {
  it('creating a group is recorded with a readable sentence', async () => {
    const [a, b] = co.people;
    const g = await makeGroup(cloud, a, [b], '南京路店工作群');
    const { items } = await log({ auditAction: 'group.create' });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      actorId: a.id,
      actorName: a.name,
      conversationId: g,
      actionLabel: '创建群聊',
      groupName: '南京路店工作群',
      sentence: expect.stringMatching(
        new RegExp(`^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d ${a.name} 在「南京路店工作群」 创建了该群（2 人）$`),
      ),
    });
  });

  it('owner acts name the people, not their ids', async () => {
    const [a, b, c] = co.people;
    const g = await makeGroup(cloud, a, [b, c], '周会群');
    await ok(cloud, 'groups', a.openid, { action: 'setAdmins', conversationId: g, employeeIds: [b.id] });
    await ok(cloud, 'groups', a.openid, { action: 'transferOwner', conversationId: g, employeeId: c.id });
    const { items } = await log({ conversationId: g });
    const sentences = items.map((e) => e.sentence ?? '');
    expect(sentences.find((s) => s.includes('转让群主') || s.includes('将群主转让给'))).toContain(
      `将群主转让给 ${c.name}`,
    );
    expect(sentences.find((s) => s.includes('设为'))).toContain(`将群管理员设为 ${b.name}`);
    expect(sentences.join('\n')).not.toContain(b.id);
  });

  it("an admin reading a group's history leaves one entry per opening; an export one more", async () => {
    const [a, b] = co.people;
    const g = await makeGroup(cloud, a, [b], '门店群');
    for (let i = 0; i < 5; i++) await sendText(cloud, a, g, `消息${i}`);
    const first = await ok<{ items: { seq: number }[] }>(cloud, 'admin', co.admin.openid, {
      action: 'groupMessages',
      conversationId: g,
      limit: 2,
    });
    await ok(cloud, 'admin', co.admin.openid, {
      action: 'groupMessages',
      conversationId: g,
      beforeSeq: first.items[0].seq,
      limit: 2,
    });
    await ok(cloud, 'admin', co.admin.openid, { action: 'exportHistory', conversationId: g });
    const reads = (await log({ auditAction: 'group.readHistory' })).items;
    expect(reads).toHaveLength(1);
    expect(reads[0].sentence).toContain(`${co.admin.name} 在「门店群」 查看了聊天记录`);
    const exports = (await log({ auditAction: 'group.exportHistory' })).items;
    expect(exports).toHaveLength(1);
    expect(exports[0].sentence).toMatch(/导出了聊天记录（\d+ 条）/);
  });

  it('filters by person, group and action together', async () => {
    const [a, b] = co.people;
    const g1 = await makeGroup(cloud, a, [b], '甲群');
    await makeGroup(cloud, b, [a], '乙群');
    const mine = await log({ actorId: a.id, auditAction: 'group.create' });
    expect(mine.items.map((e) => e.groupName)).toEqual(['甲群']);
    const inG1 = await log({ conversationId: g1, actorId: b.id });
    expect(inG1.items).toEqual([]);
  });
});
