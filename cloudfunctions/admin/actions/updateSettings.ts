import { z } from 'zod';
import type { Settings } from '../../../typings/api';
import { MAX_GROUP_MEMBERS } from '../../core/domain/cap';
import { idSchema } from '../../core/domain/validation';
import { action } from '../../core/handler';
import { doUpdateSettings } from '../../core/services/settings';

export const scopeSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('all') }),
  z.object({
    mode: z.literal('restricted'),
    employeeIds: z.array(idSchema).max(5000).default([]),
    departmentIds: z.array(idSchema).max(1000).default([]),
  }),
]);

/** Any subset of the settings; omitted ones keep their value. */
export const updateSettings = action({
  access: 'admin',
  schema: z.object({
    initiation: scopeSchema.optional(),
    usageScope: scopeSchema.optional(),
    memberCap: z.number().int().min(1).max(MAX_GROUP_MEMBERS).optional(),
    mobileVisible: z.boolean().optional(),
  }),
  run: ({ caller }, params): Promise<Settings> => {
    const patch = Object.fromEntries(
      Object.entries(params).filter(([, v]) => v !== undefined),
    ) as Partial<Settings>;
    return doUpdateSettings(patch, { id: caller._id, name: caller.name });
  },
});
