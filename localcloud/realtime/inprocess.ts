// The in-process watch/read transport: page tests talk to the local cloud's hub directly.
import type { LocalCloud } from '../cloud';
import type { WatchTransport } from '../client/watch';
import { clientRead } from './clientReads';
import { realtimeHub } from './hub';

export function inProcessWatch(cloud: LocalCloud): WatchTransport {
  return {
    watch: (openid, query, listener) => realtimeHub(cloud).watch(openid, query, listener),
    read: async (openid, read) => clientRead(realtimeHub(cloud), openid, read),
  };
}
