import { z } from 'zod';
import { action } from '../../core/handler';
import { idSchema, pageSchema } from '../../core/domain/validation';
import { adminGroupMembers } from '../../core/services/backoffice';
import { memberKeywordSchema } from '../../core/services/memberList';

export const groupMembers = action({
  access: 'admin',
  schema: z.object({ conversationId: idSchema, keyword: memberKeywordSchema, ...pageSchema }),
  run(_ctx, { conversationId, cursor, limit, keyword }) {
    return adminGroupMembers(conversationId, cursor, limit, keyword);
  },
});
