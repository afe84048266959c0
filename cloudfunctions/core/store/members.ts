// Member documents: the only code that queries or batch-writes the members collection.
// A member's _id is memberId(conversationId, employeeId), so the primary key itself refuses a
// second copy of the same person (see the design in services/membership.ts).
import type { MemberDoc } from './documents';
import { memberId } from './documents';
import { addInOrder } from './batch';
import { chunks, collection, command, rows } from './query';

/** CloudBase returns at most 1,000 documents per get; batches of writes stay well below limits. */
const READ_PAGE = 1000;

/** The member documents among these employees that exist now (one read per 1,000 ids). */
export async function existingMembers(
  conversationId: string,
  employeeIds: readonly string[],
): Promise<MemberDoc[]> {
  const _ = command();
  const out: MemberDoc[] = [];
  for (const part of chunks(employeeIds, READ_PAGE)) {
    if (!part.length) continue;
    out.push(
      ...(await rows<MemberDoc>(
        collection('members')
          .where({ _id: _.in(part.map((e) => memberId(conversationId, e))) })
          .limit(READ_PAGE),
      )),
    );
  }
  return out;
}

/**
 * Adds member documents in batches (store/batch.ts addInOrder: one request per 500, re-reading
 * after a failed one). Answers exactly the documents this call created: a racing add of the same
 * person holds the others' ids with its own document (another joinSeq), so they are not ours.
 */
export async function insertMembers(docs: readonly MemberDoc[]): Promise<MemberDoc[]> {
  return (await addInOrder('members', docs)).written;
}

/** A page of members in join order, after the given joinSeq. */
export function membersPage(
  conversationId: string,
  afterJoinSeq: number,
  limit: number,
): Promise<MemberDoc[]> {
  const _ = command();
  return rows<MemberDoc>(
    collection('members')
      .where({ conversationId, joinSeq: _.gt(afterJoinSeq) })
      .orderBy('joinSeq', 'asc')
      .limit(limit),
  );
}

/** Every member of a conversation, in join order (one read per 1,000). */
export async function allMembers(conversationId: string): Promise<MemberDoc[]> {
  const out: MemberDoc[] = [];
  let after = 0;
  for (;;) {
    const page = await membersPage(conversationId, after, READ_PAGE);
    out.push(...page);
    if (page.length < READ_PAGE) return out;
    after = page[page.length - 1].joinSeq;
  }
}

/** The first `count` members in join order: what domain/ownership's pickSuccessor chooses from. */
export function earliestMembers(conversationId: string, count: number): Promise<MemberDoc[]> {
  return rows<MemberDoc>(
    collection('members').where({ conversationId }).orderBy('joinSeq', 'asc').limit(count),
  );
}

/** Every membership of one employee (groups and direct chats). */
export async function membershipsOf(employeeId: string): Promise<MemberDoc[]> {
  const out: MemberDoc[] = [];
  for (let skip = 0; ; skip += READ_PAGE) {
    const page = await rows<MemberDoc>(
      collection('members')
        .where({ employeeId })
        .orderBy('conversationId', 'asc')
        .skip(skip)
        .limit(READ_PAGE),
    );
    out.push(...page);
    if (page.length < READ_PAGE) return out;
  }
}

/**
 * Which conversations these employees are in (groups and direct chats), as pairs: 100 people
 * per query, 1,000 pairs per read. The scope preview asks this for the people a narrower scope
 * leaves out.
 */
export async function membershipPairs(
  employeeIds: readonly string[],
): Promise<{ employeeId: string; conversationId: string }[]> {
  const _ = command();
  const out: { employeeId: string; conversationId: string }[] = [];
  for (const part of chunks(employeeIds, 100)) {
    for (let skip = 0; ; skip += READ_PAGE) {
      const page = await rows<{ employeeId: string; conversationId: string }>(
        collection('members')
          .where({ employeeId: _.in(part) })
          .orderBy('employeeId', 'asc')
          .orderBy('conversationId', 'asc')
          .skip(skip)
          .limit(READ_PAGE)
          .field({ employeeId: true, conversationId: true }),
      );
      out.push(...page.map(({ employeeId, conversationId }) => ({ employeeId, conversationId })));
      if (page.length < READ_PAGE) break;
    }
  }
  return out;
}

/** The member's own chat settings (groups.setPrefs); hiddenSeq null removes the field. */
export async function setMemberPrefs(
  memberDocId: string,
  prefs: { pinned: boolean; muted: boolean; markedUnread: boolean; hiddenSeq: number | null },
): Promise<void> {
  const _ = command();
  await collection('members')
    .doc(memberDocId)
    .update({
      data: { ...prefs, hiddenSeq: prefs.hiddenSeq === null ? _.remove() : prefs.hiddenSeq },
    });
}

/** Opening a chat clears 标为未读 (one conditional update, only when it was set). */
export async function clearMarkedUnread(memberDocId: string): Promise<void> {
  await collection('members')
    .where({ _id: memberDocId, markedUnread: true })
    .update({ data: { markedUnread: false } });
}
