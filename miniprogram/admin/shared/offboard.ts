// Long admin actions that finish in steps (each call fits the function's timeout): the page calls
// again while work remains and shows how much is left. Shared by the roster and employee pages.
import type { ImportResult, OffboardResult } from '../../../typings/api';
import { call } from '../../services/cloud';
import type { ConfirmText } from './confirm';

/** What 办理离职 asks before it starts. */
export const offboardConfirm = (name: string): ConfirmText => ({
  title: `办理 ${name} 离职？`,
  message: `${name} 将立即无法使用同事，并退出所有群聊；其作为群主的群将转让给最早入群的成员。聊天记录会保留。`,
  confirm: '确认离职',
});

/** Offboards (or finishes an unfinished offboarding) until the person has left every group. */
export async function offboardFully(
  employeeId: string,
  progress: (groupsLeftToLeave: number) => void,
): Promise<OffboardResult> {
  const total: OffboardResult = { groupsLeft: 0, ownershipsTransferred: 0 };
  for (;;) {
    const out = await call('admin', 'offboard', { employeeId });
    total.groupsLeft += out.groupsLeft;
    total.ownershipsTransferred += out.ownershipsTransferred;
    if (!out.remainingGroups) return total;
    progress(out.remainingGroups);
  }
}

/**
 * Imports, then repeats the same call while the import's leavers are still being offboarded
 * (`remainingDepartures`); the server continues its job without reading the file again.
 */
export async function importFully(
  params: { fileId: string },
  progress: (leaversLeft: number) => void,
): Promise<ImportResult> {
  for (;;) {
    const report = await call('admin', 'importRoster', params);
    if (!report.remainingDepartures) return report;
    progress(report.remainingDepartures);
  }
}

/**
 * 办理离职 / 完成离职 as the admin sees it: the groups still to leave in a loading toast, then
 * what was done. A failure is thrown with the loading toast closed.
 */
export async function offboardShowingProgress(employeeId: string): Promise<void> {
  try {
    const out = await offboardFully(employeeId, (left) =>
      wx.showLoading({ title: `离职处理中，还剩${left}个群`, mask: true }),
    );
    wx.hideLoading();
    wx.showToast({
      title: `已离职，退出${out.groupsLeft}个群，转让${out.ownershipsTransferred}个群主`,
      icon: 'none',
    });
  } catch (e) {
    wx.hideLoading();
    throw e;
  }
}
