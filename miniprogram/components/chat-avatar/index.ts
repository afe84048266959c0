// A conversation's or person's avatar (WeCom convention): a photo when there is one, else a
// rounded square in a colour derived from the id with the last two characters of a person's name,
// or the first character of a group's name.
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

export function avatarColor(seed: string): string {
  let h = 0;
  for (let i = 0; i < seed.length; i++) h = (h * 31 + seed.charCodeAt(i)) >>> 0;
  return PALETTE[h % PALETTE.length];
}

export function avatarText(name: string, group: boolean): string {
  const chars = [...(name || '?')];
  return group ? chars[0] : chars.slice(-2).join('');
}

Component({
  properties: {
    name: { type: String, value: '' },
    seed: { type: String, value: '' },
    src: { type: String, value: '' },
    group: { type: Boolean, value: false },
    size: { type: Number, value: 88 },
  },
  data: { text: '', color: PALETTE[0] },
  observers: {
    'name, seed, group'(
      this: WechatMiniprogram.Component.TrivialInstance,
      name: string,
      seed: string,
      group: boolean,
    ) {
      this.setData({ text: avatarText(name, group), color: avatarColor(seed || name) });
    },
  },
});
