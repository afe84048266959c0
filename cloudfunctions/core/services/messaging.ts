// Use cases of the `messages` function: load → decide (domain) → write (short transactions).
//
// Send is idempotent, gap-free, and does not serialise a busy group on one document:
// - The message id is derived from (conversation, sender, clientMsgId). A retry (or five racing
//   copies of the same send) finds or inserts that one id: one message.
// - Everything that can refuse (membership, status, mute-all, @all, content security, throttle)
//   is checked first; then a transaction touching only the sender's documents (its throttle
//   bucket, the new message) inserts the message pending, seq 0.
// - services/sequencer.ts numbers it, batched with every other pending message of the
//   conversation, in one transaction that writes the conversation head once per batch and
//   re-checks what another request could have changed (see there for why this is exact).
// - Then the sender's own lastReadSeq moves to the new seq (a forward-only conditional update)
//   and the message's search terms are written. A send costs the same whatever the group size.
import type { Message, ReceiptCount, ReceiptsPage, SendResult, TimelinePage } from '../../../typings/api';
import { publicStatus } from '../domain/conversation';
import { errors } from '../domain/errors';
import { chatFileProblems } from '../domain/files';
import { checkMentions, normalizeMentions, type Mentions } from '../domain/mentions';
import { checkMayPost, draftProblems, type SendDraft } from '../domain/message';
import { isManagerRole, roleOf } from '../domain/ownership';
import { takeToken } from '../domain/rateLimit';
import { retractNotices } from '../domain/preview';
import { checkRecall } from '../domain/recall';
import { freshReceipt, hasRead, nextReadSeq } from '../domain/unread';
import { notifyKindOf } from '../domain/notify';
import { previewText } from '../domain/preview';
import { invalid } from '../domain/validation';
import { clock } from '../platform/clock';
import { checkText } from '../platform/secCheck';
import { requestImageCheck } from '../platform/mediaCheck';
import { currentEnv, tempUrls } from '../platform/storage';
import { addMediaCheckTx } from '../store/mediaChecks';
import { recallMessageTx } from '../store/messageArchive';
import { headChangedTx } from '../store/memberHeads';
import type { ConversationDoc, EmployeeDoc, MemberDoc, MessageDoc } from '../store/documents';
import {
  addMessageTx,
  advanceReadSeq,
  countReaders,
  getMessage,
  getMessageTx,
  isDuplicateKey,
  messagesBetween,
  messagesByIds,
  readMarkers,
  readersPage,
} from '../store/messages';
import { employeeIndex } from '../store/employees';
import { readBucket, readBucketTx, sendBucketId, writeBucketTx } from '../store/rateLimits';
import { clearMarkedUnread, existingMembers } from '../store/members';
import { countSentMessage } from '../store/messageCounts';
import { indexMessage, unindexMessage } from '../store/searchTerms';
import { withTransaction } from '../store/transaction';
import { getConversation, getConversationTx, getMember, updateConversationTx } from '../store/conversations';
import { checkConversationOpen, requireMember } from './access';
import { toMessage, type SenderIndex } from './messageView';
import { checkTakesPart } from './participation';
import { applyLastBatch, sequenceMessage } from './sequencer';
import { buildMessage, messageIdFor } from './timeline';

export interface SendParams extends SendDraft {
  conversationId: string;
  clientMsgId: string;
  mentions?: Mentions;
}

const selfIndex = (caller: EmployeeDoc): SenderIndex => new Map([[caller._id, caller]]);

/** Keeps only mentioned ids that are members of the conversation (one request). */
async function memberMentions(
  conversationId: string,
  mentions: Mentions | undefined,
): Promise<Mentions | undefined> {
  if (mentions === undefined || mentions === 'all') return mentions;
  const found = await existingMembers(conversationId, mentions);
  const members = new Set(found.map((m) => m.employeeId));
  const kept = mentions.filter((id) => members.has(id));
  return kept.length ? kept : undefined;
}

