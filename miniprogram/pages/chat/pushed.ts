// A message document as the chat page's watch delivers it (database-rules/messages.json: members
// of an active group read `messages` directly) turned into the API's Message, so a push renders
// with no function call. The server already stripped what members must not see: a recalled or
// removed message carries only its place and the line to show (`notice`, `ownNotice`), its
// content lives in the back office's archive. The mapping itself is the server's
// (shared/messages.ts); what the phone adds is reading the name and the notice off the document.
import type { Message } from '../../../typings/api';
import { memberMessage, messageBase, type MessageDocFields } from '../../shared/messages';

export type MessageDocLike = MessageDocFields;

export function messageFromDoc(d: MessageDocLike, me: string): Message {
  const own = !!me && d.senderId === me;
  const notice = (own ? d.ownNotice : d.notice) ?? d.notice;
  // No recallDeadline: my own sends reach the timeline through the send's answer, which has it.
  return memberMessage(d, messageBase(d, { senderName: d.senderName ?? '' }), notice);
}
