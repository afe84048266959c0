// The `wx` the pages call in the preview: navigation and bars go to the router, toasts and
// sheets to the frame's overlay, storage to localStorage (per identity), and wx.cloud to the
// local cloud over HTTP, as the identity this frame acts as.
import { createWxCloud } from '../../client/wxcloud';
import { createHttpTransport } from '../../client/http';
import type { Router } from './router';
import { resolveCloudUrl } from './cloudFiles';
import { hideToast, previewImage, showActionSheet, showModal, showToast } from './ui';
import { createSubscribeApi } from './subscribe';

/* eslint-disable @typescript-eslint/no-explicit-any -- wx options are the mini program's untyped objects */
type Options = Record<string, any>;

/** wx's async convention: success/fail/complete callbacks and a promise, both. */
function wxAsync<T extends object>(api: string, work: (o: Options) => Promise<T> | T) {
  return (o: Options = {}): Promise<T & { errMsg: string }> => {
    const run = async () => ({ errMsg: `${api}:ok`, ...(await work(o)) });
    const p = run().then(
      (res) => {
        o.success?.(res);
        o.complete?.(res);
        return res;
      },
      (e: unknown) => {
        const err = { errMsg: `${api}:fail ${e instanceof Error ? e.message : String(e)}` };
        o.fail?.(err);
        o.complete?.(err);
        throw err;
      },
    );
    // With callbacks given, WeChat does not reject the promise nobody awaits.
    if (o.success || o.fail || o.complete) p.catch(() => undefined);
    return p;
  };
}

export interface WxContext {
  router: Router;
  openid: string;
  /** Frame width (the phone), for getSystemInfo. */
  width: number;
}

