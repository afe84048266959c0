// The @ picker's bottom sheet: search box, member rows, "加载更多". It only shows what the chat
// page hands it (pages/chat/mentions.ts decides the rows) and reports taps back as events:
// search (detail: keyword), pick (detail: { id, name }), more, close.
Component({
  properties: {
    show: { type: Boolean, value: false },
    rows: { type: Array, value: [] },
    more: { type: Boolean, value: false },
    keyword: { type: String, value: '' },
    loading: { type: Boolean, value: false },
  },
  methods: {
    onSearch(e: { detail: unknown }) {
      this.triggerEvent('search', typeof e.detail === 'string' ? e.detail : '');
    },
    onPick(e: WechatMiniprogram.TouchEvent) {
      const { id, name } = e.currentTarget.dataset as { id: string; name: string };
      this.triggerEvent('pick', { id, name });
    },
    onMore() {
      this.triggerEvent('more');
    },
    onClose() {
      this.triggerEvent('close');
    },
  },
});
