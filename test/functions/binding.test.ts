// directory.bind / bindByPhone through the local cloud: invite rules, phone authorization,
// one openid ↔ one employee under races, and what unbound callers may do.
import type { LocalCloud } from '../../localcloud/cloud';
import type { EmployeeDoc } from '../../cloudfunctions/core/store/documents';
import { INVITE_TTL_MS } from '../../cloudfunctions/core/domain/invite';
import { errorOf, ok, openCloud } from './helpers';
import { bindAs, smallCompany } from './rosterHelpers';

let cloud: LocalCloud;
let company: Awaited<ReturnType<typeof smallCompany>>;
const realNow = Date.now;
beforeEach(async () => {
  cloud = openCloud();
  company = await smallCompany(cloud);
});
afterEach(() => {
  cloud.setClock(realNow);
  cloud.close();
});

const docs = <T>(c: string) => cloud.db.tables.scan(c, {}).docs as unknown as T[];
const employee = (id: string) => docs<EmployeeDoc>('employees').find((e) => e._id === id) as EmployeeDoc;

describe('bind by invite code', () => {
  it('binds the caller, case-insensitively, and me() then answers bound', async () => {
    const { employee: card } = await bindAs(cloud, 'o_zhang', `  ${company.code('张伟').toLowerCase()} `);
    expect(card).toMatchObject({ id: company.id('张伟'), name: '张伟' });
    expect(await ok(cloud, 'directory', 'o_zhang', { action: 'me' })).toMatchObject({
      bound: true,
      employee: { name: '张伟' },
    });
    expect(employee(company.id('张伟')).openid).toBe('o_zhang');
    expect(
      docs<{ _id: string; employeeId: string }>('bindings').find((b) => b._id === 'o_zhang')?.employeeId,
    ).toBe(company.id('张伟'));
    const audit = docs<{ action: string; targetId: string }>('audit_log').filter(
      (a) => a.action === 'employee.bind',
    );
    expect(audit).toEqual([expect.objectContaining({ targetId: company.id('张伟') })]);
  });

  it('says 邀请码无效 for an unknown code and changes nothing', async () => {
    const error = await errorOf(cloud, 'directory', 'o_x', { action: 'bind', inviteCode: 'WRONG123' });
    expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', message: '邀请码无效' });
    expect(docs('bindings')).toHaveLength(1);
  });

  it('says 邀请码已被使用 when the code was used', async () => {
    await bindAs(cloud, 'o_zhang', company.code('张伟'));
    const error = await errorOf(cloud, 'directory', 'o_other', {
      action: 'bind',
      inviteCode: company.code('张伟'),
    });
    expect(error.message).toBe('邀请码已被使用');
    expect(employee(company.id('张伟')).openid).toBe('o_zhang');
  });

  it('says 邀请码已过期 after 30 days', async () => {
    const t0 = realNow();
    cloud.setClock(() => t0 + INVITE_TTL_MS + 1000);
    const error = await errorOf(cloud, 'directory', 'o_li', {
      action: 'bind',
      inviteCode: company.code('李娜'),
    });
    expect(error.message).toBe('邀请码已过期');
    expect(employee(company.id('李娜')).openid).toBeNull();
  });

  it('refuses an openid that is already bound with CONFLICT', async () => {
    await bindAs(cloud, 'o_zhang', company.code('张伟'));
    const error = await errorOf(cloud, 'directory', 'o_zhang', {
      action: 'bind',
      inviteCode: company.code('李娜'),
    });
    expect(error.code).toBe('CONFLICT');
    expect(employee(company.id('李娜')).openid).toBeNull();
  });

  it('keeps one openid ↔ one employee when binds race', async () => {
    // one openid, five codes
    const names = ['张伟', '李娜', '王强', '赵敏', '陈静'];
    const sameOpenid = await Promise.all(
      names.map((n) => cloud.invoke('directory', 'o_racer', { action: 'bind', inviteCode: company.code(n) })),
    );
    expect(sameOpenid.filter((r) => r.ok)).toHaveLength(1);
    for (const r of sameOpenid) if (!r.ok) expect(r.error.code).toBe('CONFLICT');
    expect(docs<EmployeeDoc>('employees').filter((e) => e.openid === 'o_racer')).toHaveLength(1);
  });

  it('keeps one employee ↔ one openid when two WeChats race for one code', async () => {
    const code = company.code('王强');
    const racers = await Promise.all(
      ['o_1', 'o_2', 'o_3', 'o_4'].map((o) =>
        cloud.invoke('directory', o, { action: 'bind', inviteCode: code }),
      ),
    );
    expect(racers.filter((r) => r.ok)).toHaveLength(1);
    const bindings = docs<{ employeeId: string }>('bindings').filter(
      (b) => b.employeeId === company.id('王强'),
    );
    expect(bindings).toHaveLength(1);
  });
});

