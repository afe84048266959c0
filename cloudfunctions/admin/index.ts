// Cloud function `admin`: the back office. Every action is admin-only except `bootstrap`.
import { createMain } from '../core/handler';
import { bootstrap } from './actions/bootstrap';
import { getSettings } from './actions/getSettings';
import { updateSettings } from './actions/updateSettings';
import { scopePreview } from './actions/scopePreview';
import { auditLog } from './actions/auditLog';
import { deleteGroup } from './actions/deleteGroup';
import { deleteMessage } from './actions/deleteMessage';
import { disableGroup } from './actions/disableGroup';
import { enableGroup } from './actions/enableGroup';
import { deleteExport } from './actions/deleteExport';
import { exportHistory } from './actions/exportHistory';
import { groupDetail } from './actions/groupDetail';
import { groupMembers } from './actions/groupMembers';
import { groupMessages } from './actions/groupMessages';
import { groups } from './actions/groups';
import { stats } from './actions/stats';
import { importRoster } from './actions/importRoster';
import { offboard } from './actions/offboard';
import { updateEmployee } from './actions/updateEmployee';
import { runMaintenance } from './actions/runMaintenance';
import { jobs } from './actions/jobs';
import { roster } from './actions/roster';
import { employee } from './actions/employee';
import { reissueInviteCode } from './actions/reissueInviteCode';
import { rehire } from './actions/rehire';
import { setAdmin } from './actions/setAdmin';
import { createDepartment } from './actions/createDepartment';
import { updateDepartment } from './actions/updateDepartment';
import { deleteDepartment } from './actions/deleteDepartment';
import { exportRoster } from './actions/exportRoster';
import { createDepartmentGroups } from './actions/createDepartmentGroups';

export const actions = {
  bootstrap,
  getSettings,
  updateSettings,
  scopePreview,
  groups,
  disableGroup,
  enableGroup,
  deleteGroup,
  deleteMessage,
  exportHistory,
  deleteExport,
  auditLog,
  stats,
  groupDetail,
  groupMembers,
  groupMessages,
  importRoster,
  setAdmin,
  offboard,
  updateEmployee,
  runMaintenance,
  createDepartment,
  updateDepartment,
  deleteDepartment,
  exportRoster,
  jobs,
  createDepartmentGroups,
  roster,
  employee,
  reissueInviteCode,
  rehire,
};

export const main = createMain('admin', actions);
