// The demo company (a men's clothing retailer, 雅戈服饰 style) seeded on first `npm start`:
// head-office departments, a 门店 tree of 16 stores with 店长/导购/收银, ~1,200 employees,
// one admin and a handful of bound demo identities. Later seed steps (groups, messages) go
// through the real cloud functions so the demo obeys the same rules as users.
import type { LocalCloud } from '../cloud';
import { buildEmployee } from '../../cloudfunctions/core/domain/employee';
import { reindexEmployees } from '../../cloudfunctions/core/store/directoryIndex';
import { newInviteCode, INVITE_TTL_MS } from '../../cloudfunctions/core/domain/invite';
import { db } from '../../cloudfunctions/core/platform/cloud';
import type { DepartmentDoc, EmployeeDoc } from '../../cloudfunctions/core/store/documents';
import { markNameKeysFilled } from '../../cloudfunctions/core/store/nameKeys';
import { DEFAULT_SETTINGS, SETTINGS_ID } from '../../cloudfunctions/core/store/settings';
import { mobileMaker, nameMaker, prng } from './names';
import { seedDemoConversations } from './conversations';

export const DEMO_COMPANY = '衡川男装';

interface DeptSpec {
  name: string;
  roles?: [position: string, count: number][];
  children?: DeptSpec[];
}

const store = (name: string, guides: number): DeptSpec => ({
  name,
  roles: [
    ['店长', 1],
    ['副店长', 1],
    ['导购', guides],
    ['收银', 4],
    ['陈列师', 2],
  ],
});

const REGIONS: [string, string[]][] = [
  ['华东区', ['上海南京路店', '杭州湖滨店', '南京新街口店', '苏州观前店']],
  ['华南区', ['广州天河店', '深圳万象城店', '厦门中山路店', '福州东街口店']],
  ['华北区', ['北京王府井店', '天津滨江道店', '济南泉城路店', '石家庄北国店']],
  ['西南区', ['成都春熙路店', '重庆解放碑店', '昆明南屏街店', '贵阳喷水池店']],
];

export const COMPANY: DeptSpec[] = [
  {
    name: '总经办',
    roles: [
      ['总经理', 1],
      ['副总经理', 2],
      ['总经理助理', 3],
      ['行政专员', 3],
    ],
  },
  {
    name: '人事部',
    roles: [
      ['人事经理', 1],
      ['招聘专员', 4],
      ['培训专员', 3],
      ['薪酬专员', 2],
    ],
  },
  {
    name: '财务部',
    roles: [
      ['财务经理', 1],
      ['会计', 5],
      ['出纳', 3],
      ['审计专员', 2],
    ],
  },
  {
    name: '仓储物流部',
    roles: [['物流经理', 1]],
    children: [
      {
        name: '中心仓',
        roles: [
          ['仓库主管', 2],
          ['仓管员', 18],
          ['拣货员', 20],
        ],
      },
      {
        name: '配送组',
        roles: [
          ['配送主管', 1],
          ['司机', 14],
        ],
      },
    ],
  },
  {
    name: '门店',
    roles: [['零售总监', 1]],
    children: REGIONS.map(([region, stores]) => ({
      name: region,
      roles: [
        ['区域经理', 1],
        ['督导', 3],
      ],
      children: stores.map((s, i) => store(s, 56 + ((i * 7) % 9))),
    })),
  },
];

/** Bound demo identities: act as these over HTTP (X-WX-OPENID) or in the preview. */
export const DEMO_OPENIDS = {
  admin: 'o_demo_admin',
  manager: 'o_demo_manager',
  guide: 'o_demo_guide',
  cashier: 'o_demo_cashier',
  hr: 'o_demo_hr',
  finance: 'o_demo_finance',
  logistics: 'o_demo_logistics',
  regional: 'o_demo_regional',
} as const;

export interface DemoRoster {
  departments: DepartmentDoc[];
  employees: EmployeeDoc[];
}

