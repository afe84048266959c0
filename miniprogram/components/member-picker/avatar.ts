// WeCom-style text avatar: a colour derived from the employee id and the last two characters
// of the name (used when there is no photo).
const COLORS = [
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

export function avatarColor(id: string): string {
  let h = 0;
  for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) >>> 0;
  return COLORS[h % COLORS.length];
}

export const avatarText = (name: string): string => name.slice(-2);
