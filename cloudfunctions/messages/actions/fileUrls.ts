import { z } from 'zod';
import { action } from '../../core/handler';
import { idListSchema, idSchema } from '../../core/domain/validation';
import { STORAGE_BATCH } from '../../core/platform/storage';
import type { FileLink } from '../../../typings/api';
import { fileLinks } from '../../core/services/fileLinks';

/**
 * Short-lived links to the images and files of messages the caller may see (addition to
 * api.md): `{ conversationId, messageIds }` → `{ items: [{ messageId, tempFileURL, expiresAt }] }`;
 * messages the caller may not download are left out.
 */
export const fileUrls = action({
  access: 'employee',
  schema: z.object({ conversationId: idSchema, messageIds: idListSchema(STORAGE_BATCH).min(1) }),
  async run({ caller }, p): Promise<{ items: FileLink[] }> {
    return { items: await fileLinks(caller, p.conversationId, p.messageIds) };
  },
});
