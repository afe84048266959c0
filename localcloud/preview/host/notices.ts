// 服务通知 beside each phone: the subscription messages the emulated WeChat delivered to that
// user (GET /api/dev/notifications), newest first, as WeChat's 服务通知 list shows them. Tapping
// a card opens the mini program at the card's page in that phone, as WeChat does.

interface Card {
  templateId: string;
  page: string;
  data: Record<string, { value: string }>;
  at: number;
}

/** Labels of the local template's keys (core/platform/subscribe.ts DEFAULT_FIELDS). */
const LABELS: Record<string, string> = { thing1: '会话', thing2: '发送人', thing3: '内容', time4: '时间' };

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string) {
  const e = document.createElement(tag);
  e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Adds the button and panel to a phone; returns a function that stops polling. */
export function attachNotices(phone: HTMLElement, openid: string, open: (page: string) => void): () => void {
  const button = el('button', 'notices-button', '服务通知');
  const count = el('span', 'notices-count');
  button.appendChild(count);
  const panel = el('div', 'notices');
  panel.hidden = true;
  const list = el('div', 'notices-list');
  panel.append(el('div', 'notices-title', '服务通知'), list);
  button.addEventListener('click', () => {
    panel.hidden = !panel.hidden;
    if (!panel.hidden) seen = cards.length;
    render();
  });
  phone.insertBefore(button, phone.children[1] ?? null);
  phone.appendChild(panel);

  let cards: Card[] = [];
  let seen = 0;
  let shownKey = '';
  const render = () => {
    const unseen = panel.hidden ? cards.length - seen : 0;
    count.textContent = unseen > 0 ? String(unseen) : '';
    const key = JSON.stringify(cards.map((c) => c.at + c.page));
    if (key === shownKey) return;
    shownKey = key;
    list.textContent = '';
    if (!cards.length) list.appendChild(el('div', 'notices-empty', '暂无服务通知'));
    for (const c of cards) {
      const card = el('div', 'notice');
      card.appendChild(el('div', 'notice-head', '新消息提醒'));
      for (const [k, { value }] of Object.entries(c.data)) {
        const line = el('div', 'notice-line');
        line.append(el('span', 'notice-label', LABELS[k] ?? k), el('span', 'notice-value', value));
        card.appendChild(line);
      }
      card.appendChild(el('div', 'notice-open', '进入小程序查看 ›'));
      card.addEventListener('click', () => {
        panel.hidden = true;
        render();
        open(c.page);
      });
      list.appendChild(card);
    }
  };

  let stopped = false;
  const poll = async () => {
    try {
      const res = await fetch(`/api/dev/notifications?openid=${encodeURIComponent(openid)}`);
      if (res.ok) cards = ((await res.json()) as { items: Card[] }).items;
      if (panel.hidden && seen > cards.length) seen = 0;
      render();
    } catch {
      // server restarting: try again on the next round
    }
    if (!stopped) timer = setTimeout(() => void poll(), 2000);
  };
  let timer: ReturnType<typeof setTimeout> = setTimeout(() => void poll(), 0);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
