import type { ReceiptCount } from '../../../typings/api';
import { z } from 'zod';
import { action } from '../../core/handler';
import { idListSchema, idSchema } from '../../core/domain/validation';
import { receiptCounts as countReceipts } from '../../core/services/messaging';

/** Read/unread counts for a window of messages (the chat page's "N人未读" line). */
export const receiptCounts = action({
  access: 'employee',
  schema: z.object({ conversationId: idSchema, messageIds: idListSchema(100) }),
  async run({ caller }, p): Promise<{ items: ReceiptCount[] }> {
    return { items: await countReceipts(caller, p.conversationId, p.messageIds) };
  },
});
