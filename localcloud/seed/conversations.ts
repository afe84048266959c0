// Demo chats on first `npm start`, so the preview opens on a lived-in 消息 tab: a store group, a
// managers' group, a one-to-one chat, with unread messages for the demo store manager. Created
// through the real cloud functions (the same rules as users), with the clock moved back so the
// list shows yesterday's and today's times.
import type { LocalCloud } from '../cloud';
import type { FunctionName } from '../../typings/api';
import type { DepartmentDoc, EmployeeDoc } from '../../cloudfunctions/core/store/documents';
import { DEMO_OPENIDS } from './demo';

const MINUTE = 60_000;

export async function seedDemoConversations(
  cloud: LocalCloud,
  bound: Map<string, EmployeeDoc>,
  departments: DepartmentDoc[],
): Promise<void> {
  const call = async <T>(openid: string, fn: FunctionName, data: Record<string, unknown>): Promise<T> => {
    const env = await cloud.invoke<T>(fn, openid, data);
    if (!env.ok)
      throw new Error(
        `demo seed: ${fn}.${String(data.action)} as ${openid}: ${env.error.code} ${env.error.message}`,
      );
    return env.data;
  };
  const id = (openid: string): string => {
    const e = bound.get(openid);
    if (!e) throw new Error(`demo seed: no employee bound to ${openid}`);
    return e._id;
  };
  let n = 0;
  const send = (openid: string, conversationId: string, text: string, mentions?: string[] | 'all') =>
    call(openid, 'messages', {
      action: 'send',
      conversationId,
      clientMsgId: `demo-${++n}`,
      type: 'text',
      text,
      ...(mentions ? { mentions } : {}),
    });

  const realNow = Date.now();
  let t = realNow - 26 * 60 * MINUTE; // yesterday
  cloud.setClock(() => t);
  try {
    const store = departments.find((d) => d.path.endsWith('上海南京路店'));
    const { conversation: storeGroup } = await call<{ conversation: { id: string } }>(
      DEMO_OPENIDS.manager,
      'groups',
      {
        action: 'create',
        name: '南京路店工作群',
        ...(store
          ? { departmentIds: [store._id] }
          : { employeeIds: [id(DEMO_OPENIDS.guide), id(DEMO_OPENIDS.cashier)] }),
      },
    );
    const { conversation: managers } = await call<{ conversation: { id: string } }>(
      DEMO_OPENIDS.regional,
      'groups',
      {
        action: 'create',
        name: '华东区店长群',
        employeeIds: [
          id(DEMO_OPENIDS.manager),
          id(DEMO_OPENIDS.admin),
          id(DEMO_OPENIDS.hr),
          id(DEMO_OPENIDS.logistics),
        ],
      },
    );
    const { conversation: direct } = await call<{ conversation: { id: string } }>(
      DEMO_OPENIDS.guide,
      'groups',
      {
        action: 'openDirect',
        employeeId: id(DEMO_OPENIDS.manager),
      },
    );

    await send(DEMO_OPENIDS.regional, managers.id, '各位店长，本周五前提交冬装陈列照片，谢谢配合', 'all');
    t += 20 * MINUTE;
    await send(DEMO_OPENIDS.manager, managers.id, '收到');
    t += 10 * MINUTE;
    await send(DEMO_OPENIDS.logistics, managers.id, '周三统一补货，缺码请今天报给物流部');

    t = realNow - 3 * 60 * MINUTE; // today
    await send(DEMO_OPENIDS.manager, storeGroup.id, '明天上午 9 点开早会，大家准时到', 'all');
    t += 5 * MINUTE;
    await send(DEMO_OPENIDS.guide, storeGroup.id, '好的店长');
    t += 40 * MINUTE;
    // A personal @ for the manager: their 消息 tab shows [有人@我] on the store group.
    const managerName = bound.get(DEMO_OPENIDS.manager)?.name ?? '店长';
    await send(DEMO_OPENIDS.cashier, storeGroup.id, `@${managerName} 收银台的小票纸快用完了，需要申领`, [
      id(DEMO_OPENIDS.manager),
    ]);
    t += 2 * MINUTE;
    await send(DEMO_OPENIDS.guide, storeGroup.id, '今天羊毛大衣卖了 6 件，库存还剩 3 件');

    t = realNow - 20 * MINUTE;
    await send(DEMO_OPENIDS.guide, direct.id, '店长，下周我想调一天班，周二换周四可以吗？');
    t += MINUTE;
    await send(DEMO_OPENIDS.guide, direct.id, '已经和小王说好了');
  } finally {
    cloud.setClock(() => Date.now());
  }
}
