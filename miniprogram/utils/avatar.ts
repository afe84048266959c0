// WeCom-style text avatar, one rule for every place a person or group is drawn without a photo:
// a rounded square in a colour derived from a stable id (so renames keep the colour) with the last
// two characters of a person's name, or the first character of a group's name.
const PALETTE = [
  '#5b8ff9',
  '#61ddaa',
  '#f6bd16',
  '#7262fd',
  '#78d3f8',
  '#9661bc',
  '#f6903d',
  '#008685',
  '#f08bb4',
  '#07c160',
];

export const DEFAULT_AVATAR_COLOR = PALETTE[0];

export function avatarColor(seed: string): string {
  let h = 0;
  for (let i = 0; i < seed.length; i++) h = (h * 31 + seed.charCodeAt(i)) >>> 0;
  return PALETTE[h % PALETTE.length];
}

/** 张伟 → 张伟, 欧阳娜娜 → 娜娜, Li Na → Na; a group shows its first character. */
export function avatarText(name: string, group = false): string {
  const chars = [...(name || '?').trim()];
  return group ? chars[0] : chars.slice(-2).join('');
}
