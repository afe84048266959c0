import { z } from 'zod';
import { idSchema, pageSchema } from '../../core/domain/validation';
import { action } from '../../core/handler';
import { membersOf } from '../../core/services/groupView';

/** Members in join order with their roles; cursor = the last joinSeq seen. */
export const members = action({
  access: 'employee',
  schema: z.object({ conversationId: idSchema, ...pageSchema }),
  run: ({ caller }, { conversationId, cursor, limit }) => membersOf(caller, conversationId, cursor, limit),
});
