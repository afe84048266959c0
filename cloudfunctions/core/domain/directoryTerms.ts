// Address-book index keys (store/directoryKeys.ts keeps one document per key of an active
// employee). The address book lists people by department, by keyword and all together, a page at
// a time. The employee document cannot answer that through an index: `departmentIds` is an
// array (CloudBase's indexes and the local engine's answer one scalar per document), and "name
// contains / initials, pinyin or mobile start with" is a RegExp that reads every employee. So
// each active employee gets one small document per thing they can be found by, with one indexed
// string `key` = `<term> <sort>`: the term, a space, then their address-book position (pinyin,
// a space, id). Every listing is then ONE range of that index, read in order from a cursor:
//  - a list (`*` everyone, `d:<dept>` a department's own members): the keys starting with
//    `<term> ` — in address-book order;
//  - a keyword: the keys starting with `k:<keyword>` (or `t:<digits>`): every term that begins
//    with the keyword, ordered by the matched text, then pinyin.
// So a page reads about a page of index entries, whatever the company's size.
//
// Terms:
//  - `*`            everyone active;
//  - `d:<deptId>`   a direct member of the department (its own list);
//  - `a:<deptId>`   in the department or any sub-department, once per person (subtree counts);
//  - `k:<text>`     the lower-cased name and each of its suffixes (so any part of a name is a
//                   prefix of one of them; names over 6 characters: the whole name only), the
//                   pinyin initials, the full pinyin (zw, zhangw find 张伟);
//  - `t:<digits>`   the mobile, and its last 4 digits (looked up only for viewers who may see
//                   mobiles).
// One person can have several terms starting with a keyword (张伟伟: 伟伟 and 伟): a hit counts
// only under the smallest of them (`firstMatch`), so everyone appears once.

const SUFFIX_NAME_MAX = 6;
export const MOBILE_MIN = 3;

export interface TermSubject {
  _id: string;
  name: string;
  mobile: string;
  namePinyin: string;
  nameInitials: string;
  departmentIds: string[];
  status: string;
}

/** Lower-cased, NFKC-folded, without whitespace or control characters: how keys compare. */
export const normalizeKeyword = (s: string): string =>
  Array.from(s.normalize('NFKC').toLowerCase())
    .filter((c) => c > ' ')
    .join('');

/** Position in the address book: pinyin then id. A space sorts below every pinyin letter. */
export const sortKeyOf = (e: Pick<TermSubject, '_id' | 'namePinyin'>): string =>
  `${normalizeKeyword(e.namePinyin)} ${e._id}`;

export const keyOf = (term: string, sort: string): string => `${term} ${sort}`;

const digitsOf = (mobile: string): string => mobile.replace(/\D/g, '');

function nameTerms(name: string): string[] {
  const chars = Array.from(normalizeKeyword(name));
  if (chars.length > SUFFIX_NAME_MAX) return [chars.join('')];
  return chars.map((_c, i) => chars.slice(i).join(''));
}

/** The keyword-searchable terms of an employee. */
function searchTerms(e: TermSubject): string[] {
  const out = [...nameTerms(e.name), e.nameInitials, normalizeKeyword(e.namePinyin)]
    .filter(Boolean)
    .map((t) => `k:${t}`);
  const digits = digitsOf(e.mobile);
  if (digits) out.push(`t:${digits}`);
  if (digits.length > 4) out.push(`t:${digits.slice(-4)}`);
  return out;
}

/**
 * Every term of an employee. `lineage` gives a department and its ancestors. Nobody but active
 * employees is listed, so anyone else has none.
 */
export function directoryTerms(e: TermSubject, lineage: (departmentId: string) => string[]): string[] {
  if (e.status !== 'active') return [];
  const out = new Set<string>(['*']);
  for (const d of e.departmentIds) {
    out.add(`d:${d}`);
    for (const a of lineage(d)) out.add(`a:${a}`);
  }
  for (const t of searchTerms(e)) out.add(t);
  return [...out];
}

/**
 * The key prefix a keyword is looked up by, or null when nothing can match. Digits search the
 * mobile only when the viewer may see mobiles (otherwise a search would reveal them).
 */
export function keywordPrefix(keyword: string, searchMobile: boolean): string | null {
  const k = normalizeKeyword(keyword);
  if (!k) return null;
  return searchMobile && /^\d+$/.test(k) && k.length >= MOBILE_MIN ? `t:${k}` : `k:${k}`;
}

/**
 * The term an employee is listed under for a keyword prefix: the smallest of their terms that
 * really matches (a mobile's last 4 digits only when the keyword is exactly them). Null: the
 * index entry was stale or only looked alike.
 */
export function firstMatch(e: TermSubject, prefix: string): string | null {
  const digits = digitsOf(e.mobile);
  const hits = searchTerms(e).filter((t) => {
    if (!t.startsWith(prefix)) return false;
    if (t.startsWith('t:') && t !== `t:${digits}`) return t === prefix; // the last 4 digits
    return true;
  });
  return hits.length ? hits.sort()[0] : null;
}
