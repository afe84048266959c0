import { z } from 'zod';
import { action } from '../../core/handler';
import { errors } from '../../core/domain/errors';
import { isExportFile } from '../../core/domain/files';
import { currentEnv, deleteStoredFiles } from '../../core/platform/storage';

/**
 * The admin's phone has the export (wx.cloud.downloadFile): delete it from storage, so a sheet of
 * a whole group's history (or the roster) does not linger. Only exports of this environment; deleting
 * one that is already gone answers `deleted: false`.
 */
export const deleteExport = action({
  access: 'admin',
  schema: z.object({ fileId: z.string().trim().min(1).max(500) }),
  async run(_ctx, { fileId }) {
    if (!isExportFile(fileId, currentEnv()))
      throw errors.exportFileInvalid({ fields: [{ path: 'fileId', message: '不是聊天记录导出文件' }] });
    return { deleted: (await deleteStoredFiles([fileId])) === 1 };
  },
});
