import type { ConversationListPage } from '../../../typings/api';
import { z } from 'zod';
import { action } from '../../core/handler';
import { pageSchema } from '../../core/domain/validation';
import { listConversations } from '../../core/services/conversationList';
import { offsetOf } from '../../core/services/messaging';

/** My conversations, most recent first; disabled and dissolved ones are hidden. */
export const list = action({
  access: 'employee',
  schema: z.object({ ...pageSchema }),
  run({ caller }, p): Promise<ConversationListPage> {
    return listConversations(caller, offsetOf(p.cursor), p.limit);
  },
});
