import { z } from 'zod';
import { MAX_GROUP_NAME } from '../../core/domain/groupName';
import { idSchema } from '../../core/domain/validation';
import { action } from '../../core/handler';
import { doUpdateGroup } from '../../core/services/groupAdmin';

export const update = action({
  access: 'employee',
  schema: z.object({
    conversationId: idSchema,
    name: z.string().trim().min(1).max(MAX_GROUP_NAME).optional(),
    announcement: z.string().max(2000).optional(),
    muteAll: z.boolean().optional(),
    allowMemberInvite: z.boolean().optional(),
  }),
  run: ({ caller }, { conversationId, ...patch }) => doUpdateGroup(caller, conversationId, patch),
});
