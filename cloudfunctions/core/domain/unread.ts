// Read state arithmetic. Unread = messages after what the member has read (and after they
// joined). Sending advances the sender's own lastReadSeq, so own messages never count.
export interface ReadState {
  lastReadSeq: number;
  joinedAtSeq: number;
}
export interface TimelineHead {
  lastSeq: number;
  mentionAllSeq: number;
  mentionSeqs: Record<string, number>;
}

export const readUpTo = (m: ReadState): number => Math.max(m.lastReadSeq, m.joinedAtSeq);

export const unreadCount = (c: Pick<TimelineHead, 'lastSeq'>, m: ReadState): number =>
  Math.max(0, c.lastSeq - readUpTo(m));

/** Someone @-mentioned this member by name after what they have read. */
export const mentionedMe = (c: TimelineHead, m: ReadState, employeeId: string): boolean =>
  (c.mentionSeqs?.[employeeId] ?? 0) > readUpTo(m);

/** An unread @all. */
export const mentionedAll = (c: TimelineHead, m: ReadState): boolean => (c.mentionAllSeq ?? 0) > readUpTo(m);

/** markRead moves forward only and never past the end of the timeline. */
export const nextReadSeq = (current: number, requested: number, lastSeq: number): number =>
  Math.max(current, Math.min(requested, lastSeq));

/** Whether a member counts a message as read (receipts). */
export const hasRead = (m: Pick<ReadState, 'lastReadSeq'>, seq: number): boolean => m.lastReadSeq >= seq;

/**
 * Receipts of a message as it is numbered: markRead never passes lastSeq, so no one has read it
 * yet; receipts count the members other than the sender.
 */
export const freshReceipt = (
  messageId: string,
  memberCount: number,
): { messageId: string; readCount: number; unreadCount: number } => ({
  messageId,
  readCount: 0,
  unreadCount: Math.max(0, memberCount - 1),
});

/**
 * Where a chat opens for the caller: the first unread message, how many there are, and the
 * newest message that @-mentioned them (by name or @all) among those; 0 when there is none.
 */
export function unreadStart(
  c: TimelineHead,
  m: ReadState,
  employeeId: string,
): { fromSeq: number; count: number; mentionSeq: number } {
  const read = readUpTo(m);
  const count = unreadCount(c, m);
  const mention = Math.max(c.mentionSeqs?.[employeeId] ?? 0, c.mentionAllSeq ?? 0);
  return { fromSeq: count ? read + 1 : 0, count, mentionSeq: mention > read ? mention : 0 };
}
