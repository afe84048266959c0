import { z } from 'zod';
import type { Settings } from '../../../typings/api';
import { action } from '../../core/handler';
import { getSettings as load } from '../../core/services/settings';

export const getSettings = action({
  access: 'admin',
  schema: z.object({}),
  run: (): Promise<Settings> => load(),
});
