// The one paged member list of a conversation, in join order: what members see (groups.members)
// and what the back office sees (admin.groupMembers) are the same rows. Roles come from the
// conversation document (ownerId / adminIds), the same authority the permission checks read.
import { errors } from '../domain/errors';
import type { GroupMember, Page } from '../../../typings/api';
import { roleOf } from '../domain/ownership';
import type { ConversationDoc } from '../store/documents';
import { employeeIndex } from '../store/employees';
import { membersPage } from '../store/members';

/** One page of members after the cursor (a joinSeq); two database reads whatever the page. */
export async function memberListPage(
  c: ConversationDoc,
  cursor: string | undefined,
  limit: number,
): Promise<Page<GroupMember>> {
  // Digits only: Number() would also take "1e3", "0x1", " 7" or "" and page from the wrong place.
  const after = cursor === undefined ? 0 : /^\d{1,9}$/.test(cursor) ? Number(cursor) : NaN;
  if (!Number.isInteger(after) || after < 0)
    throw errors.badCursor({ fields: [{ path: 'cursor', message: '无效的分页游标' }] });
  const page = await membersPage(c._id, after, limit + 1);
  const shown = page.slice(0, limit);
  const people = await employeeIndex(shown.map((m) => m.employeeId));
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
