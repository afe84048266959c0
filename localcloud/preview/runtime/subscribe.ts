// wx.requestSubscribeMessage and wx.getSetting({ withSubscriptions }) in the preview, as WeChat
// behaves: a bottom sheet "同事 申请 发送以下消息" with the template, a 总是保持以上选择，不再询问
// tick, 取消 / 允许. 允许 tells the local cloud's emulated WeChat that this user allows one more
// card (POST /api/dev/subscribe); with the tick kept, later requests grant silently, as WeChat's
// do. Kept choices live in this identity's localStorage (WeChat keeps them per user).
const TITLES: Record<string, string> = {};
const titleOf = (id: string) => TITLES[id] ?? '新消息提醒';

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string) {
  const e = document.createElement(tag);
  e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

function popup(ids: string[]): Promise<{ allow: boolean; keep: boolean }> {
  return new Promise((resolve) => {
    const mask = el('div', 'wx-mask');
    const sheet = el('div', 'wx-subscribe');
    sheet.appendChild(el('div', 'wx-subscribe-head', '同事 申请'));
    sheet.appendChild(el('div', 'wx-subscribe-title', '发送以下消息'));
    for (const id of ids) sheet.appendChild(el('div', 'wx-subscribe-item', `${titleOf(id)}  ✓`));
    const keepRow = el('label', 'wx-subscribe-keep');
    const keep = el('input', '');
    keep.type = 'checkbox';
    keepRow.append(keep, document.createTextNode(' 总是保持以上选择，不再询问'));
    sheet.appendChild(keepRow);
    const buttons = el('div', 'wx-subscribe-buttons');
    const done = (allow: boolean) => {
      mask.remove();
      resolve({ allow, keep: keep.checked });
    };
    const cancel = el('button', 'wx-subscribe-button cancel', '取消');
    cancel.addEventListener('click', () => done(false));
    const allow = el('button', 'wx-subscribe-button allow', '允许');
    allow.addEventListener('click', () => done(true));
    buttons.append(cancel, allow);
    sheet.appendChild(buttons);
    mask.appendChild(sheet);
    (document.getElementById('overlay') as HTMLElement).appendChild(mask);
  });
}

export interface SubscribeApi {
  requestSubscribeMessage(tmplIds: string[]): Promise<Record<string, string>>;
  itemSettings(): Record<string, string>;
}

/**
 * WeChat opens the sheet only from a user's tap (base library ≥ 2.8.2); elsewhere the call fails
 * with "can only be invoked by user TAP gesture". A tap here is a touch or click ending within
 * the last second (handlers run synchronously after it; a page that awaits first is too late).
 */
const GESTURE_MS = 1000;
let lastGesture = 0;
for (const type of ['touchend', 'click'])
  document.addEventListener(type, () => (lastGesture = Date.now()), { capture: true });

export function createSubscribeApi(openid: string): SubscribeApi {
  const key = (id: string) => `tongshi-preview:${openid}:subscribe:${id}`;
  const kept = (id: string) => localStorage.getItem(key(id));
  const grant = async (ids: string[]): Promise<Record<string, string>> => {
    const res = await fetch('/api/dev/subscribe', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ openid, templateIds: ids }),
    });
    if (!res.ok) throw new Error(`subscribe failed (${res.status})`);
    return ((await res.json()) as { result: Record<string, string> }).result;
  };
  return {
    async requestSubscribeMessage(tmplIds) {
      if (!Array.isArray(tmplIds) || !tmplIds.length) throw new Error("TmplIds can't be empty");
      if (tmplIds.length > 5) throw new Error('Templates count out of max bounds');
      if (Date.now() - lastGesture > GESTURE_MS) throw new Error('can only be invoked by user TAP gesture.');
      // Every id kept: no popup, the kept answer again (an accept grants one more card).
      if (tmplIds.every((id) => kept(id))) {
        const accepted = tmplIds.filter((id) => kept(id) === 'accept');
        const granted = accepted.length ? await grant(accepted) : {};
        return Object.fromEntries(tmplIds.map((id) => [id, granted[id] ?? kept(id) ?? 'reject']));
      }
      const { allow, keep } = await popup(tmplIds);
      if (keep) for (const id of tmplIds) localStorage.setItem(key(id), allow ? 'accept' : 'reject');
      if (!allow) return Object.fromEntries(tmplIds.map((id) => [id, 'reject']));
      return grant(tmplIds);
    },
    itemSettings() {
      const out: Record<string, string> = {};
      const prefix = key('');
      for (const k of Object.keys(localStorage))
        if (k.startsWith(prefix)) out[k.slice(prefix.length)] = localStorage.getItem(k) as string;
      return out;
    },
  };
}
