// Single-document transactions the way CloudBase (MongoDB underneath) behaves for apps:
// - a transaction's write takes a lock on that document until commit/abort; another
//   transaction writing it fails at once with DATABASE_TRANSACTION_CONFLICT;
// - a write to a document that someone committed after this transaction started also
//   conflicts (first committer wins), which is what keeps read-modify-write safe;
// - plain (non-transactional) writes wait for the lock instead of failing;
// - a transaction not finished within 30 s is aborted and its locks released.
import crypto from 'crypto';
import type { Doc } from './codec';

export const TRANSACTION_TIMEOUT_MS = 30_000;

export interface Transaction {
  id: string;
  startTs: number;
  /** key "coll\0idKey" → the document as this transaction will leave it (null = removed). */
  writes: Map<string, { coll: string; doc: Doc | null; id: unknown }>;
  timer: NodeJS.Timeout;
}

/** Node timers are unref'd so an open transaction never keeps a process alive; jsdom's setTimeout
 * (page tests run the local cloud in jsdom) returns a plain number without unref. */
function unrefTimer(t: NodeJS.Timeout): NodeJS.Timeout {
  (t as { unref?: () => unknown }).unref?.();
  return t;
}

export const docKey = (coll: string, idText: string): string => `${coll}\u0000${idText}`;

export class TransactionManager {
  private readonly active = new Map<string, Transaction>();
  private readonly locks = new Map<string, string>();
  private readonly waiters = new Map<string, (() => void)[]>();
  /** Commit clock; only writes committed while some transaction is open need remembering. */
  private clock = 0;
  private readonly recentCommits = new Map<string, number>();

  start(): Transaction {
    const id = `tx_${crypto.randomBytes(10).toString('hex')}`;
    const tx: Transaction = {
      id,
      startTs: this.clock,
      writes: new Map(),
      timer: unrefTimer(setTimeout(() => this.finish(tx), TRANSACTION_TIMEOUT_MS)),
    };
    this.active.set(id, tx);
    return tx;
  }

  get(id: string): Transaction | undefined {
    return this.active.get(id);
  }

  /** Returns false when the write must fail with a conflict. */
  claim(tx: Transaction, key: string): boolean {
    const holder = this.locks.get(key);
    if (holder && holder !== tx.id) return false;
    if ((this.recentCommits.get(key) ?? -1) > tx.startTs) return false;
    this.locks.set(key, tx.id);
    return true;
  }

  lockedByOther(key: string, txId?: string): boolean {
    const holder = this.locks.get(key);
    return holder !== undefined && holder !== txId;
  }

  /** Resolves when `key` is no longer locked by any transaction. */
  async waitFor(key: string): Promise<void> {
    while (this.locks.has(key)) {
      await new Promise<void>((resolve) => {
        const list = this.waiters.get(key) ?? [];
        list.push(resolve);
        this.waiters.set(key, list);
      });
    }
  }

  noteCommitted(key: string): void {
    if (this.active.size > 0) this.recentCommits.set(key, ++this.clock);
  }

  finish(tx: Transaction): void {
    clearTimeout(tx.timer);
    if (!this.active.delete(tx.id)) return;
    for (const key of tx.writes.keys()) {
      if (this.locks.get(key) !== tx.id) continue;
      this.locks.delete(key);
      const list = this.waiters.get(key);
      this.waiters.delete(key);
      list?.forEach((wake) => wake());
    }
    if (this.active.size === 0) this.recentCommits.clear();
  }

  /** Ends every open transaction as its 30 s timeout would (tests: "later, after an outage"). */
  expireAll(): number {
    const open = [...this.active.values()];
    for (const tx of open) this.finish(tx);
    return open.length;
  }

  activeCount(): number {
    return this.active.size;
  }
}
