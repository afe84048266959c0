import { z } from 'zod';
import { action } from '../../core/handler';
import { errors } from '../../core/domain/errors';
import { rosterFileUploader } from '../../core/domain/files';
import { MAX_IMPORT_ROWS } from '../../core/domain/rosterFile';
import { currentEnv } from '../../core/platform/storage';
import { doImportRoster } from '../../core/services/roster';

const cell = z.union([z.string().max(500), z.number(), z.boolean(), z.null()]);

/**
 * `rows` (objects keyed by 姓名/手机号/部门/职位/工号/状态 or name/mobile/department/position/
 * employeeNo/status) or `fileId` (CSV/XLSX in cloud storage). Rows are numbered from 1, the
 * header not counted (see core/domain/roster.ts).
 */
export const importRoster = action({
  access: 'admin',
  schema: z.object({
    rows: z.array(z.record(cell)).max(MAX_IMPORT_ROWS).optional(),
    fileId: z.string().trim().min(1).max(500).optional(),
  }),
  run({ caller }, { rows, fileId }) {
    if ((rows === undefined) === (fileId === undefined))
      throw errors.rowsOrFile({
        fields: [{ path: 'rows', message: 'rows 与 fileId 二选一' }],
      });
    // Only the caller's own upload (roster/<employeeId>/…) of this environment: an admin's import
    // must not read another user's chat file or an export by naming its id.
    if (fileId !== undefined && rosterFileUploader(fileId, currentEnv()) !== caller._id)
      throw errors.rosterFileForeign({
        fields: [{ path: 'fileId', message: '只能导入自己上传的花名册文件' }],
      });
    return doImportRoster(rows ? { rows } : { fileId: fileId as string }, {
      id: caller._id,
      name: caller.name,
    });
  },
});
