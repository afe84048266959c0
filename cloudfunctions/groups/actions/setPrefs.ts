import { z } from 'zod';
import { idSchema, wholeNumberSchema } from '../../core/domain/validation';
import { action } from '../../core/handler';
import { setPrefs as doSetPrefs } from '../../core/services/chatPrefs';

/** My own settings for one chat: 置顶, 免打扰, 标为未读, hide until the next message. */
export const setPrefs = action({
  access: 'employee',
  schema: z.object({
    conversationId: idSchema,
    pinned: z.boolean().optional(),
    muted: z.boolean().optional(),
    hidden: z.boolean().optional(),
    unread: z.boolean().optional(),
    seq: wholeNumberSchema.optional(),
  }),
  run: ({ caller }, { conversationId, ...patch }) => doSetPrefs(caller, conversationId, patch),
});
