// Splits text around case-insensitive keyword matches so the page can colour the hits.
export interface Segment {
  text: string;
  hit: boolean;
}

const MAX_SNIPPET = 80;

export function highlight(text: string, keyword: string): Segment[] {
  if (!keyword) return [{ text, hit: false }];
  const lower = text.toLowerCase();
  const k = keyword.toLowerCase();
  // Long messages: start the snippet a little before the first hit so it is visible.
  const first = lower.indexOf(k);
  let start = 0;
  let prefix = '';
  if (first > MAX_SNIPPET / 2) {
    start = first - 10;
    prefix = '…';
  }
  const out: Segment[] = prefix ? [{ text: prefix, hit: false }] : [];
  let i = start;
  while (i < text.length) {
    const at = lower.indexOf(k, i);
    if (at < 0) {
      out.push({ text: text.slice(i), hit: false });
      break;
    }
    if (at > i) out.push({ text: text.slice(i, at), hit: false });
    out.push({ text: text.slice(at, at + k.length), hit: true });
    i = at + k.length;
  }
  return out;
}
