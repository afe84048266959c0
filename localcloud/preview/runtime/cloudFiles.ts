// WeChat's <image> and previewImage accept cloud file ids (cloud://…) directly and resolve them
// to temporary URLs; so does the preview, through the local cloud's temp-url route.
const cache = new Map<string, Promise<string>>();

export function resolveCloudUrl(src: string): Promise<string> {
  if (!src.startsWith('cloud://')) return Promise.resolve(src);
  let url = cache.get(src);
  if (!url) {
    url = fetch('/api/preview/storage/temp-url', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ fileList: [src] }),
    })
      .then((r) => r.json() as Promise<{ fileList: { tempFileURL: string }[] }>)
      .then((b) => b.fileList[0]?.tempFileURL ?? '');
    url.catch(() => cache.delete(src));
    cache.set(src, url);
  }
  return url;
}
