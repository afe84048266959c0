import { z } from 'zod';
import type { SendResult } from '../../../typings/api';
import { action } from '../../core/handler';
import { MAX_FILE_NAME, MAX_TEXT_LENGTH } from '../../core/domain/message';
import { MAX_MENTIONS } from '../../core/domain/mentions';
import { fileNameSchema, idSchema } from '../../core/domain/validation';
import { doSend } from '../../core/services/messaging';

export const send = action({
  access: 'employee',
  schema: z.object({
    conversationId: idSchema,
    clientMsgId: z.string().trim().min(1).max(64),
    type: z.enum(['text', 'image', 'file']),
    // Length in characters (code points) is checked in domain/message; this bounds the payload.
    text: z
      .string()
      .max(MAX_TEXT_LENGTH * 2)
      .optional(),
    fileId: z.string().min(1).max(512).optional(),
    fileName: fileNameSchema(MAX_FILE_NAME).optional(),
    fileSize: z
      .number()
      .int()
      .nonnegative()
      .max(1024 * 1024 * 1024)
      .optional(),
    mentions: z.union([z.literal('all'), z.array(idSchema).max(MAX_MENTIONS)]).optional(),
  }),
  async run({ caller, openid }, params): Promise<SendResult> {
    return doSend(caller, openid, params);
  },
});
