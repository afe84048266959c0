// Placeholder until this page's issue lands.
Component({
  data: { description: '即将上线' },
  methods: {
    onLoad() {},
  },
});
