// Numbering people's messages (seq) without every sender holding the conversation document.
//
// Why not one transaction per send: a send's transaction used to read and write the conversation
// document (the seq counter) among ~8 requests, and CloudBase fails a transactional write to a
// document another transaction holds at once (store/transaction.ts). With 10 ms per request, 20
// concurrent senders in one group cost 112 requests per send and 50 lost 10 of 250 sends: each
// send held the counter for its whole transaction and every loser redid all of it.
//
// Instead a send (services/messaging.ts) inserts its message PENDING — seq 0, in a short
// transaction of its own that touches only the sender's documents — and then calls
// sequenceMessage, which numbers every pending message of the conversation, up to BATCH, in ONE
// transaction of four requests whatever the batch size: read the conversation, write its head once
// (lastSeq += k, lastMessage, mention markers, and `lastBatch`: which ids got which seqs). Right
// after the commit the messages get their seq, all at once (one conditional write each, in
// parallel: one round trip). Concurrent senders race for that transaction, and whoever wins
// numbers the others' messages too; a loser only re-reads its own message and finds it numbered.
// Measured with 10 ms a request (bench/busy.bench.ts): 50 concurrent senders went from 10 lost
// sends in 250 and ~200 requests a send to none lost and ~18 requests a send.
//
// Why it stays exact:
// - seq is still handed out only by transactions that read and write the conversation document
//   (this batch, or timeline.appendMessage for system lines), so two of them never hand out the
//   same number and lastSeq is always the newest numbered message: gap-free, and unread =
//   lastSeq − lastReadSeq stays exact. A pending message is invisible: every timeline query and
//   watch asks for `seq > n` with n ≥ 0.
// - A batch is committed before its messages carry their seq. Until they do (a round trip, or
//   longer if the call dies), the batch is `lastBatch` on the conversation: every sequencer
//   takes its messages out of the pending list and applies them before numbering (so nothing is
//   numbered twice, and no batch replaces an unapplied one), and since/history apply it when the
//   timeline stops short of lastSeq (so readers never see a hole).
// - Membership of the senders is read after the head the batch transaction compares with: every
//   removal moves that head (its system line) or closes the group, so a sender removed later is
//   caught by the transaction. messages.send reads its caller's membership after the head and
//   passes it on; the other senders' are read here (one request, none when only the caller).
// - The pending list is read outside the transaction (a transaction cannot query). It was read
//   after `head`, so if the transaction still sees head's lastSeq and droppedSends, no batch has
//   numbered or dropped anything since, and every listed message is still pending. A batch that
//   commits after this transaction started conflicts with it on the conversation document.
// - Crash-safe: the insert and the numbering are each one transaction, and giving a batch its seqs
//   is idempotent (`where seq == 0`). A message left pending by a dead call is numbered by the next send in that conversation, by a retry of the same send
//   (same clientMsgId → same id), or by the maintenance repair; an unacknowledged send that later
//   appears is the one the retry would have delivered, never a second copy.
import { planBatch } from '../domain/sequencing';
import { roleOf } from '../domain/ownership';
import { clock } from '../platform/clock';
import { getConversation, getConversationTx, updateConversationTx } from '../store/conversations';
import type { ConversationDoc, MessageDoc } from '../store/documents';
import { getMessage, removeMessageTx } from '../store/messages';
import { existingMembers } from '../store/members';
import { giveSeq, pendingMessages, stillPending } from '../store/pendingMessages';
import { isConflict, transactionOnce, type Changes, type Tx } from '../store/transaction';
import { headAfter, writeHead } from './timeline';

/** Messages numbered per transaction at most (one write of the conversation head each time). */
export const BATCH = 50;
/** The longest pause after losing the race for a batch: checking again costs one read. */
const MAX_WAIT_MS = 800;
/** Give up (the caller answers INTERNAL, the client retries with the same clientMsgId). */
const MAX_ROUNDS = 100;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Numbered {
  numbered: MessageDoc[];
  dropped: string[];
  /** The conversation's memberCount as the numbering transaction read it (0: deleted). */
  memberCount: number;
}

/**
 * A numbered message and the conversation's memberCount when it was numbered — from the batch
 * transaction that numbered it, or, numbered by another call, from the newest head this call
 * read. When it is numbered nobody else has read it (markRead stops at lastSeq): every member
 * but the sender has it unread — the sender's "N人未读" without another read (messages.send).
 */
export interface Sequenced {
  message: MessageDoc;
  memberCount: number;
}

type Attempt = ({ moved: false } & Numbered) | { moved: true; head: ConversationDoc | null };

const sameHead = (a: ConversationDoc, b: ConversationDoc) =>
  a.lastSeq === b.lastSeq && (a.droppedSends ?? 0) === (b.droppedSends ?? 0);

