// Search terms for messages (爬楼). CloudBase has no full-text index for Chinese, and a RegExp
// query reads every message in scope. So each searchable message is cut into terms — every
// single character and every pair of adjacent characters of its lower-cased text (or file name)
// — and the store keeps one small document per distinct term (store/searchTerms.ts), indexed by
// term. A keyword of n ≥ 2 characters contains the bigram at any of its n-1 positions, so every
// message containing the keyword has an entry under each of the keyword's bigrams; a
// one-character keyword uses its single-character term. The index only narrows: the message
// itself is then checked for the whole keyword (`containsKeyword`), so a bigram shared by
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
