// Which pending messages one sequencing batch keeps, in what order, and the seqs it hands out
// (services/sequencer.ts runs it inside the transaction that writes the conversation head).
//
// A pending message passed every check when its sender inserted it; the batch re-checks what
// another request may have changed since, from documents the transaction already holds: the
// conversation is still open, mute-all still lets the sender post, @all is still allowed, and
// the sender is still a member (the member documents read just before the transaction; a
// removal in between bumps the conversation's lastSeq with its system line, which sends the
// batch back to re-read). A refused message is dropped and its sender re-runs the checks,
// which then answer with the right error.
import type { MemberRole } from '../../../typings/api';
import { mayMentionAll } from './mentions';
import { postRefusal } from './message';

export interface PendingEntry {
  id: string;
  senderId: string | null;
  createdAt: number;
  mentions?: string[] | 'all';
}

export interface BatchContext {
  /** The conversation's lastSeq inside the transaction: the first kept message gets lastSeq + 1. */
  lastSeq: number;
  /** False when the conversation is gone, being created or deleted, dissolved or disabled. */
  open: boolean;
  type: 'group' | 'direct';
  muteAll: boolean;
  /** The sender's role now, or null when they are no longer a member. */
  roleOf(senderId: string): MemberRole | null;
}

export interface BatchPlan {
  /** In seq order. */
  kept: { id: string; seq: number }[];
  dropped: string[];
}

/** Oldest first; ties (the same millisecond) by id, so every sequencer orders a batch alike. */
export const byArrival = (a: PendingEntry, b: PendingEntry): number =>
  a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function stillAllowed(ctx: BatchContext, p: PendingEntry): boolean {
  if (!ctx.open || !p.senderId) return false;
  const role = ctx.roleOf(p.senderId);
  if (!role) return false;
  if (postRefusal({ status: 'active', muteAll: ctx.muteAll, role })) return false;
  return p.mentions !== 'all' || mayMentionAll(role, ctx.type);
}

export function planBatch(ctx: BatchContext, pending: readonly PendingEntry[]): BatchPlan {
  const plan: BatchPlan = { kept: [], dropped: [] };
  let seq = ctx.lastSeq;
  for (const p of [...pending].sort(byArrival)) {
    if (stillAllowed(ctx, p)) plan.kept.push({ id: p.id, seq: ++seq });
    else plan.dropped.push(p.id);
  }
  return plan;
}
