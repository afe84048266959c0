// A company nobody has set up: the bind page offers the first-admin form (admin.bootstrap),
// and only then; a wrong setup token shows the cloud's error and binds nothing.
import { installPageCloud, load, openPage, settle, type PageCloud, type Rendered } from './harness';
import { clearSession } from '../../miniprogram/services/session';

/* eslint-disable-next-line @typescript-eslint/no-explicit-any -- simulate's mock of WeChat's global */
declare const wx: any;

type BindPage = {
  onSetupName(e: { detail: string }): void;
  onSetupMobile(e: { detail: string }): void;
  onSetupToken(e: { detail: string }): void;
  onBootstrap(): Promise<void>;
};

let bindId: string;
let pc: PageCloud;
beforeAll(() => {
  bindId = load('pages/bind/index');
});
beforeEach(() => {
  process.env.TONGSHI_SETUP_TOKEN = 'local-setup';
  pc = installPageCloud();
  clearSession();
  wx.reLaunch = jest.fn();
  wx.showToast = jest.fn();
});
afterEach(() => pc.close());

async function open(openid: string): Promise<Rendered> {
  pc.actAs(openid);
  const page = await openPage(bindId);
  for (let i = 0; i < 100 && page.data.checking !== false; i++) await settle(2);
  return page;
}

async function submit(page: Rendered, token: string) {
  const inst = page.instance as unknown as BindPage;
  inst.onSetupName({ detail: '王建国' });
  inst.onSetupMobile({ detail: '13800000000' });
  inst.onSetupToken({ detail: token });
  await inst.onBootstrap();
  await settle();
}

describe('bind page: first admin', () => {
  it('makes the caller the first admin with the setup token, then the form is gone for others', async () => {
    const page = await open('o_founder');
    expect(page.data.canBootstrap).toBe(true);
    expect(page.dom.textContent).toContain('初始化管理员');

    await submit(page, 'wrong');
    expect(page.data.error).toBe('初始化口令不正确');
    expect(pc.cloud.db.tables.count('employees')).toBe(0);

    await submit(page, 'local-setup');
    expect(page.data.error).toBe('');
    expect(wx.reLaunch).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/chats/index' }));
    const me = await pc.cloud.invoke('directory', 'o_founder', { action: 'me' });
    expect(me).toMatchObject({ ok: true, data: { bound: true, isAdmin: true } });

    clearSession();
    const other = await open('o_someone_else');
    expect(other.data.canBootstrap).toBe(false);
    expect(other.dom.textContent).not.toContain('初始化管理员');
  });
});
