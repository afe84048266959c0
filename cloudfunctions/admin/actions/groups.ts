import { z } from 'zod';
import { action } from '../../core/handler';
import { pageSchema } from '../../core/domain/validation';
import { listAdminGroups } from '../../core/services/backoffice';

const STATUS_ALIASES: Record<string, string> = { 正常: 'active', 已禁用: 'disabled', 已解散: 'dissolved' };

/** The contract's values, or the labels the table shows (正常/已禁用/已解散); '' means all. */
export const statusSchema = z.preprocess(
  (v) => (typeof v === 'string' ? (STATUS_ALIASES[v.trim()] ?? (v.trim() || undefined)) : v),
  z.enum(['active', 'disabled', 'dissolved']).optional(),
);

export const groups = action({
  access: 'admin',
  schema: z.object({ keyword: z.string().trim().max(50).optional(), status: statusSchema, ...pageSchema }),
  run(_ctx, params) {
    return listAdminGroups(params);
  },
});
