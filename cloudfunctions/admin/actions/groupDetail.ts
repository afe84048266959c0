import { z } from 'zod';
import { action } from '../../core/handler';
import { idSchema } from '../../core/domain/validation';
import { adminGroupRow } from '../../core/services/backoffice';

/** One row of the group table plus owner and announcement, whatever the admin's membership. */
export const groupDetail = action({
  access: 'admin',
  schema: z.object({ conversationId: idSchema }),
  run(_ctx, { conversationId }) {
    return adminGroupRow(conversationId);
  },
});
