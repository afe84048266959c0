// A conversation's or person's avatar (WeCom convention): a photo when there is one, else a
// rounded square in a colour derived from the id with the last two characters of a person's name,
// or the first character of a group's name.
import { DEFAULT_AVATAR_COLOR, avatarColor, avatarText } from '../../utils/avatar';

Component({
  properties: {
    name: { type: String, value: '' },
    seed: { type: String, value: '' },
    src: { type: String, value: '' },
    group: { type: Boolean, value: false },
    size: { type: Number, value: 88 },
  },
  data: { text: '', color: DEFAULT_AVATAR_COLOR },
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
