// miniprogram/services/realtime.ts against the errors the real client produces: which ones end the
// watch (the rules refused it) and which ones are retried, and for how long.
import { isPermissionDenied, live, reconnect, WATCH_INIT_FAIL } from '../../miniprogram/services/realtime';
import {
  toClientError,
  initWatchFail,
  serverError,
  connectionClosed,
} from '../../localcloud/realtime/errors';

/* eslint-disable @typescript-eslint/no-explicit-any -- a fake of WeChat's global */
const g = global as any;
let opens = 0;
let failWith: () => unknown;

beforeEach(() => {
  opens = 0;
  reconnect.baseMs = 0;
  const query = {
    where: () => query,
    watch: (o: { onError(e: unknown): void }) => {
      opens++;
      queueMicrotask(() => o.onError(failWith()));
      return { close: () => undefined };
    },
  };
  g.wx = { cloud: { database: () => ({ command: {}, collection: () => query }) } };
});
afterEach(() => {
  reconnect.baseMs = 1000;
  delete g.wx;
});

const until = async (pred: () => boolean) => {
  for (let i = 0; i < 200 && !pred(); i++) await new Promise((r) => setTimeout(r, 1));
};

describe('realtime errors', () => {
  it('recognises the refusal in every shape the client SDK builds', () => {
    const refused = toClientError(initWatchFail('COLLECTION_PERMISSION_DENIED', 'x'));
    expect(refused.errCode).toBe(WATCH_INIT_FAIL);
    expect(isPermissionDenied(refused)).toBe(true);
    expect(isPermissionDenied(toClientError(serverError('COLLECTION_PERMISSION_DENIED', 'x')))).toBe(true);
    // @cloudbase/database passes the server's error object itself as errMsg.
    const inner = new Error(
      'Watch Error {"code":"COLLECTION_PERMISSION_DENIED","message":"x"} (requestid: 1)',
    );
    expect(
      isPermissionDenied({ errCode: 'SDK_DATABASE_REALTIME_LISTENER_INIT_WATCH_FAIL', errMsg: inner }),
    ).toBe(true);
    expect(isPermissionDenied(toClientError(initWatchFail('SYS_ERR', 'busy')))).toBe(false);
    expect(isPermissionDenied(toClientError(connectionClosed('x')))).toBe(false);
    expect(isPermissionDenied(null)).toBe(false);
  });

  it('a refused watch calls onDenied once and is never reopened', async () => {
    failWith = () => toClientError(initWatchFail('COLLECTION_PERMISSION_DENIED', 'x'));
    const onDenied = jest.fn();
    live({ collection: 'conversations', where: () => ({}), onSnapshot: () => undefined, onDenied });
    await until(() => onDenied.mock.calls.length > 0);
    await new Promise((r) => setTimeout(r, 20));
    expect(onDenied).toHaveBeenCalledTimes(1);
    expect(opens).toBe(1);
  });

  it('other failures are retried, then given up after reconnect.maxAttempts in a row', async () => {
    failWith = () => toClientError(connectionClosed('x'));
    const onGiveUp = jest.fn();
    const onDenied = jest.fn();
    live({ collection: 'members', where: () => ({}), onSnapshot: () => undefined, onDenied, onGiveUp });
    await until(() => onGiveUp.mock.calls.length > 0);
    expect(onGiveUp).toHaveBeenCalledTimes(1);
    expect(opens).toBe(reconnect.maxAttempts + 1);
    expect(onDenied).not.toHaveBeenCalled();
  });
});
