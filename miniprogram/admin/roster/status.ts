// Roster statuses in Chinese, for the roster list and the employee page.
import type { RosterStatus } from '../../../typings/api';

export const ROSTER_STATUS_LABEL: Record<RosterStatus, string> = {
  active: '在职',
  unbound: '未绑定',
  departed: '离职',
  offboarding: '离职处理中',
};
