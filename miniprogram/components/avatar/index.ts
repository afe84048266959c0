// A person's avatar, the WeCom way: their photo when they have one, else a rounded square in a
// colour derived from the employee id (stable across renames) with the last two characters of
// the name in white. The palette and hash live in utils/avatar, so a person looks the same everywhere.
import { DEFAULT_AVATAR_COLOR, avatarColor, avatarText } from '../../utils/avatar';

Component({
  properties: {
    employeeId: { type: String, value: '' },
    name: { type: String, value: '' },
    src: { type: String, value: '' },
    /** Side length in rpx. */
    size: { type: Number, value: 80 },
  },
  data: { text: '', color: DEFAULT_AVATAR_COLOR },
  observers: {
    'employeeId, name'(this: WechatMiniprogram.Component.TrivialInstance, employeeId: string, name: string) {
      this.setData({ text: avatarText(name), color: avatarColor(employeeId || name) });
    },
  },
});
