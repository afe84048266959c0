// admin.stats from counters (store/messageCounts.ts, store/directoryIndex.ts): the figures follow
// sends and offboardings, reading no message; an increment lost to a killed send is put right by
// maintenance once its hour has closed.
import type { LocalCloud } from '../../localcloud/cloud';
import { startOfChinaDay } from '../../cloudfunctions/core/domain/backoffice';
import { clock } from '../../cloudfunctions/core/platform/clock';
import type { HourCountDoc } from '../../cloudfunctions/core/store/messageCounts';
import { makeCompany, makeGroup, type Company } from './admin-fixtures';
import { ok, openCloud, sendText } from './helpers';

let cloud: LocalCloud;
let co: Company;
/** 10:00 China time today: two hours of the same day either side. */
const T0 = startOfChinaDay(Date.now()) + 10 * 3_600_000;

beforeEach(async () => {
  cloud = openCloud();
  cloud.setClock(() => T0);
  co = await makeCompany(cloud, 3);
});
afterEach(() => {
  clock.now = () => Date.now();
  cloud.close();
});

const stats = () =>
  ok<{ employees: number; activeGroups: number; messagesToday: number }>(cloud, 'admin', co.admin.openid, {
    action: 'stats',
  });
const hourDocs = () => cloud.db.tables.scan('message_counts', {}).docs as unknown as HourCountDoc[];

it('counts sends and active employees without reading messages', async () => {
  const [a, b] = co.people;
  const g = await makeGroup(cloud, a, [b]);
  await sendText(cloud, a, g, '你好');
  await sendText(cloud, b, g, '收到');
  const examined = cloud.db.examined;
  expect(await stats()).toEqual({ employees: 4, activeGroups: 1, messagesToday: 2 });
  // The caller (binding, employee), one count document, today's hour documents.
  expect(cloud.db.examined - examined).toBeLessThan(6);
  await ok(cloud, 'admin', co.admin.openid, { action: 'offboard', employeeId: co.people[2].id });
  expect(await stats()).toMatchObject({ employees: 3 });
});

it('a send killed before its increment is counted again after maintenance verifies the hour', async () => {
  const [a, b] = co.people;
  const g = await makeGroup(cloud, a, [b]);
  await sendText(cloud, a, g, '一');
  await sendText(cloud, a, g, '二');
  // What a send killed between its commit and the increment leaves: one message uncounted.
  const [hour] = hourDocs();
  cloud.db.tables.put('message_counts', { ...hour, n: hour.n - 1 } as never);
  expect((await stats()).messagesToday).toBe(1);

  // Maintenance within the hour leaves it (a send may still be running)…
  await cloud.invoke('maintenance', '', { Type: 'Timer', TriggerName: 'test' });
  expect((await stats()).messagesToday).toBe(1);
  // …and recounts it once it has closed for longer than a send can run.
  cloud.setClock(() => T0 + 2 * 3_600_000);
  await cloud.invoke('maintenance', '', { Type: 'Timer', TriggerName: 'test' });
  expect(hourDocs()).toEqual([expect.objectContaining({ n: 2, verified: true })]);
  expect((await stats()).messagesToday).toBe(2);
  // Verified hours are not recounted again.
  const examined = cloud.db.examined;
  await cloud.invoke('maintenance', '', { Type: 'Timer', TriggerName: 'test' });
  await sendText(cloud, b, g, '三');
  expect((await stats()).messagesToday).toBe(3);
  expect(cloud.db.examined - examined).toBeLessThan(60);
});