export async function doSend(
  caller: EmployeeDoc,
  openid: string,
  p: SendParams,
  refusedBefore = 0,
): Promise<SendResult> {
  const problems = draftProblems(p);
  if (problems.length) throw invalid(problems);
  // The conversation first, then (with the retry lookup) the membership: read after the head the
  // numbering is checked against, it stays valid as long as that head does (services/sequencer.ts),
  // so the sequencer need not read it again.
  const conversation = checkConversationOpen(await getConversation(p.conversationId));
  const id = messageIdFor(conversation._id, caller._id, p.clientMsgId);
  const [member, earlier] = await Promise.all([getMember(conversation._id, caller._id), getMessage(id)]);
  if (!member) throw errors.notInConversation();
  // Checked after membership so that the message never tells a stranger anything about the group.
  if (p.type !== 'text') {
    const fileProblems = chatFileProblems(p.fileId as string, currentEnv(), {
      conversationId: conversation._id,
      uploaderId: caller._id,
    });
    if (fileProblems.length) throw invalid(fileProblems);
  }
  // Numbered already (a retry after the answer was lost): the original, nothing written again —
  // and no receipt: others may have read it since (the page asks receiptCounts).
  if (earlier && earlier.seq > 0) {
    if (member.lastReadSeq < earlier.seq) await advanceReadSeq(member._id, earlier.seq);
    return { message: toMessage(earlier, selfIndex(caller), 'member', caller._id) };
  }
  // Pending (a retry after the call died between inserting and numbering): checked when it was
  // inserted; the sequencer re-checks what may have changed since.
  const inserted = !earlier && (await insertPending(caller, openid, p, conversation, id));
  const sequenced = await sequenceMessage(conversation._id, id, conversation, caller._id);
  if (!sequenced) {
    // Refused while pending (mute-all, removed, group closed, @all no longer allowed): the checks
    // run again and answer with the reason; if the change was undone meanwhile it is sent anew.
    if (refusedBefore >= 2) throw errors.conversationNotFound();
    return doSend(caller, openid, p, refusedBefore + 1);
  }
  const { message } = sequenced;
  // After the numbering: the sender has read their own message; a message has too many search
  // terms for a transaction (store/searchTerms.ts). Both repeat harmlessly on a retry.
  // admin.stats' hour counter counts the sends this call inserted (store/messageCounts.ts;
  // maintenance recounts an hour whose increment a killed call never made).
  await Promise.all([
    advanceReadSeq(member._id, message.seq),
    indexMessage(message),
    inserted ? countSentMessage(message.createdAt) : null,
  ]);
  // "N人未读" from the count the numbering read: the sender's page needs no receiptCounts call.
  return {
    message: toMessage(message, selfIndex(caller), 'member', caller._id),
    receipt: freshReceipt(message._id, sequenced.memberCount),
  };
}

/**
 * Everything that can refuse a send, then the message inserted pending (seq 0) together with the
 * throttle's token, in a transaction that touches only this sender's documents: no other sender
 * waits for it. Five racing copies of one send insert one message (the same id); true for the
 * one that inserted it.
 */
async function insertPending(
  caller: EmployeeDoc,
  openid: string,
  p: SendParams,
  conversation: ConversationDoc,
  id: string,
): Promise<boolean> {
  // The throttle is read before the content check, so a refused sender spends no shared quota.
  const bucketId = sendBucketId(caller._id);
  const early = takeToken(await readBucket(bucketId), clock.now());
  if (early.waitMs) throw errors.sendRateLimited({ retryAfterMs: early.waitMs });

  await checkTakesPart(caller);

  // Roles are decided from the conversation (ownerId/adminIds), as the groups function does.
  const role = roleOf(caller._id, conversation);
  checkMayPost({ status: publicStatus(conversation.status), muteAll: conversation.muteAll, role });
  checkMentions(p.mentions, role, conversation.type);
  const mentions = await memberMentions(conversation._id, normalizeMentions(p.mentions, caller._id));
  if (p.type === 'text') await checkText(p.text as string, openid);
  else if (p.type === 'file') await checkText(p.fileName as string, openid, 'fileName');
  // An image is shown at once and checked asynchronously: a risky verdict later hides it for all.
  const traceId = p.type === 'image' ? await imageCheck(p.fileId as string, openid) : null;
  const now = clock.now();
  const pending = {
    ...buildMessage(
      conversation._id,
      {
        type: p.type,
        senderId: caller._id,
        senderName: caller.name,
        clientMsgId: p.clientMsgId,
        ...(p.type === 'text'
          ? { text: p.text }
          : {
              fileId: p.fileId,
              fileName: p.fileName ?? (p.type === 'image' ? '图片' : ''),
              fileSize: p.fileSize,
            }),
        ...(mentions !== undefined ? { mentions } : {}),
        notify: notifyKindOf(conversation.type, mentions),
      },
      0,
      now,
    ),
    pendingAt: now,
  };
  try {
    return await withTransaction(async (tx) => {
      // First: a racing copy of this send that already stored the message makes the add fail on
      // its id, which aborts the whole transaction (no token spent) — no read of it needed.
      await addMessageTx(tx, pending);
      const taken = takeToken(await readBucketTx(tx, bucketId), clock.now());
      if (taken.waitMs) throw errors.sendRateLimited({ retryAfterMs: taken.waitMs });
      await writeBucketTx(tx, bucketId, taken.bucket);
      if (traceId)
        await addMediaCheckTx(tx, {
          _id: traceId,
          messageId: id,
          conversationId: conversation._id,
          senderId: caller._id,
          status: 'pending',
          at: now,
        });
      return true;
    });
  } catch (e) {
    if (isDuplicateKey(e)) return false;
    throw e;
  }
}

