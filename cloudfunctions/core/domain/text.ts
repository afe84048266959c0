// User-written text must say something visible: a name or message made only of zero-width,
// formatting or blank characters would show as nothing (or impersonate an empty line), so it is
// refused like an empty one.

/**
 * Whitespace, zero-width and format characters (ZWSP/ZWNJ/ZWJ, bidi marks and isolates, word
 * joiner, BOM, soft hyphen, Mongolian vowel separator) and the Hangul fillers that render blank.
 */
// U+034F (combining grapheme joiner) stays outside the class: a combining mark inside one is ambiguous.
const INVISIBLE =
  /\u034F|[\s\u00AD\u115F\u1160\u180E\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFEFF\uFFA0]/gu;

export const visibleText = (s: string): string => s.replace(INVISIBLE, '');

export const isBlank = (s: string | undefined | null): boolean => !s || visibleText(s).length === 0;
