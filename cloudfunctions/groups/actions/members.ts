import { z } from 'zod';
import { idSchema, pageSchema } from '../../core/domain/validation';
import { action } from '../../core/handler';
import { membersOf } from '../../core/services/groupView';
import { memberKeywordSchema } from '../../core/services/memberList';

/** Members in join order with their roles; cursor = the last joinSeq seen; keyword over the whole group. */
export const members = action({
  access: 'employee',
  schema: z.object({ conversationId: idSchema, keyword: memberKeywordSchema, ...pageSchema }),
  run: ({ caller }, { conversationId, cursor, limit, keyword }) =>
    membersOf(caller, conversationId, cursor, limit, keyword),
});
