// One row of the chat: a time separator when due, then a centred system line or a bubble (own on
// the right in WeChat green, others on the left with real name and position in groups). The page
// owns all state; the bubble only reports taps with the row's key.
export type BubbleAction =
  'longpress' | 'retry' | 'receipt' | 'image' | 'imageload' | 'file' | 'avatar' | 'mention';

Component({
  options: { virtualHost: false },
  properties: {
    item: { type: Object, value: {} },
  },
  methods: {
    fire(kind: BubbleAction) {
      const item = this.data.item as { key?: string };
      this.triggerEvent('action', { kind, key: item.key });
    },
    onLongPress() {
      this.fire('longpress');
    },
    onRetry() {
      this.fire('retry');
    },
    onReceipt() {
      this.fire('receipt');
    },
    onImage() {
      this.fire('image');
    },
    onFile() {
      this.fire('file');
    },
    /** The image now has its height: the page keeps the newest message in view. */
    onImageLoad() {
      this.fire('imageload');
    },
    onAvatar() {
      this.fire('avatar');
    },
    onAvatarLongPress() {
      this.fire('mention');
    },
  },
});
