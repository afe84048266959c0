// Dispatch of subscription messages, off the sender's request path.
//
// A send only marks its message (`notify` kind and `notifyAt` = its time, fields of the message
// document it writes anyway), so a 1,000-member @all costs the sender exactly what a plain
// message does. The `notify` function's timer trigger runs `dispatchDue` every minute: it takes
// messages whose notifyAt is older than the delay (members had about a minute to read them),
// claims each one (conditional update with a lease), works out who is due a card
// (domain/notify.ts), and sends. Each recipient costs: one conditional update on their member
// document (throttle claim), one on their ledger (spend a credit), the send, one log write.
// Failures are logged with WeChat's errcode and never retried: 43101 clears the ledger (WeChat
// has no credit left for them), other failures give the credit back (nothing was delivered).
import {
  contentLine,
  DEFAULT_NOTIFY_DELAY_MS,
  notificationPage,
  NOTIFY_LEASE_MS,
  NOTIFY_MAX_AGE_MS,
  NOTIFY_THROTTLE_MS,
  skipReason,
  templateData,
} from '../domain/notify';
import { previewText } from '../domain/preview';
import { clock } from '../platform/clock';
import {
  messageTemplate,
  NO_CREDIT,
  sendSubscribeMessage,
  type SubscribeTemplate,
} from '../platform/subscribe';
import { getConversation } from '../store/conversations';
import type { ConversationDoc, EmployeeDoc, MemberDoc } from '../store/documents';
import { memberId } from '../store/documents';
import { employeeIndex } from '../store/employees';
import { allMembers, existingMembers } from '../store/members';
import {
  claimMember,
  claimMessage,
  clearCredits,
  creditsOf,
  dueMessages,
  finishMessage,
  grantCredits,
  recordNotification,
  spendCredit,
  type PendingMessage,
} from '../store/notifications';
import { directPeerId } from './conversationList';

export const notifyDelayMs = (): number => {
  const v = Number(process.env.TONGSHI_NOTIFY_DELAY_MS);
  return Number.isFinite(v) && v >= 0 && process.env.TONGSHI_NOTIFY_DELAY_MS !== ''
    ? v
    : DEFAULT_NOTIFY_DELAY_MS;
};

/** Messages taken per run; the rest wait for the next tick (bounded work per invocation). */
const MESSAGES_PER_RUN = 50;
/** Sends in flight at once for one message. */
const PARALLEL_SENDS = 8;

export interface DispatchReport {
  messages: number;
  sent: number;
  failed: number;
  noCredit: number;
}

async function recipientsOf(
  m: PendingMessage,
  c: ConversationDoc,
  from: string | null,
): Promise<MemberDoc[]> {
  if (m.notify === 'direct') {
    const peer = directPeerId(c, from ?? '');
    return peer ? existingMembers(c._id, [peer]) : [];
  }
  if (m.notify === 'mention')
    return Array.isArray(m.mentions) ? existingMembers(c._id, m.mentions.slice(0, 1000)) : [];
  return allMembers(c._id);
}

async function pool<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(width, items.length) }, async () => {
    while (next < items.length) await work(items[next++]);
  });
  await Promise.all(lanes);
}

async function notifyOne(
  m: PendingMessage,
  c: ConversationDoc,
  who: EmployeeDoc,
  sender: string,
  template: SubscribeTemplate,
  report: DispatchReport,
): Promise<void> {
  const now = clock.now();
  if (!(await claimMember(memberId(c._id, who._id), now, NOTIFY_THROTTLE_MS))) return;
  const log = {
    _id: `${m._id}_${who._id}`,
    employeeId: who._id,
    conversationId: c._id,
    messageId: m._id,
    templateId: template.id,
    at: now,
  };
  if (!(await spendCredit(who._id, template.id, now))) {
    report.noCredit++;
    await recordNotification({ ...log, status: 'no_credit', errCode: NO_CREDIT, errMsg: 'ledger empty' });
    return;
  }
  const chat = c.type === 'direct' ? sender : c.name || '群聊';
  const preview = previewText({ ...m, senderName: sender });
  const outcome = await sendSubscribeMessage({
    touser: who.openid as string,
    templateId: template.id,
    page: notificationPage(c._id, m.seq),
    data: templateData(
      template.fields,
      { chat, sender, content: contentLine(m.notify, preview) },
      m.createdAt,
    ),
  });
  if (outcome.ok) report.sent++;
  else {
    report.failed++;
    if (outcome.errCode === NO_CREDIT) await clearCredits(who._id, template.id, now);
    else await grantCredits(who._id, template.id, 1, now);
  }
  await recordNotification({
    ...log,
    status: outcome.ok ? 'sent' : 'failed',
    errCode: outcome.errCode,
    errMsg: outcome.errMsg,
  });
}

async function dispatchMessage(
  m: PendingMessage,
  template: SubscribeTemplate,
  report: DispatchReport,
): Promise<void> {
  const c = await getConversation(m.conversationId);
  const now = clock.now();
  // Disabled, dissolved or deleted groups never notify; recalled, removed or stale messages neither.
  if (!c || c.status !== 'active' || m.recalled || m.removed || now - m.createdAt > NOTIFY_MAX_AGE_MS) return;
  const from = m.senderId ?? m.notifyFrom ?? null;
  const due = (await recipientsOf(m, c, from)).filter(
    (member) =>
      skipReason(member, { seq: m.seq, senderId: from, kind: m.notify, mentions: m.mentions }, now) === null,
  );
  if (!due.length) return;
  const ids = due.map((x) => x.employeeId);
  const [people, credits] = await Promise.all([
    employeeIndex([...ids, ...(from ? [from] : [])]),
    creditsOf(ids, template.id),
  ]);
  const sender = (from && people.get(from)?.name) || '同事';
  const targets = ids
    .map((id) => people.get(id))
    .filter((e): e is EmployeeDoc => !!e && e.status === 'active' && !!e.openid)
    .filter((e) => (credits.get(e._id) ?? 0) > 0);
  await pool(targets, PARALLEL_SENDS, (who) => notifyOne(m, c, who, sender, template, report));
}

/** One timer tick: every message due by now, at most MESSAGES_PER_RUN of them. */
export async function dispatchDue(): Promise<DispatchReport> {
  const report: DispatchReport = { messages: 0, sent: 0, failed: 0, noCredit: 0 };
  const template = messageTemplate();
  const now = clock.now();
  const due = await dueMessages(now - notifyDelayMs(), MESSAGES_PER_RUN);
  for (const m of due) {
    if (!(await claimMessage(m._id, m.notifyAt, now + NOTIFY_LEASE_MS))) continue;
    report.messages++;
    // Without a configured template nothing can be sent; the marker still goes.
    if (template) await dispatchMessage(m, template, report);
    await finishMessage(m._id);
  }
  return report;
}
