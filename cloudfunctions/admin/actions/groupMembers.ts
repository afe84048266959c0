import { z } from 'zod';
import { action } from '../../core/handler';
import { idSchema, pageSchema } from '../../core/domain/validation';
import { adminGroupMembers } from '../../core/services/backoffice';

export const groupMembers = action({
  access: 'admin',
  schema: z.object({ conversationId: idSchema, ...pageSchema }),
  run(_ctx, { conversationId, cursor, limit }) {
    return adminGroupMembers(conversationId, cursor, limit);
  },
});