export function installWx(ctx: WxContext): void {
  const w = window as any;
  const wx = w.wx as Options;
  const transport = createHttpTransport();
  const tempFiles = new Map<string, File>();
  const storageKey = (k: string) => `tongshi-preview:${ctx.openid}:${k}`;
  let clipboard = '';

  const cloud = createWxCloud({ transport, openid: () => ctx.openid }) as Options;
  const subscribe = createSubscribeApi(ctx.openid);
  const blobOf = async (filePath: string): Promise<Blob> =>
    tempFiles.get(filePath) ?? (await (await fetch(filePath)).blob());
  Object.assign(cloud, {
    uploadFile: wxAsync('cloud.uploadFile', async (o) => {
      const { fileID } = await transport.uploadFile(ctx.openid, o.cloudPath, await blobOf(o.filePath));
      return { fileID, statusCode: 200 };
    }),
    getTempFileURL: wxAsync('cloud.getTempFileURL', async (o) => {
      const ids = (o.fileList as (string | { fileID: string })[]).map((f) =>
        typeof f === 'string' ? f : f.fileID,
      );
      return { fileList: await transport.getTempFileURL(ctx.openid, ids) };
    }),
    // By file id through the bucket's read rule (the temp-url route checks it), into a local copy
    // like WeChat's temp file: the caller may delete the stored file right after (exports do).
    downloadFile: wxAsync('cloud.downloadFile', async (o) => {
      const [file] = await transport.getTempFileURL(ctx.openid, [o.fileID]);
      if (!file?.tempFileURL) throw new Error(file?.errMsg || 'file not found');
      const res = await fetch(file.tempFileURL);
      if (!res.ok) throw new Error(`download failed (${res.status})`);
      return { tempFilePath: URL.createObjectURL(await res.blob()), statusCode: 200 };
    }),
    deleteFile: wxAsync('cloud.deleteFile', async (o) => ({
      fileList: await transport.deleteFile(ctx.openid, o.fileList),
    })),
  });

  const nav = (name: string, fn: (o: Options) => Promise<void>) =>
    wxAsync(name, async (o) => {
      await fn(o);
      return {};
    });

  /** A hidden file input: chooseMedia / chooseImage / chooseMessageFile. */
  const pickFiles = (accept: string, multiple: boolean): Promise<File[]> =>
    new Promise((resolve, reject) => {
      const input = document.createElement('input');
      input.type = 'file';
      input.accept = accept;
      input.multiple = multiple;
      input.style.display = 'none';
      input.id = 'wx-file-input';
      input.addEventListener('change', () => {
        const files = Array.from(input.files ?? []);
        input.remove();
        if (files.length) resolve(files);
        else reject(new Error('cancel'));
      });
      input.addEventListener('cancel', () => {
        input.remove();
        reject(new Error('cancel'));
      });
      document.body.appendChild(input);
      input.click();
    });
  const temp = (f: File): string => {
    const url = URL.createObjectURL(f);
    tempFiles.set(url, f);
    return url;
  };

  const systemInfo = () => ({
    brand: 'devtools',
    model: 'Tongshi preview',
    pixelRatio: window.devicePixelRatio || 2,
    screenWidth: ctx.width,
    screenHeight: window.innerHeight,
    windowWidth: ctx.width,
    windowHeight: ctx.router.windowHeight(),
    statusBarHeight: 0,
    language: 'zh_CN',
    version: '8.0.50',
    system: 'Preview',
    platform: 'devtools',
    SDKVersion: '3.6.0',
    safeArea: {
      left: 0,
      right: ctx.width,
      top: 0,
      bottom: window.innerHeight,
      width: ctx.width,
      height: window.innerHeight,
    },
    theme: 'light',
  });

  Object.assign(wx, {
    cloud,
    navigateTo: nav('navigateTo', (o) => ctx.router.navigateTo(o.url)),
    redirectTo: nav('redirectTo', (o) => ctx.router.redirectTo(o.url)),
    switchTab: nav('switchTab', (o) => ctx.router.switchTab(o.url)),
    reLaunch: nav('reLaunch', (o) => ctx.router.reLaunch(o.url)),
    navigateBack: nav('navigateBack', (o) => ctx.router.navigateBack(o.delta ?? 1)),
    setNavigationBarTitle: nav('setNavigationBarTitle', async (o) =>
      ctx.router.setTitle(String(o.title ?? '')),
    ),
    setNavigationBarColor: nav('setNavigationBarColor', async () => undefined),
    showNavigationBarLoading: () => undefined,
    hideNavigationBarLoading: () => undefined,
    setBackgroundColor: nav('setBackgroundColor', async () => undefined),
    setTabBarBadge: nav('setTabBarBadge', async (o) =>
      ctx.router.setBadge(o.index, { text: String(o.text ?? '') }),
    ),
    removeTabBarBadge: nav('removeTabBarBadge', async (o) => ctx.router.setBadge(o.index, null)),
    showTabBarRedDot: nav('showTabBarRedDot', async (o) => ctx.router.setBadge(o.index, { dot: true })),
    hideTabBarRedDot: nav('hideTabBarRedDot', async (o) => ctx.router.setBadge(o.index, null)),
    showTabBar: nav('showTabBar', async () => ctx.router.setTabBarHidden(false)),
    hideTabBar: nav('hideTabBar', async () => ctx.router.setTabBarHidden(true)),
    pageScrollTo: nav('pageScrollTo', async (o) => ctx.router.scrollTo(o.scrollTop ?? 0)),
    startPullDownRefresh: nav('startPullDownRefresh', async () => ctx.router.startPullDownRefresh()),
    stopPullDownRefresh: nav('stopPullDownRefresh', async () => ctx.router.stopPullDownRefresh()),

    showToast: nav('showToast', async (o) =>
      showToast({ title: o.title, icon: o.icon, duration: o.duration, mask: o.mask }),
    ),
    hideToast: nav('hideToast', async () => hideToast()),
    showLoading: nav('showLoading', async (o) =>
      showToast({ title: o.title ?? '加载中', loading: true, mask: o.mask }),
    ),
    hideLoading: nav('hideLoading', async () => hideToast()),
    showModal: wxAsync('showModal', (o) => showModal(o)),
    requestSubscribeMessage: wxAsync('requestSubscribeMessage', (o) =>
      subscribe.requestSubscribeMessage(o.tmplIds),
    ),
    getSetting: wxAsync('getSetting', async (o) => ({
      authSetting: {},
      ...(o.withSubscriptions
        ? { subscriptionsSetting: { mainSwitch: true, itemSettings: subscribe.itemSettings() } }
        : {}),
    })),
    showActionSheet: wxAsync('showActionSheet', async (o) => {
      const tapIndex = await showActionSheet({
        itemList: o.itemList ?? [],
        itemColor: o.itemColor,
        alertText: o.alertText,
      });
      if (tapIndex === null) throw new Error('cancel');
      return { tapIndex };
    }),
    previewImage: nav('previewImage', async (o) => {
      const urls: string[] = await Promise.all((o.urls ?? []).map((u: string) => resolveCloudUrl(u)));
      const current = o.current ? await resolveCloudUrl(o.current) : undefined;
      previewImage(urls, current);
    }),
    makePhoneCall: nav('makePhoneCall', async (o) =>
      showToast({ title: `拨打 ${o.phoneNumber}`, icon: 'none' }),
    ),
    setClipboardData: nav('setClipboardData', async (o) => {
      clipboard = String(o.data ?? '');
      navigator.clipboard?.writeText(clipboard).catch(() => undefined);
      showToast({ title: '内容已复制', icon: 'none' });
    }),
    getClipboardData: wxAsync('getClipboardData', async () => ({ data: clipboard })),
    vibrateShort: nav('vibrateShort', async () => undefined),

    getStorageSync: (k: string) => {
      const v = localStorage.getItem(storageKey(k));
      return v === null ? '' : JSON.parse(v);
    },
    setStorageSync: (k: string, v: unknown) => localStorage.setItem(storageKey(k), JSON.stringify(v)),
    removeStorageSync: (k: string) => localStorage.removeItem(storageKey(k)),
    clearStorageSync: () => {
      for (const k of Object.keys(localStorage)) if (k.startsWith(storageKey(''))) localStorage.removeItem(k);
    },
    getStorage: wxAsync('getStorage', async (o) => {
      const v = localStorage.getItem(storageKey(o.key));
      if (v === null) throw new Error('data not found');
      return { data: JSON.parse(v) };
    }),
    setStorage: nav('setStorage', async (o) =>
      localStorage.setItem(storageKey(o.key), JSON.stringify(o.data)),
    ),
    removeStorage: nav('removeStorage', async (o) => localStorage.removeItem(storageKey(o.key))),

    chooseMedia: wxAsync('chooseMedia', async (o) => {
      const types: string[] = o.mediaType ?? ['image', 'video'];
      const accept = types.map((t) => (t === 'mix' ? 'image/*,video/*' : `${t}/*`)).join(',');
      const files = await pickFiles(accept, (o.count ?? 9) > 1);
      return {
        type: 'image',
        tempFiles: files.slice(0, o.count ?? 9).map((f) => ({
          tempFilePath: temp(f),
          size: f.size,
          fileType: f.type.startsWith('video') ? 'video' : 'image',
        })),
      };
    }),
    chooseImage: wxAsync('chooseImage', async (o) => {
      const files = (await pickFiles('image/*', (o.count ?? 9) > 1)).slice(0, o.count ?? 9);
      const tempFiles = files.map((f) => ({ path: temp(f), size: f.size }));
      return { tempFilePaths: tempFiles.map((t) => t.path), tempFiles };
    }),
    chooseMessageFile: wxAsync('chooseMessageFile', async (o) => {
      const ext: string[] | undefined = o.extension;
      const accept = ext?.length ? ext.map((e) => `.${e.replace(/^\./, '')}`).join(',') : '';
      const files = (await pickFiles(accept, (o.count ?? 1) > 1)).slice(0, o.count ?? 1);
      return {
        tempFiles: files.map((f) => ({
          path: temp(f),
          name: f.name,
          size: f.size,
          type: 'file',
          time: Math.floor(f.lastModified / 1000),
        })),
      };
    }),
    // The file stays where it is: its URL serves as the temp path (the browser fetches it on open).
    downloadFile: wxAsync('downloadFile', async (o) => {
      const res = await fetch(o.url);
      void res.body?.cancel();
      return { tempFilePath: o.url, statusCode: res.status };
    }),
    // A downloaded file opens in a new browser tab, where the browser shows or saves it.
    openDocument: nav('openDocument', async (o) => {
      window.open(o.filePath, '_blank', 'noopener');
    }),
    getFileSystemManager: () => ({
      readFile: (o: Options) => {
        void blobOf(o.filePath)
          .then((b): Promise<string | ArrayBuffer> => (o.encoding ? b.text() : b.arrayBuffer()))
          .then(
            (data) => o.success?.({ data }),
            (e: Error) => o.fail?.({ errMsg: `readFile:fail ${e.message}` }),
          );
      },
    }),

    getSystemInfoSync: systemInfo,
    getWindowInfo: systemInfo,
    getSystemInfo: wxAsync('getSystemInfo', async () => systemInfo()),
    getMenuButtonBoundingClientRect: () => ({
      width: 87,
      height: 32,
      top: 6,
      right: ctx.width - 7,
      bottom: 38,
      left: ctx.width - 94,
    }),
    login: wxAsync('login', async () => ({ code: `local-login-${ctx.openid}` })),
    getAccountInfoSync: () => ({
      miniProgram: { appId: 'wx-local-preview', envVersion: 'develop', version: '' },
    }),
    showShareMenu: nav('showShareMenu', async () => undefined),
    hideShareMenu: nav('hideShareMenu', async () => undefined),
  });
}
