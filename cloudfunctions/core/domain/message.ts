// What a user may send: the shape of a draft and who may post where. Pure: the caller passes the
// conversation and membership it loaded.
import { isManagerRole } from './ownership';
import { errors } from './errors';
import { isBlank } from './text';
import type { MemberRole, MessageType } from '../../../typings/api';

export const MAX_TEXT_LENGTH = 2000;
export const MAX_FILE_NAME = 200;

export interface SendDraft {
  type: Exclude<MessageType, 'system'>;
  text?: string;
  fileId?: string;
  fileName?: string;
  fileSize?: number;
}

export interface FieldProblem {
  path: string;
  message: string;
}

/** Fields the type requires but the draft lacks (zod checks the types; this checks the combination). */
export function draftProblems(d: SendDraft): FieldProblem[] {
  const out: FieldProblem[] = [];
  if (d.type === 'text') {
    if (isBlank(d.text)) out.push({ path: 'text', message: '消息内容不能为空' });
    else if ([...(d.text as string)].length > MAX_TEXT_LENGTH)
      out.push({ path: 'text', message: `消息不能超过${MAX_TEXT_LENGTH}字` });
  } else {
    if (!d.fileId) out.push({ path: 'fileId', message: '缺少文件' });
    if (d.type === 'file' && isBlank(d.fileName)) out.push({ path: 'fileName', message: '缺少文件名' });
    if (d.fileSize === undefined) out.push({ path: 'fileSize', message: '缺少文件大小' });
  }
  return out;
}

export interface PostingContext {
  status: 'active' | 'disabled' | 'dissolved';
  muteAll: boolean;
  role: MemberRole;
}

/** The chat page's banner while mute-all keeps the caller silent. */
export const MUTED_LABEL = '全员禁言中';

/** Mute-all leaves the floor to the owner and admins: the refusal a send would get, or null. */
export const postRefusal = (ctx: PostingContext) =>
  ctx.muteAll && !isManagerRole(ctx.role) ? errors.mutedAll() : null;

export function checkMayPost(ctx: PostingContext): void {
  const refusal = postRefusal(ctx);
  if (refusal) throw refusal;
}