describe('bind by phone', () => {
  it('binds the active employee with the mobile WeChat vouches for', async () => {
    cloud.openapi.registerPhoneCode('pc-li', '13900000002');
    const { employee: card } = await ok<{ employee: { id: string } }>(cloud, 'directory', 'o_li', {
      action: 'bindByPhone',
      phoneCode: 'pc-li',
    });
    expect(card.id).toBe(company.id('李娜'));
    expect(employee(company.id('李娜')).openid).toBe('o_li');
    expect(cloud.openapi.calls.getPhoneNumber).toBe(1);
  });

  it('refuses an invalid or reused phone code, and a mobile not on the roster', async () => {
    expect(
      (await errorOf(cloud, 'directory', 'o_li', { action: 'bindByPhone', phoneCode: 'nope' })).message,
    ).toBe('手机号授权已失效，请重新授权');
    cloud.openapi.registerPhoneCode('pc-stranger', '13700000000');
    const error = await errorOf(cloud, 'directory', 'o_s', {
      action: 'bindByPhone',
      phoneCode: 'pc-stranger',
    });
    expect(error).toMatchObject({ code: 'NOT_FOUND', message: '该手机号不在公司花名册中，请联系管理员' });
    expect(docs('bindings')).toHaveLength(1);
  });

  it('refuses a phone whose employee is bound to another WeChat', async () => {
    await bindAs(cloud, 'o_li', company.code('李娜'));
    cloud.openapi.registerPhoneCode('pc-li2', '13900000002');
    expect(
      (await errorOf(cloud, 'directory', 'o_other', { action: 'bindByPhone', phoneCode: 'pc-li2' })).code,
    ).toBe('CONFLICT');
  });
});

describe('departed people', () => {
  it('are told they have left: me() says departed, phone binding says so instead of 不在花名册', async () => {
    await bindAs(cloud, 'o_li', company.code('李娜'));
    await ok(cloud, 'admin', 'o_admin', { action: 'offboard', employeeId: company.id('李娜') });
    expect(await ok(cloud, 'directory', 'o_li', { action: 'me' })).toMatchObject({
      bound: false,
      departed: true,
    });
    // Someone who never worked here is not told that.
    expect(await ok(cloud, 'directory', 'o_nobody', { action: 'me' })).not.toHaveProperty('departed');
    cloud.openapi.registerPhoneCode('pc-li-left', '13900000002');
    expect(
      await errorOf(cloud, 'directory', 'o_li_new', { action: 'bindByPhone', phoneCode: 'pc-li-left' }),
    ).toMatchObject({ code: 'FORBIDDEN', message: '你已从公司离职，无法再使用同事。如有疑问，请联系管理员' });
    expect(docs('bindings')).toHaveLength(1);
  });
});

describe('unbound callers', () => {
  it.each([
    ['directory', { action: 'departments' }],
    ['directory', { action: 'members' }],
    ['directory', { action: 'profile', employeeId: 'x' }],
    ['groups', { action: 'list' }],
    ['messages', { action: 'search', keyword: 'x' }],
    ['admin', { action: 'getSettings' }],
  ] as const)('get UNAUTHENTICATED from %s %j', async (fn, data) => {
    expect((await errorOf(cloud, fn, 'o_nobody', data)).code).toBe('UNAUTHENTICATED');
  });
});
