// The conversation list's push (database-rules/README.md → "The 消息 tab"): every member record
// carries a copy of its conversation's head — the newest message's seq and preview, the time
// that orders the row, the @all marker, and (after non-message changes) the fields a row shows.
// The 消息 tab watches only `members where employeeId == me`, so each change reaches exactly the
// row it concerns, with the data, and no recipient calls a function.
//
// Written AFTER the transaction that changed the conversation (CloudBase runs a multi-document
// `where().update()` outside transactions only), as ONE request whatever the group size. Every
// write is monotonic on `headSeq` (rows already at a newer head are left alone), so two sends
// finishing out of order, or a send's copy landing after a recall's, never move a row back or
// bring recalled text back. A crash between the commit and this write leaves the copy one
// message behind until the next change of that conversation or the list's next groups.list
// (which reads the conversation documents themselves).
import { previewFor } from '../domain/preview';
import type { ConversationDoc, MemberHeadConv, MessagePreviewDoc } from './documents';
import { memberId } from './documents';
import { getConversation } from './conversations';
import { collection, command, whole } from './query';
import { onCommit, type Tx } from './transaction';

/** Rows not yet at `seq` (or never written: member records older than this copy). */
function behind(conversationId: string, seq: number, inclusive: boolean) {
  const _ = command();
  return _.or([
    { conversationId, headSeq: inclusive ? _.lte(seq) : _.lt(seq) },
    { conversationId, headSeq: _.exists(false) },
  ]);
}

/**
 * After a send's commit: the new head for every member row, in one request. A mention adds one
 * more, not filtered by the head (a newer message may already be there): @all raises every row's
 * `mentionAllSeq`, @name the named members' own `mentionSeq` (the ids were checked to be members).
 */
export async function fanOutSend(
  conversationId: string,
  head: MessagePreviewDoc,
  at: number,
  mentions?: string[] | 'all',
): Promise<void> {
  const _ = command();
  await collection('members')
    .where(behind(conversationId, head.seq, false))
    .update({ data: { headSeq: head.seq, head: whole(head), headAt: at } });
  if (mentions === 'all')
    await collection('members')
      .where({ conversationId })
      .update({ data: { mentionAllSeq: _.max(head.seq) } });
  else if (mentions?.length)
    await collection('members')
      .where({ _id: _.in(mentions.map((id) => memberId(conversationId, id))) })
      .update({ data: { mentionSeq: _.max(head.seq) } });
}

/** The head as rows carry it: a recalled one also says how its sender reads it. */
const rowHead = (p: MessagePreviewDoc) =>
  p.state === 'recalled' ? { ...p, ownPreview: previewFor(p, p.senderId ?? '').preview } : p;

/** What a row shows of the conversation besides its head; a disabled group's rows show nothing. */
export function headConv(c: ConversationDoc): MemberHeadConv {
  return {
    name: c.name,
    memberCount: c.memberCount,
    muteAll: !!c.muteAll,
    announced: !!c.announcement,
    status: c.status,
  };
}

/**
 * After any other change of a conversation a list row shows (a recall or removal of the newest
 * message, a system line, a rename, members joining or leaving, mute-all, disable/enable): the
 * rows are set to the conversation document as it is now — one read, one request. A group that
 * is not active keeps no preview on its rows (the rules deny its content; database-rules).
 */
export async function syncMemberHeads(conversationId: string): Promise<void> {
  const c = await getConversation(conversationId);
  if (!c) return;
  const open = c.status === 'active';
  await collection('members')
    .where(behind(conversationId, c.lastSeq, true))
    .update({
      data: {
        headSeq: c.lastSeq,
        head: open && c.lastMessage ? whole(rowHead(c.lastMessage)) : null,
        headAt: c.updatedAt,
        mentionAllSeq: c.mentionAllSeq ?? 0,
        conv: whole(headConv(c)),
      },
    });
}

/**
 * Inside the transaction that appended a message: once it commits, the rows get the new head —
 * a member's message as the head alone (no read), a system line (joins, leaves, renames…) with
 * the conversation's other fields too.
 */
export function headAppendedTx(
  tx: Tx,
  conversationId: string,
  head: MessagePreviewDoc,
  at: number,
  mentions?: string[] | 'all',
): void {
  onCommit(tx, `heads:${conversationId}`, () =>
    head.type === 'system' ? syncMemberHeads(conversationId) : fanOutSend(conversationId, head, at, mentions),
  );
}

/** Inside a transaction that changed what rows show (recall, removal, status): synced after commit. */
export function headChangedTx(tx: Tx, conversationId: string): void {
  onCommit(tx, `heads:${conversationId}`, () => syncMemberHeads(conversationId));
}