/** Queues WeChat's check of an uploaded image (a short-lived link is what WeChat fetches). */
async function imageCheck(fileId: string, openid: string): Promise<string> {
  const link = (await tempUrls([fileId], clock.now(), 3600)).get(fileId);
  if (!link) throw invalid([{ path: 'fileId', message: '文件不存在，请重新上传' }]);
  return requestImageCheck(link.url, openid);
}

/** Resolves to the line that now stands in place of the message, as its sender reads it. */
export async function doRecall(caller: EmployeeDoc, messageId: string): Promise<string> {
  const found = await getMessage(messageId);
  if (!found) throw errors.messageNotFound();
  await requireMember(found.conversationId, caller._id);
  const { ownNotice, notice } = retractNotices('recalled', caller.name);
  if (!checkRecall(found, caller._id, clock.now())) return ownNotice;
  await withTransaction(async (tx) => {
    const m = await getMessageTx(tx, messageId);
    if (!m) throw errors.messageNotFound();
    const now = clock.now();
    if (!checkRecall(m, caller._id, now)) return;
    const conv = checkConversationOpen(await getConversationTx(tx, m.conversationId));
    // Members read messages directly (database-rules/messages.json): the content moves to the
    // back office's archive and the message keeps only its place and the line to show.
    await recallMessageTx(tx, m, now, { notice, ownNotice });
    // Open chat pages watch the message itself (its recall line is pushed); the conversation
    // changes only when it was the newest message (the list preview becomes the recall line).
    if (conv.lastMessage?.id === messageId) {
      const preview = previewText({ type: m.type, senderName: caller.name, recalled: true });
      await updateConversationTx(tx, conv._id, {
        lastMessage: { ...conv.lastMessage, preview, state: 'recalled' },
      });
    }
    // Members' list rows may show it even when the conversation moved on (a copy left behind by a
    // crash), so they are re-synced either way (store/memberHeads.ts).
    headChangedTx(tx, conv._id);
  });
  // Never found again: search re-checks `recalled` on every hit, this keeps the index small.
  await unindexMessage(found);
  return ownNotice;
}

export async function doMarkRead(caller: EmployeeDoc, conversationId: string, seq: number): Promise<void> {
  const { conversation, member } = await requireMember(conversationId, caller._id);
  const next = nextReadSeq(member.lastReadSeq, seq, conversation.lastSeq);
  if (next > member.lastReadSeq) await advanceReadSeq(member._id, next);
  if (member.markedUnread) await clearMarkedUnread(member._id);
}

async function withSenders(docs: MessageDoc[], viewerId: string): Promise<Message[]> {
  const ids = docs.map((d) => d.senderId).filter((id): id is string => !!id);
  const senders = ids.length ? await employeeIndex(ids) : new Map<string, EmployeeDoc>();
  return docs.map((d) => toMessage(d, senders, 'member', viewerId));
}

/** Backwards from `beforeSeq` (exclusive), never before the member joined; ascending items. */
export async function history(
  caller: EmployeeDoc,
  conversationId: string,
  beforeSeq: number | undefined,
  limit: number,
): Promise<TimelinePage> {
  const { conversation, member } = await requireMember(conversationId, caller._id);
  const read = () =>
    messagesBetween(conversationId, member.joinedAtSeq, beforeSeq ?? null, limit + 1, 'desc');
  let docs = await read();
  // The newest page short of lastSeq: the newest batch may still be getting its seqs.
  if (beforeSeq === undefined && (docs[0]?.seq ?? member.joinedAtSeq) < conversation.lastSeq)
    if ((await applyLastBatch(conversation)).length) docs = await read();
  return {
    items: await withSenders(docs.slice(0, limit).reverse(), caller._id),
    hasMore: docs.length > limit,
  };
}

