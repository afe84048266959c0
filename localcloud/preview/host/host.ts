// The preview page at `/`: one phone (or two with `?as2=`) and a panel of employees to act as.
import type { ActAsPerson as Person } from '../actAs';
import { attachNotices } from './notices';

const params = new URLSearchParams(location.search);
const phones = document.getElementById('phones') as HTMLElement;
const list = document.getElementById('people') as HTMLUListElement;
const search = document.getElementById('search') as HTMLInputElement;
const identities: { as: string; as2: string } = { as: params.get('as') ?? '', as2: params.get('as2') ?? '' };
const names = new Map<string, string>();

function frameUrl(openid: string, page?: string): string {
  const q = new URLSearchParams({ as: openid });
  const path = page ?? params.get('path');
  if (path) q.set('path', path);
  return `/frame?${q}`;
}

let stopNotices: (() => void)[] = [];

function renderPhones(): void {
  for (const stop of stopNotices) stop();
  stopNotices = [];
  phones.textContent = '';
  for (const key of ['as', 'as2'] as const) {
    const openid = identities[key];
    if (!openid) continue;
    const phone = document.createElement('div');
    phone.className = 'phone';
    phone.id = key === 'as' ? 'phone-1' : 'phone-2';
    const caption = document.createElement('div');
    caption.className = 'caption';
    caption.textContent = `${names.get(openid) ?? ''} ${openid}`.trim();
    const frame = document.createElement('iframe');
    frame.name = key === 'as' ? 'phone1' : 'phone2';
    frame.src = frameUrl(openid);
    phone.append(caption, frame);
    // A card in 服务通知 opens the mini program at its page, in this phone.
    stopNotices.push(attachNotices(phone, openid, (page) => (frame.src = frameUrl(openid, page))));
    phones.appendChild(phone);
  }
  const q = new URLSearchParams(params);
  q.set('as', identities.as);
  if (identities.as2) q.set('as2', identities.as2);
  else q.delete('as2');
  history.replaceState(null, '', `/?${q}`);
}

function actAs(key: 'as' | 'as2', openid: string): void {
  identities[key] = openid;
  renderPhones();
  renderList(lastPeople);
}

let lastPeople: Person[] = [];

function renderList(people: Person[]): void {
  lastPeople = people;
  list.textContent = '';
  for (const p of people) {
    names.set(p.openid, p.name);
    const li = document.createElement('li');
    if (p.openid === identities.as || p.openid === identities.as2) li.className = 'acting';
    const who = document.createElement('div');
    who.className = 'who';
    who.title = `以 ${p.name} 的身份使用（${p.openid}）`;
    const name = document.createElement('span');
    name.className = 'name';
    name.textContent = p.name;
    const meta = document.createElement('span');
    meta.className = 'meta';
    meta.textContent = [p.position, p.department].filter(Boolean).join(' · ');
    who.append(name, meta);
    who.addEventListener('click', () => actAs('as', p.openid));
    li.appendChild(who);
    const tag = document.createElement('span');
    tag.className = `tag${p.isAdmin ? ' admin' : ''}`;
    tag.textContent =
      p.status === 'departed' ? '已离职' : p.isAdmin ? '管理员' : p.bound ? '已绑定' : '未绑定';
    li.appendChild(tag);
    const right = document.createElement('button');
    right.textContent = '右侧';
    right.title = '在第二部手机中打开';
    right.addEventListener('click', () => actAs('as2', p.openid));
    li.appendChild(right);
    list.appendChild(li);
  }
}

let seq = 0;
async function load(keyword: string): Promise<void> {
  const mine = ++seq;
  const res = await fetch(`/api/preview/employees?q=${encodeURIComponent(keyword)}`);
  const body = (await res.json()) as { items: Person[] };
  if (mine !== seq) return;
  renderList(body.items);
  // Names are known now: caption the phones without reloading them.
  for (const [key, id] of [
    ['as', 'phone-1'],
    ['as2', 'phone-2'],
  ] as const) {
    const caption = document.querySelector(`#${id} .caption`);
    if (caption) caption.textContent = `${names.get(identities[key]) ?? ''} ${identities[key]}`.trim();
  }
}

let timer: ReturnType<typeof setTimeout> | undefined;
search.addEventListener('input', () => {
  clearTimeout(timer);
  timer = setTimeout(() => void load(search.value.trim()), 150);
});

async function main(): Promise<void> {
  if (!identities.as) {
    const info = (await (await fetch('/api/preview/info')).json()) as { defaultOpenid: string };
    identities.as = info.defaultOpenid;
  }
  renderPhones();
  await load('');
}

void main();
