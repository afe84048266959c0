// Routes other parts of the local cloud add to the HTTP server (realtime push, browser preview).
import type { LocalServer } from './server';

export async function registerExtensions(server: LocalServer): Promise<void> {
  void server;
}
