import { z } from 'zod';
import { action } from '../../core/handler';
import { idSchema, wholeNumberSchema } from '../../core/domain/validation';
import { adminGroupMessages } from '../../core/services/backoffice';

/** Recent messages of any conversation for moderation (ascending seq, like messages.history). */
export const groupMessages = action({
  access: 'admin',
  schema: z.object({
    conversationId: idSchema,
    beforeSeq: wholeNumberSchema.positive().optional(),
    limit: z
      .number()
      .int()
      .positive()
      .optional()
      .transform((n) => Math.min(n ?? 20, 100)),
  }),
  run({ caller }, { conversationId, beforeSeq, limit }) {
    return adminGroupMessages(caller, conversationId, beforeSeq, limit);
  },
});