async function removeAll(tx: Tx, ids: readonly string[]): Promise<void> {
  for (const id of ids) await removeMessageTx(tx, id);
}

/** One transaction numbering `pending` (read after `head`), or "moved" when head is stale. */
function numberBatch(
  conversationId: string,
  head: ConversationDoc | null,
  pending: readonly MessageDoc[],
  members: ReadonlySet<string>,
): Promise<Attempt> {
  return transactionOnce<Attempt>(async (tx) => {
    const conv = await getConversationTx(tx, conversationId);
    if (!conv) {
      // The group was deleted: nothing can be numbered, and the pending ones would be orphans.
      await removeAll(
        tx,
        pending.map((m) => m._id),
      );
      return { moved: false, numbered: [], dropped: pending.map((m) => m._id), memberCount: 0 };
    }
    if (!head || !sameHead(conv, head)) return { moved: true, head: conv };
    const plan = planBatch(
      {
        lastSeq: conv.lastSeq,
        open: conv.status === 'active',
        type: conv.type,
        muteAll: conv.muteAll,
        roleOf: (senderId) => (members.has(senderId) ? roleOf(senderId, conv) : null),
      },
      pending.map((m) => ({ id: m._id, senderId: m.senderId, createdAt: m.createdAt, mentions: m.mentions })),
    );
    const byId = new Map(pending.map((m) => [m._id, m]));
    const now = clock.now();
    const numbered: MessageDoc[] = [];
    let next = conv;
    for (const { id, seq } of plan.kept) {
      const { pendingAt: _pendingAt, ...rest } = byId.get(id) as MessageDoc;
      void _pendingAt;
      const m: MessageDoc = { ...rest, seq, ...(rest.notify ? { notifyAt: now } : {}) };
      numbered.push(m);
      next = headAfter(next, m, m.senderName ?? '', now);
    }
    const changes: Changes<ConversationDoc> = {};
    if (plan.dropped.length) changes.droppedSends = (conv.droppedSends ?? 0) + plan.dropped.length;
    if (numbered.length) changes.lastBatch = { from: numbered[0].seq, ids: numbered.map((m) => m._id) };
    // One write, whatever the batch size: the messages get their seq after the commit (applyNumbered).
    if (numbered.length) await writeHead(tx, conv, next, changes);
    else if (plan.dropped.length) await updateConversationTx(tx, conv._id, changes);
    await removeAll(tx, plan.dropped);
    return { moved: false, numbered, dropped: plan.dropped, memberCount: conv.memberCount };
  });
}

/** Gives numbered messages their seq: one conditional write each, all at once (one round trip). */
async function applyNumbered(numbered: readonly MessageDoc[]): Promise<void> {
  await Promise.all(
    numbered.map((m) => giveSeq(m._id, m.seq, m.notify ? (m.notifyAt ?? clock.now()) : undefined)),
  );
}

/**
 * Finishes the conversation's newest batch if a call died between its commit and giving its
 * messages their seq (one read when there is nothing to do). Readers (messages.since/history)
 * call it when the timeline they got stops short of lastSeq; sequencers use withoutLastBatch.
 */
export async function applyLastBatch(head: ConversationDoc | null): Promise<MessageDoc[]> {
  const batch = head?.lastBatch;
  if (!batch?.ids.length) return [];
  const left = await stillPending(batch.ids);
  const numbered = left.map((m) => ({ ...m, seq: batch.from + batch.ids.indexOf(m._id) }));
  await applyNumbered(numbered);
  return numbered;
}

/**
 * The pending list with the conversation's unfinished batch taken out and applied (the list
 * must be read after `head`). A message of that batch that is still pending has seq 0 and is in
 * the list; when the list is not full it holds every pending message, so a batch id missing from
 * it is applied already: no read of its own. A full list may miss some, which are read apart.
 */
async function withoutLastBatch(
  head: ConversationDoc | null,
  listed: readonly MessageDoc[],
): Promise<{ applied: MessageDoc[]; pending: MessageDoc[] }> {
  const batch = head?.lastBatch;
  if (!batch?.ids.length) return { applied: [], pending: [...listed] };
  const inBatch = new Set(batch.ids);
  const left =
    listed.length < BATCH ? listed.filter((m) => inBatch.has(m._id)) : await stillPending(batch.ids);
  const applied = left.map((m) => ({ ...m, seq: batch.from + batch.ids.indexOf(m._id) }));
  await applyNumbered(applied);
  return { applied, pending: listed.filter((m) => !inBatch.has(m._id)) };
}

/**
 * Senders of `pending` who are still members (one request; none when every sender is in
 * `known`: members the caller read after the head this batch is checked against, so a removal
 * since then moved the head and the batch transaction finds it).
 */
