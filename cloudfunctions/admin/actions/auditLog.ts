import { z } from 'zod';
import { action } from '../../core/handler';
import { idSchema, pageSchema } from '../../core/domain/validation';
import { listAudit } from '../../core/services/auditQuery';

export const auditLog = action({
  access: 'admin',
  schema: z.object({
    actorId: idSchema.optional(),
    conversationId: idSchema.optional(),
    // `action` names the cloud-function action itself, so the filter on the entry's action is auditAction.
    auditAction: z.string().trim().min(1).max(40).optional(),
    ...pageSchema,
  }),
  run(_ctx, { actorId, conversationId, auditAction, cursor, limit }) {
    return listAudit({ actorId, conversationId, action: auditAction }, cursor, limit);
  },
});
