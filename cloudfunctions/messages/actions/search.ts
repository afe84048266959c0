import { z } from 'zod';
import type { Page, SearchHit } from '../../../typings/api';
import { action } from '../../core/handler';
import { idSchema, pageSchema, wholeNumberSchema } from '../../core/domain/validation';
import { searchMyMessages } from '../../core/services/search';

export const search = action({
  access: 'employee',
  schema: z
    .object({
      keyword: z.string().trim().min(1).max(50).optional(),
      conversationId: idSchema.optional(),
      /** Only messages from this colleague. */
      senderId: idSchema.optional(),
      /** Only files or only images (文件/图片). */
      type: z.enum(['file', 'image']).optional(),
      /** Creation time range, inclusive (ms). */
      from: wholeNumberSchema.optional(),
      to: wholeNumberSchema.optional(),
      ...pageSchema,
    })
    .refine((p) => p.keyword !== undefined || p.senderId !== undefined || p.type !== undefined, {
      path: ['keyword'],
      message: '请输入关键词',
    }),
  run({ caller }, p): Promise<Page<SearchHit>> {
    return searchMyMessages(caller, { ...p, cursor: p.cursor ?? null });
  },
});
