import { z } from 'zod';
import { action } from '../../core/handler';
import { scopePreview as preview } from '../../core/services/scopeReach';
import { scopeSchema } from './updateSettings';

/** Who a proposed usage scope would leave out among current group members; changes nothing. */
export const scopePreview = action({
  access: 'admin',
  schema: z.object({ usageScope: scopeSchema }),
  run: (_ctx, { usageScope }) => preview(usageScope),
});
