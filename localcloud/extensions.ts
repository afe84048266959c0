// Routes other parts of the local cloud add to the HTTP server (realtime push, browser preview).
import type { LocalServer } from './server';
import { registerPreview } from './preview/routes';
import { registerRealtimeRoutes } from './realtime/sse';
import { registerDevRoutes } from './devRoutes';

export async function registerExtensions(server: LocalServer): Promise<void> {
  void server;
  registerRealtimeRoutes(server);
  registerDevRoutes(server);
  await registerPreview(server);
}
