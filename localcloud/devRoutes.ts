// Local-only helpers around the emulated WeChat side (never part of a deployment):
//   GET  /api/dev/notifications?openid=…  → { items: [{ templateId, page, data, at }] }, newest
//        first: the user's 服务通知 (what subscribeMessage.send delivered)
//   POST /api/dev/subscribe { openid, templateIds } → what wx.requestSubscribeMessage answers
//        after the user taps 允许 (the preview's popup calls it)
//   POST /api/dev/triggers/<fn> → fires that function's timer trigger now (tests, the preview)
import type { LocalServer } from './server';
import { readBody, sendJson } from './server';

export function registerDevRoutes(server: LocalServer): void {
  const { cloud } = server;
  const subscriptions = cloud.openapi.subscriptions;

  server.route('GET', '/api/dev/notifications', (_req, res, url) => {
    const openid = url.searchParams.get('openid') ?? '';
    if (!openid) return sendJson(res, 400, { error: 'openid is required' });
    const items = subscriptions
      .deliveriesTo(openid)
      .map(({ templateId, page, data, at }) => ({ templateId, page, data, at }))
      .reverse();
    sendJson(res, 200, { items });
  });

  server.route('POST', '/api/dev/subscribe', async (req, res) => {
    let body: { openid?: unknown; templateIds?: unknown };
    try {
      body = JSON.parse((await readBody(req)).toString('utf8') || '{}') as typeof body;
    } catch {
      return sendJson(res, 400, { error: 'body is not JSON' });
    }
    const ids = Array.isArray(body.templateIds) ? body.templateIds.filter((x) => typeof x === 'string') : [];
    if (typeof body.openid !== 'string' || !body.openid || !ids.length)
      return sendJson(res, 400, { error: 'openid and templateIds are required' });
    sendJson(res, 200, { result: subscriptions.grant(body.openid, ids as string[]) });
  });

  server.route('POST', '/api/dev/triggers/', async (_req, res, url) => {
    const fn = decodeURIComponent(url.pathname.slice('/api/dev/triggers/'.length));
    if (!cloud.isFunction(fn)) return sendJson(res, 404, { error: 'no such function' });
    const { result } = await cloud.trigger(fn);
    sendJson(res, 200, result);
  });
}
