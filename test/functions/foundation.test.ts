// The function path end to end: identity from OPENID only, validation, envelope, bootstrap.
import type { LocalCloud } from '../../localcloud/cloud';
import { bootstrapAdmin, errorOf, ok, openCloud, SETUP_TOKEN } from './helpers';

let cloud: LocalCloud;
beforeEach(() => {
  cloud = openCloud();
});
afterEach(() => cloud.close());

const documents = () =>
  ['employees', 'bindings', 'settings', 'audit_log'].map((c) => cloud.db.tables.count(c));

describe('directory.me', () => {
  it('answers an unbound caller', async () => {
    await expect(ok(cloud, 'directory', 'o_new', { action: 'me' })).resolves.toMatchObject({
      bound: false,
      isAdmin: false,
    });
  });

  it('refuses a call without OPENID', async () => {
    expect((await errorOf(cloud, 'directory', '', { action: 'me' })).code).toBe('UNAUTHENTICATED');
  });
});

describe('admin.bootstrap', () => {
  it('makes the caller the first admin, bound and audited', async () => {
    const { employee } = await bootstrapAdmin(cloud, 'o_boss');
    const me = await ok<{ bound: boolean; isAdmin: boolean; employee: { id: string; name: string } }>(
      cloud,
      'directory',
      'o_boss',
      {
        action: 'me',
      },
    );
    expect(me).toMatchObject({ bound: true, isAdmin: true, employee: { id: employee.id, name: '王建国' } });
    expect(cloud.db.tables.count('audit_log')).toBe(1);
  });

  it('refuses a wrong token with FORBIDDEN and writes nothing', async () => {
    const error = await errorOf(cloud, 'admin', 'o_boss', {
      action: 'bootstrap',
      name: '王建国',
      mobile: '13800000000',
      setupToken: 'nope',
    });
    expect(error.code).toBe('FORBIDDEN');
    expect(documents()).toEqual([0, 0, 0, 0]);
  });

  it('refuses a second bootstrap with CONFLICT, also when racing', async () => {
    const racers = await Promise.all(
      ['o_a', 'o_b', 'o_c', 'o_d'].map((openid, i) =>
        cloud.invoke('admin', openid, {
          action: 'bootstrap',
          name: `管理员${i}`,
          mobile: `1380000000${i}`,
          setupToken: SETUP_TOKEN,
        }),
      ),
    );
    expect(racers.filter((r) => r.ok)).toHaveLength(1);
    expect(racers.filter((r) => !r.ok).map((r) => !r.ok && r.error.code)).toEqual([
      'CONFLICT',
      'CONFLICT',
      'CONFLICT',
    ]);
    // settings: the company's, and the two nameKeys walks recorded done (store/nameKeys.ts).
    expect(documents()).toEqual([1, 1, 3, 1]);
    expect(
      (
        await errorOf(cloud, 'admin', 'o_e', {
          action: 'bootstrap',
          name: '后来者',
          mobile: '13900000000',
          setupToken: SETUP_TOKEN,
        })
      ).code,
    ).toBe('CONFLICT');
  });

  it('refuses an empty OPENID with UNAUTHENTICATED', async () => {
    const error = await errorOf(cloud, 'admin', '', {
      action: 'bootstrap',
      name: '王建国',
      mobile: '13800000000',
      setupToken: SETUP_TOKEN,
    });
    expect(error.code).toBe('UNAUTHENTICATED');
    expect(documents()).toEqual([0, 0, 0, 0]);
  });
});

describe('payload validation', () => {
  const base = { action: 'bootstrap', name: '王建国', mobile: '13800000000', setupToken: SETUP_TOKEN };
  it.each([
    ['unknown action', { action: 'dropEverything' }, 'action'],
    ['missing field', { action: 'bootstrap', name: '王建国', setupToken: SETUP_TOKEN }, 'mobile'],
    ['wrong type', { ...base, mobile: 13800000000 }, 'mobile'],
    ['operator object', { ...base, name: { $gt: '' } }, 'name.$gt'],
    [
      '__proto__ key',
      JSON.parse(
        `{"action":"bootstrap","name":"王","mobile":"13800000000","setupToken":"${SETUP_TOKEN}","__proto__":{"isAdmin":true}}`,
      ),
      '__proto__',
    ],
  ])('refuses %s with INVALID_ARGUMENT naming the field, writing nothing', async (_label, payload, field) => {
    const error = await errorOf(cloud, 'admin', 'o_x', payload);
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect((error.details as { fields: { path: string }[] }).fields.map((f) => f.path)).toContain(field);
    expect(error.message).toMatch(/[\u4e00-\u9fa5]/);
    expect(documents()).toEqual([0, 0, 0, 0]);
  });

  it('turns an unexpected exception into INTERNAL with a request id and no stack', async () => {
    const spy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    cloud.db.observer = () => {
      throw new Error('disk on fire');
    };
    const error = await errorOf(cloud, 'directory', 'o_x', { action: 'me' });
    expect(error.code).toBe('INTERNAL');
    expect((error.details as { requestId: string }).requestId).toMatch(/^[0-9a-f]{16}$/);
    expect(JSON.stringify(error)).not.toMatch(/disk on fire|at .*\.ts/);
    expect(spy).toHaveBeenCalled();
    spy.mockRestore();
  });
});