/** Forwards from `afterSeq` (exclusive): what arrived since the page last looked. */
export async function since(
  caller: EmployeeDoc,
  conversationId: string,
  afterSeq: number,
  limit: number,
): Promise<TimelinePage> {
  const { conversation, member } = await requireMember(conversationId, caller._id);
  const read = () =>
    messagesBetween(conversationId, Math.max(afterSeq, member.joinedAtSeq), null, limit + 1, 'asc');
  let docs = await read();
  // Short of lastSeq: the newest batch may still be getting its seqs (services/sequencer.ts).
  if (docs.length <= limit && (docs[docs.length - 1]?.seq ?? afterSeq) < conversation.lastSeq)
    if ((await applyLastBatch(conversation)).length) docs = await read();
  return { items: await withSenders(docs.slice(0, limit), caller._id), hasMore: docs.length > limit };
}

/** Who has read a message: the sender and the group's owner/admins may ask. Paged together. */
export async function receipts(
  caller: EmployeeDoc,
  messageId: string,
  skip: number,
  limit: number,
): Promise<ReceiptsPage> {
  const m = await getMessage(messageId);
  if (!m) throw errors.messageNotFound();
  const { conversation, member } = await requireMember(m.conversationId, caller._id);
  if (m.seq <= member.joinedAtSeq) throw errors.messageNotFound();
  if (m.senderId !== caller._id && !isManagerRole(roleOf(caller._id, conversation)))
    throw errors.receiptsForbidden();
  const except = m.senderId;
  const [readCount, unreadCount, readers, nonReaders] = await Promise.all([
    countReaders(m.conversationId, except, m.seq, true),
    countReaders(m.conversationId, except, m.seq, false),
    readersPage(m.conversationId, except, m.seq, true, skip, limit),
    readersPage(m.conversationId, except, m.seq, false, skip, limit),
  ]);
  const names = await employeeIndex([...readers, ...nonReaders].map((r) => r.employeeId));
  const person = (r: MemberDoc) => {
    const e = names.get(r.employeeId);
    return {
      employeeId: r.employeeId,
      name: e?.name ?? '未知成员',
      position: e?.position ?? '',
      avatar: e?.avatar ?? null,
    };
  };
  const more = skip + limit < Math.max(readCount, unreadCount);
  return {
    readCount,
    unreadCount,
    read: readers.map(person),
    unread: nonReaders.map(person),
    nextCursor: more ? String(skip + limit) : null,
  };
}

/** Offset cursors ("40"): anything else is INVALID_ARGUMENT, not a silent first page. */
export function offsetOf(cursor: string | undefined): number {
  if (cursor === undefined || cursor === '') return 0;
  if (!/^\d{1,7}$/.test(cursor)) throw invalid([{ path: 'cursor', message: '无效的翻页游标' }]);
  return Number(cursor);
}

/**
 * "3人未读" / "全部已读" under my own messages in a group, for a whole window of messages in two
 * requests (the messages, every member's read marker) instead of one receipts call per bubble.
 * Only messages the caller may see receipts for are counted (own; any for owner/admins).
 */
export async function receiptCounts(
  caller: EmployeeDoc,
  conversationId: string,
  messageIds: string[],
): Promise<ReceiptCount[]> {
  const { conversation, member } = await requireMember(conversationId, caller._id);
  const manager = isManagerRole(roleOf(caller._id, conversation));
  if (!messageIds.length) return [];
  const [docs, markers] = await Promise.all([messagesByIds(messageIds), readMarkers(conversationId)]);
  return docs
    .filter((m) => m.conversationId === conversationId && m.seq > member.joinedAtSeq && m.type !== 'system')
    .filter((m) => m.senderId === caller._id || manager)
    .map((m) => {
      // Those who could read it: not the sender, and joined before it (a later joiner never sees it).
      const others = markers.filter((x) => x.employeeId !== m.senderId && x.joinedAtSeq < m.seq);
      const readCount = others.filter((x) => hasRead(x, m.seq)).length;
      return { messageId: m._id, readCount, unreadCount: others.length - readCount };
    });
}
