// The 消息 tab's rows as the user sees them: the window's filled slots in screen order
// (miniprogram/utils/rowWindow.ts renders only the rows near the viewport, each at its y).
import type { LocalCloud } from '../../localcloud/cloud';
import { buildConversation } from '../../cloudfunctions/core/domain/conversation';
import { newMemberDoc } from '../../cloudfunctions/core/services/membership';
import type { ConversationDoc, MemberDoc } from '../../cloudfunctions/core/store/documents';
import { seedDocs } from '../functions/helpers';
import { seedPeople } from '../functions/messages-fixture';
import type { Rendered } from './harness';

export interface ListedRow {
  id: string;
  y: number;
  title: string;
  preview: string;
  prefix: string;
  unread: string;
  pinned: boolean;
  quiet: boolean;
}

export const listedRows = (page: Rendered): ListedRow[] =>
  (page.data.slots as ListedRow[]).filter((s) => s.id).sort((a, b) => a.y - b.y);

/**
 * 张伟 (e1) and 李娜 (e2, o_e2) in `n` groups of two, each with one message from 张伟, the newest
 * first: g0000 (门店群0), g0001, … (the page test and bench/chats.bench.ts).
 */
export async function seedChats(cloud: LocalCloud, n: number): Promise<void> {
  await seedPeople(cloud, 2);
  const now = Date.now();
  const conversations: ConversationDoc[] = [];
  const members: MemberDoc[] = [];
  for (let i = 0; i < n; i++) {
    const id = `g${String(i).padStart(4, '0')}`;
    const at = now - (i + 1) * 60_000;
    conversations.push({
      ...buildConversation(
        { id, type: 'group', name: `门店群${i}`, ownerId: 'e1', creatorId: 'e1', memberCount: 2 },
        at,
      ),
      lastSeq: 1,
      updatedAt: at,
      lastMessage: {
        id: `m${i}`,
        seq: 1,
        type: 'text',
        senderId: 'e1',
        senderName: '张伟',
        preview: `今天的盘点表第${i}份`,
        createdAt: at,
      },
    });
    members.push(newMemberDoc(id, 'e1', 'owner', 1, 0, at), newMemberDoc(id, 'e2', 'member', 2, 0, at));
  }
  await seedDocs(cloud, 'conversations', conversations);
  await seedDocs(cloud, 'members', members);
}