export function buildDemoRoster(now: number): DemoRoster {
  const random = prng(20261125);
  const nextName = nameMaker(random);
  const nextMobile = mobileMaker(random);
  const departments: DepartmentDoc[] = [];
  const employees: EmployeeDoc[] = [];
  let deptNo = 0;
  let staffNo = 0;
  const walk = (spec: DeptSpec, parent: DepartmentDoc | null, order: number) => {
    const dept: DepartmentDoc = {
      _id: `dept${String(++deptNo).padStart(3, '0')}`,
      name: spec.name,
      parentId: parent?._id ?? null,
      order,
      path: parent ? `${parent.path}/${spec.name}` : spec.name,
      createdAt: now,
    };
    departments.push(dept);
    for (const [position, count] of spec.roles ?? []) {
      for (let i = 0; i < count; i++) {
        const no = `HC${String(++staffNo).padStart(5, '0')}`;
        employees.push(
          buildEmployee(
            {
              id: `emp${String(staffNo).padStart(5, '0')}`,
              name: nextName(),
              mobile: nextMobile(),
              position,
              employeeNo: no,
              departmentIds: [dept._id],
              inviteCode: newInviteCode(),
              inviteExpiresAt: now + INVITE_TTL_MS,
            },
            now,
          ),
        );
      }
    }
    (spec.children ?? []).forEach((child, i) => walk(child, dept, i + 1));
  };
  COMPANY.forEach((spec, i) => walk(spec, null, i + 1));
  return { departments, employees };
}

/** Binds the demo identities to recognisable roster entries (first match of each position). */
function bindDemoIdentities(roster: DemoRoster): Map<string, EmployeeDoc> {
  const pick = (position: string, path?: string) =>
    roster.employees.find(
      (e) =>
        e.position === position &&
        !e.openid &&
        (!path || roster.departments.find((d) => d._id === e.departmentIds[0])?.path.endsWith(path)),
    );
  const chosen: [string, EmployeeDoc | undefined][] = [
    [DEMO_OPENIDS.admin, pick('总经理')],
    [DEMO_OPENIDS.manager, pick('店长', '上海南京路店')],
    [DEMO_OPENIDS.guide, pick('导购', '上海南京路店')],
    [DEMO_OPENIDS.cashier, pick('收银', '上海南京路店')],
    [DEMO_OPENIDS.hr, pick('人事经理')],
    [DEMO_OPENIDS.finance, pick('财务经理')],
    [DEMO_OPENIDS.logistics, pick('物流经理')],
    [DEMO_OPENIDS.regional, pick('区域经理', '华东区')],
  ];
  const bound = new Map<string, EmployeeDoc>();
  for (const [openid, e] of chosen) {
    if (!e) continue;
    e.openid = openid;
    e.inviteCode = null;
    e.inviteExpiresAt = null;
    if (openid === DEMO_OPENIDS.admin) e.isAdmin = true;
    bound.set(openid, e);
  }
  return bound;
}

async function addInBatches(name: string, docs: object[]): Promise<void> {
  for (let i = 0; i < docs.length; i += 500) {
    await db()
      .collection(name)
      .add({ data: docs.slice(i, i + 500) as unknown as Record<string, unknown> });
  }
}

export async function isSeeded(cloud: LocalCloud): Promise<boolean> {
  return cloud.db.tables.count('employees') > 0;
}

export async function seedDemo(cloud: LocalCloud): Promise<Map<string, EmployeeDoc>> {
  const now = Date.now();
  const roster = buildDemoRoster(now);
  const bound = bindDemoIdentities(roster);
  await cloud.runAs('seed', async () => {
    await addInBatches('departments', roster.departments);
    await addInBatches('employees', roster.employees);
    await reindexEmployees(roster.employees.map((e) => e._id));
    await addInBatches(
      'bindings',
      [...bound].map(([openid, e]) => ({ _id: openid, employeeId: e._id, boundAt: now, via: 'invite' })),
    );
    await db()
      .collection('settings')
      .doc(SETTINGS_ID)
      .set({ data: { ...DEFAULT_SETTINGS, bootstrappedAt: now, updatedAt: now } });
    await markNameKeysFilled();
  });
  await seedDemoConversations(cloud, bound, roster.departments);
  // The seeded chats are history: nobody is sent a 服务通知 about them.
  await cloud.runAs('seed', async () => {
    const _ = db().command;
    await db()
      .collection('messages')
      .where({ notifyAt: _.exists(true) })
      .update({ data: { notifyAt: _.remove() } });
  });
  return bound;
}
