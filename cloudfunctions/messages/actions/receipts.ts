import type { ReceiptsPage } from '../../../typings/api';
import { z } from 'zod';
import { action } from '../../core/handler';
import { idSchema, pageSchema } from '../../core/domain/validation';
import { offsetOf, receipts as loadReceipts } from '../../core/services/messaging';

export const receipts = action({
  access: 'employee',
  schema: z.object({ messageId: idSchema, ...pageSchema }),
  run({ caller }, p): Promise<ReceiptsPage> {
    return loadReceipts(caller, p.messageId, offsetOf(p.cursor), p.limit);
  },
});
