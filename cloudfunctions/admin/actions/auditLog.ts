import { z } from 'zod';
import { auditActionOf } from '../../core/domain/audit';
import { action } from '../../core/handler';
import { idSchema, pageSchema } from '../../core/domain/validation';
import { listAudit } from '../../core/services/auditQuery';

export const auditLog = action({
  access: 'admin',
  schema: z.object({
    actorId: idSchema.optional(),
    conversationId: idSchema.optional(),
    // `action` names the cloud-function action itself, so the filter on the entry's action is auditAction.
    // Legacy spellings (enableGroup…) are accepted and mean their new names (domain/audit.ts).
    auditAction: z.string().trim().min(1).max(40).transform(auditActionOf).optional(),
    ...pageSchema,
  }),
  run(_ctx, { actorId, conversationId, auditAction, cursor, limit }) {
    return listAudit({ actorId, conversationId, action: auditAction }, cursor, limit);
  },
});
