import { z } from 'zod';
import { action } from '../../core/handler';
import { doExportRoster } from '../../core/services/rosterExport';

/** The roster as XLSX in the import's columns; `template: true` = the empty import template. */
export const exportRoster = action({
  access: 'admin',
  schema: z.object({ template: z.boolean().optional() }),
  run: ({ caller }, { template }) =>
    doExportRoster({ id: caller._id, name: caller.name }, { template: template ?? false }),
});
