// Conformance tests talk to the local cloud the way cloud functions do: ordinary
// `cloud.database()` code through the real wx-server-sdk, with a caller context per call.
import cloud from 'wx-server-sdk';
import { LocalCloud, type LocalCloudOptions } from '../../localcloud/cloud';

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });

export { cloud };
export type Db = ReturnType<typeof cloud.database>;

/** What the SDK throws: `{ errCode, errMsg }` (an Error with those fields). */
export interface SdkError {
  errCode: number;
  errMsg: string;
}

export function openLocal(options: LocalCloudOptions = {}): LocalCloud {
  return new LocalCloud(options);
}

/**
 * What a database call resolves to. wx-server-sdk's typings union the callback style (`void`,
 * `string`) into every result, so tests read results untyped and assert their exact shape.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Result = any;

/** Runs database code as the test caller, as a cloud function would run it. */
export function asCaller(local: LocalCloud, work: (db: Db) => unknown, openid = 'o_test'): Promise<Result> {
  return local.runAs(openid, async () => work(cloud.database()));
}

/** The error a promise rejects with, failing the test when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<SdkError> {
  try {
    await promise;
  } catch (e) {
    return e as SdkError;
  }
  throw new Error('expected the call to fail, it succeeded');
}
