// Function tests: the real cloud functions, in-process, over a fresh in-memory local cloud.
import type { Envelope, FunctionName } from '../../typings/api';
import { LocalCloud } from '../../localcloud/cloud';

export const SETUP_TOKEN = 'local-setup';

export function openCloud(): LocalCloud {
  process.env.TONGSHI_SETUP_TOKEN = SETUP_TOKEN;
  return new LocalCloud();
}

/** Data of a successful call; fails the test with the error otherwise. */
export async function ok<T = unknown>(cloud: LocalCloud, fn: FunctionName, openid: string, data: object): Promise<T> {
  const res = (await cloud.invoke(fn, openid, data)) as Envelope<T>;
  if (!res.ok) throw new Error(`${fn}.${(data as { action?: string }).action} failed: ${JSON.stringify(res.error)}`);
  return res.data;
}

/** The error code of a call that must fail. */
export async function errorOf(cloud: LocalCloud, fn: FunctionName, openid: string, data: object) {
  const res = await cloud.invoke(fn, openid, data);
  if (res.ok) throw new Error(`${fn}.${(data as { action?: string }).action} unexpectedly succeeded`);
  return res.error;
}

export async function bootstrapAdmin(cloud: LocalCloud, openid = 'o_admin') {
  return ok<{ employee: { id: string } }>(cloud, 'admin', openid, {
    action: 'bootstrap',
    name: '王建国',
    mobile: '13800000000',
    setupToken: SETUP_TOKEN,
  });
}
