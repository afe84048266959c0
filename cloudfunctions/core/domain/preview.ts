// How a message reads in the conversation list ("张伟: 收到", "[图片]", "[文件] 报价单.xlsx").
import type { MessageType } from '../../../typings/api';

export interface PreviewSource {
  type: MessageType;
  senderName: string;
  text?: string;
  fileName?: string;
  recalled?: boolean;
  removed?: boolean;
}

const MAX_PREVIEW = 60;

export function previewText(m: PreviewSource): string {
  if (m.removed) return '该消息已被管理员删除';
  if (m.recalled) return `${m.senderName}撤回了一条消息`;
  switch (m.type) {
    case 'image':
      return '[图片]';
    case 'file':
      return `[文件] ${m.fileName ?? ''}`.trim();
    case 'system':
      return (m.text ?? '').slice(0, MAX_PREVIEW);
    default:
      return (m.text ?? '').replace(/\s+/g, ' ').slice(0, MAX_PREVIEW);
  }
}
