// The errors a mini program's watch() receives, in the real client's shape. The client SDK
// (@cloudbase/database dist/commonjs/realtime/virtual-websocket-client.js, same code inside
// wx.cloud) closes a watch with a CloudSDKError whose errCode is one of the realtime codes of the
// wx.cloud 错误码 table and whose message reads `errCode: <code> <label> | errMsg: <errMsg>`:
//   - the server refuses INIT_WATCH (security rules, COLLECTION_PERMISSION_DENIED, is not retried):
//     -402002 "init watch fail", errMsg the server's `Watch Error {"code":…,"message":…} (requestid: …)`;
//   - the server sends an ERROR message on an open watch: -402006, errMsg `<code> - <message>`;
//   - the socket closes: -402009 "websocket connection closed".
// Browser-safe: no imports.

export interface WatchError {
  errCode: number;
  errMsg: string;
}

export const WATCH_INIT_FAIL = -402002;
export const WATCH_SERVER_ERROR = -402006;
export const WATCH_CONNECTION_CLOSED = -402009;
/** Starts the warning the local cloud prints for a query CloudBase's rule limits refuse (e2e reads it). */
export const LIMIT_REFUSAL_MARK = '[realtime] refused by CloudBase rule limits:';
/** The server's code when the security rules refuse a watch. */
export const COLLECTION_PERMISSION_DENIED = 'COLLECTION_PERMISSION_DENIED';

const LABELS: Record<number, string> = {
  [WATCH_INIT_FAIL]: 'realtime listener init watch fail',
  [WATCH_SERVER_ERROR]: 'realtime listener receive server error msg',
  [WATCH_CONNECTION_CLOSED]: 'realtime listener websocket connection closed',
};

let requests = 0;
const requestId = () => `local_${Date.now()}_${++requests}`;

/** INIT_WATCH refused by the server (what a non-member's or an over-broad query's watch gets). */
export function initWatchFail(code: string, message: string): WatchError {
  return {
    errCode: WATCH_INIT_FAIL,
    errMsg: `Watch Error ${JSON.stringify({ code, message })} (requestid: ${requestId()})`,
  };
}

/** An ERROR message from the server on a watch that was open (a member removed meanwhile). */
export function serverError(code: string, message: string): WatchError {
  return { errCode: WATCH_SERVER_ERROR, errMsg: `${code} - ${message}` };
}

export const connectionClosed = (reason: string): WatchError => ({
  errCode: WATCH_CONNECTION_CLOSED,
  errMsg: `connection closed: ${reason}`,
});

/** What onError receives in the mini program: an Error carrying errCode and errMsg. */
export function toClientError(e: WatchError): Error & WatchError {
  const label = LABELS[e.errCode] ?? '';
  return Object.assign(new Error(`errCode: ${e.errCode} ${label} | errMsg: ${e.errMsg}`), {
    errCode: e.errCode,
    errMsg: e.errMsg,
  });
}
