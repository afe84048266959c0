import { z } from 'zod';
import { MAX_ANNOUNCEMENT, MAX_GROUP_NAME } from '../../core/domain/groupName';
import { idSchema, visibleTextSchema } from '../../core/domain/validation';
import { action } from '../../core/handler';
import { doUpdateGroup } from '../../core/services/groupAdmin';

export const update = action({
  access: 'employee',
  schema: z.object({
    conversationId: idSchema,
    name: visibleTextSchema(MAX_GROUP_NAME).optional(),
    // '' clears the announcement; text of invisible characters only is refused.
    announcement: visibleTextSchema(MAX_ANNOUNCEMENT, { allowEmpty: true, trim: false }).optional(),
    muteAll: z.boolean().optional(),
    allowMemberInvite: z.boolean().optional(),
    autoSync: z.boolean().optional(),
  }),
  run: ({ caller, openid }, { conversationId, ...patch }) =>
    doUpdateGroup(caller, openid, conversationId, patch),
});
