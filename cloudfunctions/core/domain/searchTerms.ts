// Search terms for messages (爬楼). CloudBase has no full-text index for Chinese, and a RegExp
// query reads every message in scope. So each searchable message is cut into terms — every
// single character and every pair of adjacent characters of its lower-cased text (or file name)
// — and the store files the message under each term (store/searchTerms.ts: one posting
// document per term, conversation and day, listing that day's messages of the conversation that
// contain the term). A keyword of n ≥ 2 characters contains the bigram at any of its n-1
// positions, so every message containing the keyword is listed under each of the keyword's
// bigrams; a one-character keyword uses its single-character term. The index only narrows: the
// message itself is then checked for the whole keyword (`containsKeyword`), so a bigram shared by
// unrelated messages never produces a false hit.

/** Characters by code point, lower-cased and NFKC-folded (全角 ＡＢＣ finds abc). */
export const foldChars = (s: string): string[] => Array.from(s.normalize('NFKC').toLowerCase());

const isSpace = (c: string): boolean => /\s/u.test(c);

/** Every distinct single character and adjacent pair (whitespace never starts or ends a term). */
export function termsOf(text: string): string[] {
  const chars = foldChars(text);
  const out = new Set<string>();
  for (let i = 0; i < chars.length; i++) {
    if (isSpace(chars[i])) continue;
    out.add(chars[i]);
    if (i + 1 < chars.length && !isSpace(chars[i + 1])) out.add(chars[i] + chars[i + 1]);
  }
  return [...out];
}

/**
 * The terms a keyword is looked up by: its bigrams (or its single characters when it has no
 * bigram), most specific first — a pair with a non-ASCII character before pure ASCII pairs,
 * which are far more common in chat text. The store queries the first and checks the rest on
 * the message itself.
 */
export function keywordTerms(keyword: string): string[] {
  const terms = termsOf(keyword);
  const pairs = terms.filter((t) => Array.from(t).length === 2);
  const chosen = pairs.length ? pairs : terms;
  const ascii = (t: string) => Array.from(t).every((c) => c.charCodeAt(0) < 0x80);
  return [...chosen.filter((t) => !ascii(t)), ...chosen.filter(ascii)];
}

/** Case- and width-insensitive substring test, the same folding as the terms. */
export const containsKeyword = (haystack: string | undefined, keyword: string): boolean =>
  haystack !== undefined && foldChars(haystack).join('').includes(foldChars(keyword).join('').trim());

/** What a message is found by: the text of a text message, the name of a file. */
export function searchableText(m: { type: string; text?: string; fileName?: string }): string | null {
  if (m.type === 'text') return m.text ?? null;
  if (m.type === 'file') return m.fileName ?? null;
  return null;
}

// ---- postings: where a message is filed (store/searchTerms.ts) ----

const DAY_MS = 86_400_000;

/** UTC day number of a time: postings group one conversation's messages of a day. */
export const dayOf = (at: number): number => Math.floor(at / DAY_MS);

/** First millisecond of a day number. */
export const dayStart = (day: number): number => day * DAY_MS;

/** Message types a posting entry names by one letter. */
const TYPE_LETTER = { text: 't', file: 'f', image: 'i' } as const;
type EntryType = keyof typeof TYPE_LETTER;

/**
 * One message in a posting: its sort key (13-digit time + 32-character id, unique and ordered
 * newest last), its type and sender — enough to filter by sender and type without reading the
 * message. A plain string, so adding it twice is a no-op ($addToSet) and removal is by value.
 */
export const entryOf = (key: string, type: EntryType, senderId: string | null): string =>
  `${key}${TYPE_LETTER[type]}${senderId ?? ''}`;

export interface Entry {
  key: string;
  messageId: string;
  type: EntryType;
  senderId: string | null;
}

export function parseEntry(entry: string): Entry {
  const letter = entry.charAt(45);
  const type = (Object.keys(TYPE_LETTER) as EntryType[]).find((t) => TYPE_LETTER[t] === letter) ?? 'text';
  return { key: entry.slice(0, 45), messageId: entry.slice(13, 45), type, senderId: entry.slice(46) || null };
}

/** A term as part of a document id: its code points in hex (ids stay plain ASCII). */
export const termIdPart = (term: string): string =>
  Array.from(term)
    .map((c) => (c.codePointAt(0) as number).toString(16))
    .join('-');
