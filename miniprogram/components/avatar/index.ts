// A person's avatar, the WeCom way: their photo when they have one, else a rounded square in a
// colour derived from the employee id (stable across renames) with the last two characters of
// the name in white. Same palette and hash as chat-avatar, so a person looks the same everywhere.
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

export function avatarColor(employeeId: string): string {
  let h = 0;
  for (let i = 0; i < employeeId.length; i++) h = (h * 31 + employeeId.charCodeAt(i)) >>> 0;
  return PALETTE[h % PALETTE.length];
}

/** Last two characters (张伟 → 张伟, 欧阳娜娜 → 娜娜, Li Na → Na). */
export function avatarText(name: string): string {
  return [...(name || '?').trim()].slice(-2).join('');
}

Component({
  properties: {
    employeeId: { type: String, value: '' },
    name: { type: String, value: '' },
    src: { type: String, value: '' },
    /** Side length in rpx. */
    size: { type: Number, value: 80 },
  },
  data: { text: '', color: PALETTE[0] },
  observers: {
    'employeeId, name'(this: WechatMiniprogram.Component.TrivialInstance, employeeId: string, name: string) {
      this.setData({ text: avatarText(name), color: avatarColor(employeeId || name) });
    },
  },
});
