// Search terms of a name, stored on the document itself as the array `nameKeys` (a multikey
// index: one index key per element), so "find by name" is ONE equality `{nameKeys: term}` instead
// of a RegExp that reads every document (no index answers an unanchored RegExp). Used by the back
// office's group table (conversations) and roster (employees, departed ones too). Same term
// rules as the address book (domain/directoryTerms.ts), spelled out as whole terms since an
// equality cannot take a prefix:
//  - every run of up to NAME_RUN characters starting at any character of the (normalised) name:
//    any part of a name is one of them (names cut at MAX_NAME characters);
//  - every prefix of the pinyin initials and of the full pinyin (zw, zhangw find 张伟);
//  - employees: every prefix of the mobile's digits from MOBILE_MIN on, and its last 4 digits.
// What a keyword matches, then: it occurs in the name; or it begins the initials, the full pinyin
// or (employees) the mobile; or it is the mobile's last 4 digits. A keyword longer than NAME_RUN
// characters (and not a pinyin/mobile prefix) is looked up by its first NAME_RUN characters and
// the rest checked against the name (`rest`). Bounded: at most ~200 terms for a 32-character group
// name, about 30 for a person.
import { MOBILE_MIN, normalizeKeyword } from './directoryTerms';
import { nameSearchKeys } from './pinyin';

export const NAME_RUN = 6;
const MAX_NAME = 32;
const MAX_PINYIN = 24;

const prefixes = (s: string, from = 1): string[] => {
  const out: string[] = [];
  for (let n = from; n <= s.length; n++) out.push(s.slice(0, n));
  return out;
};

/** The search terms of a name (and a mobile, for people). */
export function nameKeysOf(name: string, mobile?: string): string[] {
  const chars = Array.from(normalizeKeyword(name)).slice(0, MAX_NAME);
  const out = new Set<string>();
  for (let i = 0; i < chars.length; i++)
    for (let n = 1; n <= NAME_RUN && i + n <= chars.length; n++) out.add(chars.slice(i, i + n).join(''));
  const keys = nameSearchKeys(name);
  for (const t of prefixes(normalizeKeyword(keys.initials).slice(0, MAX_PINYIN))) out.add(t);
  for (const t of prefixes(normalizeKeyword(keys.pinyin).slice(0, MAX_PINYIN))) out.add(t);
  const digits = (mobile ?? '').replace(/\D/g, '');
  for (const t of prefixes(digits, MOBILE_MIN)) out.add(t);
  if (digits.length > 4) out.add(digits.slice(-4));
  return [...out];
}

/** How a keyword is looked up: the term, and what the matched set must also contain in its name. */
export interface NameLookup {
  term: string;
  /** A keyword longer than the stored runs: the name must also contain it (case-insensitive). */
  rest: string | null;
}

/** null: the keyword is blank and matches everything (no filter). */
export function nameLookup(keyword: string): NameLookup | null {
  const k = normalizeKeyword(keyword);
  if (!k) return null;
  const chars = Array.from(k);
  // Letters and digits up to MAX_PINYIN are whole pinyin/initials/mobile prefixes as well.
  if (chars.length <= NAME_RUN || (/^[a-z0-9]+$/.test(k) && chars.length <= MAX_PINYIN))
    return { term: k, rest: null };
  return { term: chars.slice(0, NAME_RUN).join(''), rest: k };
}
