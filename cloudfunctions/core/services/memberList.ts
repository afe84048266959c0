// The one paged member list of a conversation, in join order: what members see (groups.members)
// and what the back office sees (admin.groupMembers) are the same rows. Roles come from the
// conversation document (ownerId / adminIds), the same authority the permission checks read.
import { z } from 'zod';
import { errors } from '../domain/errors';
import type { GroupMember, Page } from '../../../typings/api';
import { roleOf } from '../domain/ownership';
import type { ConversationDoc, EmployeeDoc } from '../store/documents';
import { employeeIndex } from '../store/employees';
import { allMembers, membersPage } from '../store/members';

export const memberKeywordSchema = z.string().trim().min(1).max(30).optional();

/** Name contains it, or pinyin initials / full pinyin start with it (spaces and case ignored). */
export function memberMatches(e: EmployeeDoc | undefined, keyword: string): boolean {
  if (!e) return false;
  const k = keyword.toLowerCase().replace(/\s+/g, '');
  return e.name.toLowerCase().includes(k) || e.nameInitials.startsWith(k) || e.namePinyin.startsWith(k);
}

/**
 * With a keyword: the matching members of the whole group, in join order, paged the same way.
 * Member records carry no names, so this reads the group's members and their employees — bounded
 * by the member cap (two reads per 1,000 members), never by the company.
 */
async function matchingMembers(c: ConversationDoc, after: number, limit: number, keyword: string) {
  const members = (await allMembers(c._id)).filter((m) => m.joinSeq > after);
  const people = await employeeIndex(members.map((m) => m.employeeId));
  return {
    page: members.filter((m) => memberMatches(people.get(m.employeeId), keyword)).slice(0, limit),
    people,
  };
}

/** One page of members after the cursor (a joinSeq); two database reads whatever the page. */
export async function memberListPage(
  c: ConversationDoc,
  cursor: string | undefined,
  limit: number,
  keyword?: string,
): Promise<Page<GroupMember>> {
  // Digits only: Number() would also take "1e3", "0x1", " 7" or "" and page from the wrong place.
  const after = cursor === undefined ? 0 : /^\d{1,9}$/.test(cursor) ? Number(cursor) : NaN;
  if (!Number.isInteger(after) || after < 0)
    throw errors.badCursor({ fields: [{ path: 'cursor', message: '无效的分页游标' }] });
  const found = keyword ? await matchingMembers(c, after, limit + 1, keyword) : null;
  const page = found ? found.page : await membersPage(c._id, after, limit + 1);
  const shown = page.slice(0, limit);
  const people = found ? found.people : await employeeIndex(shown.map((m) => m.employeeId));
  const items = shown.map((m): GroupMember => {
    const e = people.get(m.employeeId);
    return {
      id: m.employeeId,
      employeeId: m.employeeId,
      name: e?.name ?? '',
      position: e?.position ?? '',
      ...(e?.avatar ? { avatar: e.avatar } : {}),
      role: roleOf(m.employeeId, c),
      joinedAt: m.joinedAt,
      joinSeq: m.joinSeq,
      status: e?.status ?? 'departed',
      ...(e?.nameInitials ? { nameInitials: e.nameInitials } : {}),
    };
  });
  const last = shown[shown.length - 1];
  return { items, nextCursor: page.length > limit && last ? String(last.joinSeq) : null };
}
