// Client-side reads for the local cloud: what a mini program's db.collection(c).where(…).get() /
// .count() and .doc(id).get() do on CloudBase, under the same security rules and limits as watch()
// (./queryRules.ts: the rule is checked against the query). Like the real client:
//   - get() returns at most 20 records (小程序端 limit 默认及上限 20; a larger limit is capped);
//   - a refusal is wx-server-sdk's toSDKError shape: errCode -502003 (DATABASE_PERMISSION_DENIED,
//     "database permission denied" in the SDK's ERR_CODE table) and errMsg
//     `collection.get:fail -502003 database permission denied. <server message>`.
// Billing: one database request per read, plus the rule's get() reads, to the reader.
import type { Doc, RealtimeHub, WatchQuery } from './hub';

/** The mini program's cap on one get() (and its default limit). */
export const CLIENT_GET_LIMIT = 20;
export const DATABASE_PERMISSION_DENIED = -502003;

export interface ClientRead extends WatchQuery {
  kind: 'get' | 'count';
  skip?: number;
}

export type ClientReadResult =
  { ok: true; data: Doc[] } | { ok: true; total: number } | { ok: false; errCode: number; errMsg: string };

export function clientRead(hub: RealtimeHub, openid: string, read: ClientRead): ClientReadResult {
  hub.cloud.meter.add(openid, 'dbRequests');
  const denied = (why: string): ClientReadResult => ({
    ok: false,
    errCode: DATABASE_PERMISSION_DENIED,
    errMsg: `Permission denied: ${why}`,
  });
  if (!openid) return denied('no caller identity');
  const verdict = hub.check(openid, read);
  if (!verdict.ok) return denied(verdict.message);
  const found = hub.find(read);
  if (read.kind === 'count') return { ok: true, total: found.length };
  const skip = Math.max(0, read.skip ?? 0);
  const limit = Math.min(CLIENT_GET_LIMIT, read.limit ?? CLIENT_GET_LIMIT);
  return { ok: true, data: JSON.parse(JSON.stringify(found.slice(skip, skip + limit))) as Doc[] };
}
