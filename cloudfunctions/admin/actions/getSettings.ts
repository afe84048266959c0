import { z } from 'zod';
import type { SettingsView } from '../../../typings/api';
import { action } from '../../core/handler';
import { getSettingsView } from '../../core/services/settings';

export const getSettings = action({
  access: 'admin',
  schema: z.object({}),
  run: (): Promise<SettingsView> => getSettingsView(),
});