async function presentSenders(
  conversationId: string,
  pending: readonly MessageDoc[],
  known: ReadonlySet<string> = new Set(),
): Promise<Set<string>> {
  const senders = [...new Set(pending.map((m) => m.senderId).filter((id): id is string => !!id))];
  const unknown = senders.filter((id) => !known.has(id));
  const present = new Set(senders.filter((id) => known.has(id)));
  if (unknown.length)
    for (const m of await existingMembers(conversationId, unknown)) present.add(m.employeeId);
  return present;
}

/**
 * Numbers the pending message `messageId` (and every other pending one of its conversation that
 * fits the batch). Resolves to the numbered message, or null when it was refused (the group
 * closed, mute-all, the sender left, @all no longer allowed) and removed: the caller re-checks
 * and answers with the reason. `head`: the conversation as read before the message was inserted.
 *
 * Who tries: the sender of the oldest pending message numbers the batch at once; the others give
 * it the time a batch takes (one request per message it numbers, timed on this call's own round
 * trips) and look again, for as long as lastSeq keeps moving or a batch holds the conversation.
 * One whose message is still pending after a wait in which nothing moved tries itself: the
 * oldest one's sender may have died. Few
 * racers means few transactions thrown away, which is what the requests per send are made of.
 */
export async function sequenceMessage(
  conversationId: string,
  messageId: string,
  head: ConversationDoc | null = null,
  memberAfterHead?: string,
): Promise<Sequenced | null> {
  let known: ConversationDoc | null = head;
  let memberCount = head?.memberCount ?? 0;
  const done = (message: MessageDoc | null): Sequenced | null => message && { message, memberCount };
  let checkMine = false; // just inserted: no need to look at it before the first attempt
  let lastSeen: number | null = null;
  let contended = false; // a batch held the conversation when this call last tried
  for (let round = 1; round <= MAX_ROUNDS; round++) {
    const [conv, mine] = await Promise.all([
      known ? known : getConversation(conversationId),
      checkMine ? getMessage(messageId) : undefined,
    ]);
    if (conv) memberCount = conv.memberCount;
    if (mine !== undefined && (!mine || mine.seq > 0)) return done(mine);
    const asked = Date.now();
    const { applied, pending } = await withoutLastBatch(conv, await pendingMessages(conversationId, BATCH));
    const finished = applied.find((m) => m._id === messageId);
    if (finished) return done(finished);
    const batchTime = Math.min(MAX_WAIT_MS, (Date.now() - asked) * (pending.length + 4));
    if (!pending.some((m) => m._id === messageId)) {
      const now = await getMessage(messageId);
      if (!now || now.seq > 0) return done(now);
      // Still pending behind a full batch of older ones: number those first.
    }
    const moving = lastSeen === null || (conv?.lastSeq ?? 0) > lastSeen || contended;
    contended = false;
    lastSeen = conv?.lastSeq ?? 0;
    known = null;
    checkMine = true;
    if (pending[0]?._id !== messageId && moving) {
      await pause(batchTime * (0.75 + Math.random() / 2));
      continue;
    }
    // The caller's membership was read after `head` (messages.send): valid while it is the head.
    const confirmed = new Set(conv === head && memberAfterHead ? [memberAfterHead] : []);
    let attempt: Attempt;
    try {
      attempt = await numberBatch(
        conversationId,
        conv,
        pending,
        await presentSenders(conversationId, pending, confirmed),
      );
    } catch (e) {
      if (!isConflict(e)) throw e;
      // Another batch holds the conversation and most likely numbers this message too.
      contended = true;
      await pause(batchTime * (0.5 + Math.random()));
      continue;
    }
    if (attempt.moved) {
      known = attempt.head;
      continue;
    }
    await applyNumbered(attempt.numbered);
    memberCount = attempt.memberCount;
    const numbered = attempt.numbered.find((m) => m._id === messageId);
    if (numbered) return done(numbered);
    if (attempt.dropped.includes(messageId)) return null;
    checkMine = false;
  }
  throw new Error(`sequencing ${conversationId}: still pending after ${MAX_ROUNDS} rounds`);
}

/** Numbers every pending message of a conversation (the repair); resolves to those it numbered. */
export async function sequenceAll(conversationId: string): Promise<MessageDoc[]> {
  const out: MessageDoc[] = [];
  for (let round = 1; round <= MAX_ROUNDS; round++) {
    const conv = await getConversation(conversationId);
    const { applied, pending } = await withoutLastBatch(conv, await pendingMessages(conversationId, BATCH));
    out.push(...applied);
    if (!pending.length) return out;
    try {
      const attempt = await numberBatch(
        conversationId,
        conv,
        pending,
        await presentSenders(conversationId, pending),
      );
      if (!attempt.moved) {
        await applyNumbered(attempt.numbered);
        out.push(...attempt.numbered);
      }
    } catch (e) {
      if (!isConflict(e)) throw e;
      await pause(Math.random() * 20);
    }
  }
  return out;
}
