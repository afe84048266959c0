// Who I am, cached for the session: tab pages ask on every onShow, and only the first ask (or a
// forced refresh after binding) goes to the cloud. Unbound or departed users are sent to the
// bind page — the cloud refuses them everything else anyway.
import type { Department, MeResult } from '../../typings/api';
import { BIND_PAGE, call, onSessionLost } from './cloud';

let cached: MeResult | null = null;
let pending: Promise<MeResult> | null = null;

export function loadMe(force = false): Promise<MeResult> {
  if (cached && !force) return Promise.resolve(cached);
  if (!pending || force) {
    pending = call('directory', 'me')
      .then((me) => {
        cached = me;
        return me;
      })
      .finally(() => {
        pending = null;
      });
  }
  return pending;
}

/** What `me` said last, synchronously (null before the first answer): for code inside a tap. */
export const currentMe = (): MeResult | null => cached;

/** After bind/bindByPhone: the answer is known, no need to ask again. */
export function setMe(me: MeResult): void {
  cached = me;
}

export function clearSession(): void {
  cached = null;
  pending = null;
}

/**
 * For tab pages' onShow: resolves to `me` when bound; otherwise relaunches into the bind page
 * and resolves to null (the caller then stops loading).
 */
export async function ensureBound(): Promise<MeResult | null> {
  const me = await loadMe();
  if (me.bound) return me;
  wx.reLaunch({ url: BIND_PAGE });
  return null;
}

// A call failed with UNAUTHENTICATED (e.g. offboarded meanwhile): services/cloud goes to the bind
// page, and who I was is forgotten with it.
onSessionLost(clearSession);

// ---- the department tree, shared by 通讯录 and its drill-down pages ----

const TREE_TTL_MS = 60_000;
let tree: { at: number; items: Department[] } | null = null;

/** The whole tree (hundreds of rows at most), reused while drilling down for a minute. */
export async function loadDepartments(force = false): Promise<Department[]> {
  if (tree && !force && Date.now() - tree.at < TREE_TTL_MS) return tree.items;
  const { items } = await call('directory', 'departments');
  tree = { at: Date.now(), items };
  return items;
}

export function forgetDepartments(): void {
  tree = null;
}
