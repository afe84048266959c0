// Groups by name for the search page: only the caller's own active groups (a name is no secret
// to its members, and nobody finds a group they are not in). A group name has no index that
// answers "contains", and a person is in hundreds of groups at most: their member records and
// those conversations are read (as the chat list does) and the names compared.
import type { GroupSearchHit } from '../../../typings/api';
import { normalizeKeyword } from '../domain/directoryTerms';
import type { EmployeeDoc } from '../store/documents';
import { myActiveConversations } from './conversationList';

export async function searchMyGroups(
  me: EmployeeDoc,
  keyword: string,
  limit: number,
): Promise<{ items: GroupSearchHit[] }> {
  const k = normalizeKeyword(keyword);
  const mine = await myActiveConversations(me._id);
  const items = mine
    .map((m) => m.conversation)
    .filter((c) => c.type === 'group' && normalizeKeyword(c.name).includes(k))
    .slice(0, limit)
    .map((c) => ({ id: c._id, name: c.name, memberCount: c.memberCount }));
  return { items };
}
