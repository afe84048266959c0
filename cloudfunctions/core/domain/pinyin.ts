// Search keys for names: full pinyin and initials, so "zw" and "zhangwei" both find 张伟.
import { pinyin } from 'pinyin-pro';

export function nameSearchKeys(name: string): { initials: string; pinyin: string } {
  const syllables = pinyin(name, { toneType: 'none', type: 'array', nonZh: 'consecutive' }) as string[];
  return {
    initials: syllables
      .map((s) => s.charAt(0))
      .join('')
      .toLowerCase(),
    pinyin: syllables.join('').toLowerCase(),
  };
}

/** The A–Z letter an address-book index files a name under ("#" for non-letters). */
export function indexLetter(name: string): string {
  const first = nameSearchKeys(name).initials.charAt(0).toUpperCase();
  return /[A-Z]/.test(first) ? first : '#';
}
