// A new conversation document: a group starts with its owner and nobody else in charge, a direct
// chat has no owner; both start active, with an empty timeline and no announcement.
import type { ConversationStatus } from '../../../typings/api';
import type { ConversationLifecycle, ConversationRecord } from './model';
import { nameKeysOf } from './nameKeys';

/**
 * The status people see. A group still 'creating' is never shown (the gate and the lists skip
 * it); one being purged ('deleting') is refused like a disabled one until it is gone.
 */
export const publicStatus = (status: ConversationLifecycle): ConversationStatus =>
  status === 'deleting' ? 'disabled' : status === 'creating' ? 'active' : status;

export interface NewConversation {
  id: string;
  type: ConversationRecord['type'];
  name: string;
  /** The name was generated from the members (see ConversationRecord.autoName). */
  autoName?: boolean;
  ownerId: string | null;
  creatorId: string;
  /** Final member count; join numbers 1..memberCount are handed out with it. */
  memberCount: number;
  departmentIds?: string[];
  directKey?: string | null;
}

/** A new conversation: the record plus an empty timeline (no last message yet). */
export function buildConversation(
  input: NewConversation,
  now: number,
): ConversationRecord & { lastMessage: null } {
  return {
    _id: input.id,
    type: input.type,
    name: input.name,
    ...(input.autoName ? { autoName: true } : {}),
    ownerId: input.ownerId,
    adminIds: [],
    announcement: '',
    muteAll: false,
    allowMemberInvite: false,
    memberCount: input.memberCount,
    departmentIds: input.departmentIds ?? [],
    status: 'active',
    lastSeq: 0,
    sentCount: 0,
    // Groups only: the back office searches groups by name (direct chats have none of their own).
    ...(input.type === 'group' ? { nameKeys: nameKeysOf(input.name) } : {}),
    lastMessage: null,
    mentionAllSeq: 0,
    mentionSeqs: {},
    joinCounter: input.memberCount,
    directKey: input.directKey ?? null,
    creatorId: input.creatorId,
    createdAt: now,
    updatedAt: now,
  };
}
