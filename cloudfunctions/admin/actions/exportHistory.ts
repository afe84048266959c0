import { z } from 'zod';
import { action } from '../../core/handler';
import { idSchema } from '../../core/domain/validation';
import { doExportHistory } from '../../core/services/export';

const millis = z.number().int().nonnegative();

export const exportHistory = action({
  access: 'admin',
  schema: z.object({ conversationId: idSchema, from: millis.optional(), to: millis.optional() }),
  run({ caller }, { conversationId, from, to }) {
    return doExportHistory(caller, conversationId, { from, to });
  },
});
