// Realtime subscriptions with db.watch(), reconnecting after errors. The collections clients may
// read and why are in database-rules/README.md: the chat page watches its conversation's new
// messages and its document (mute/status/announcement), the 消息 tab its own member records
// (each carrying its conversation's head); the push carries the data, no function is called.

export interface DocChange {
  queueType: 'init' | 'update' | 'enqueue' | 'dequeue';
  dataType: 'init' | 'update' | 'replace' | 'add' | 'remove';
  docId: string;
  doc: Record<string, unknown>;
  updatedFields?: Record<string, unknown>;
  removedFields?: string[];
}

export interface Snapshot {
  id: number;
  type?: 'init';
  docs: Record<string, unknown>[];
  docChanges: DocChange[];
}

interface Watchable {
  watch(options: { onChange(s: Snapshot): void; onError(e: unknown): void }): { close(): unknown };
}
interface QueryBuilder {
  where(filter: Record<string, unknown>): QueryBuilder & Watchable;
}
interface ClientDb {
  command: { in(values: unknown[]): unknown; eq(v: unknown): unknown; gt(v: unknown): unknown };
  collection(name: string): QueryBuilder;
}

/**
 * How the real client reports a watch the security rules refuse: INIT_WATCH fails with -402002
 * (SDK_DATABASE_REALTIME_LISTENER_INIT_WATCH_FAIL) and the server's code COLLECTION_PERMISSION_DENIED
 * in the message; an open watch ended by the server carries the same code in its message
 * (@cloudbase/database realtime/virtual-websocket-client.js; wx.cloud 错误码 table).
 */
export const WATCH_INIT_FAIL = -402002;
export const COLLECTION_PERMISSION_DENIED = 'COLLECTION_PERMISSION_DENIED';

/**
 * Reconnect backoff: base × 2^failures, capped at maxMs, and given up after maxAttempts failures
 * in a row (about 4 minutes with the defaults) so a watch that keeps failing does not poll
 * forever; the page's next onShow/refresh opens a fresh one. Page tests set the base to 0.
 */
export const reconnect = { baseMs: 1000, maxMs: 30_000, maxAttempts: 12 };

export interface LiveOptions {
  collection: 'conversations' | 'members' | 'messages';
  /** Built fresh on every (re)connect, so it can follow the page's current state. */
  where: (db: ClientDb) => Record<string, unknown>;
  onSnapshot(snapshot: Snapshot): void;
  /** The rules refused the watch (no longer a member): no retry. */
  onDenied?(): void;
  /** Gave up after reconnect.maxAttempts failures in a row. */
  onGiveUp?(): void;
}

export interface Live {
  close(): void;
}

/** The security rules refused this watch, at start or later: retrying cannot help. */
export function isPermissionDenied(e: unknown): boolean {
  const x = e as { errMsg?: unknown; message?: unknown } | null;
  // errMsg may itself be an Error (the SDK passes the server's error object through).
  const text = `${String(x?.errMsg ?? '')} ${String(x?.message ?? '')}`;
  return text.includes(COLLECTION_PERMISSION_DENIED);
}

/**
 * Opens a watch and keeps it open: after an error it reconnects with backoff (1 s, 2 s, 4 s… 30 s);
 * the fresh 'init' snapshot tells the page to catch up on what it missed.
 */
export function live(options: LiveOptions): Live {
  let closed = false;
  let watcher: { close(): unknown } | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let failures = 0;
  const connect = () => {
    if (closed) return;
    try {
      const db = (wx.cloud as unknown as { database(): ClientDb }).database();
      watcher = db
        .collection(options.collection)
        .where(options.where(db))
        .watch({
          onChange: (s) => {
            failures = 0;
            if (!closed) options.onSnapshot(s);
          },
          onError: (e) => retry(e),
        });
    } catch (e) {
      retry(e);
    }
  };
  const retry = (e: unknown) => {
    watcher = null;
    if (closed) return;
    if (isPermissionDenied(e)) {
      options.onDenied?.();
      return;
    }
    if (failures >= reconnect.maxAttempts) {
      options.onGiveUp?.();
      return;
    }
    const delay = Math.min(reconnect.maxMs, reconnect.baseMs * 2 ** failures++);
    timer = setTimeout(connect, delay);
  };
  connect();
  return {
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      void watcher?.close();
      watcher = null;
    },
  };
}

/**
 * Runs `work` now, and once more after it if asked again meanwhile: bursts of snapshots become at
 * most one request in flight plus one queued.
 */
export function coalesce(work: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null;
  let again = false;
  const run = async (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        try {
          await work();
        } catch {
          // The page shows its own error state; a later snapshot retries.
        }
      } while (again);
    })();
    try {
      await running;
    } finally {
      running = null;
    }
  };
  return run;
}
