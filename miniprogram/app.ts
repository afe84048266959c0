// The mini program entry. `env` is left to the environment the project is opened with in DevTools.
App({
  onLaunch() {
    if (wx.cloud) wx.cloud.init({ traceUser: true });
  },
});
