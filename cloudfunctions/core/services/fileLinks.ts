// Downloads of chat files: storage refuses every client read (storage-rules/storage.json), so a
// member gets a short-lived temp URL from here, after the same checks that decide whether they
// may see the message at all (member, joined before it, not recalled or removed). A message that
// points at a file outside its own conversation's folder (a forged reference stored before sends
// were checked) gets no link.
import type { FileLink } from '../../../typings/api';
import { belongsToConversation } from '../domain/files';
import { clock } from '../platform/clock';
import { currentEnv, tempUrls } from '../platform/storage';
import type { EmployeeDoc, MessageDoc } from '../store/documents';
import { messagesByIds } from '../store/messages';
import { requireMember } from './access';

/** Whether a member who joined at `joinedAtSeq` may download this message's file. */
export function mayDownload(
  m: MessageDoc,
  conversationId: string,
  joinedAtSeq: number,
  env: string,
): boolean {
  return (
    m.conversationId === conversationId &&
    m.seq > joinedAtSeq &&
    !m.recalled &&
    !m.removed &&
    !!m.fileId &&
    belongsToConversation(m.fileId, env, conversationId)
  );
}

export async function fileLinks(
  caller: EmployeeDoc,
  conversationId: string,
  messageIds: string[],
): Promise<FileLink[]> {
  const { member } = await requireMember(conversationId, caller._id);
  if (!messageIds.length) return [];
  const env = currentEnv();
  const allowed = (await messagesByIds([...new Set(messageIds)])).filter((m) =>
    mayDownload(m, conversationId, member.joinedAtSeq, env),
  );
  const urls = await tempUrls(
    allowed.map((m) => m.fileId as string),
    clock.now(),
  );
  return allowed.flatMap((m) => {
    const link = urls.get(m.fileId as string);
    return link ? [{ messageId: m._id, tempFileURL: link.url, expiresAt: link.expiresAt }] : [];
  });
}
