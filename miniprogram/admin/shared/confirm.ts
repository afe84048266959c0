// The admin pages' confirmation: one van-dialog bound to dialogShow / dialogTitle / dialogMessage
// / dialogConfirm, opened with the text of what is about to happen.

export interface ConfirmText {
  title: string;
  message: string;
  /** The confirm button's label (says what the tap does: 确认离职, 删除…). */
  confirm: string;
}

/** The page data of a closed dialog. */
export const closedDialog = { dialogShow: false, dialogTitle: '', dialogMessage: '', dialogConfirm: '确定' };

/** The page data that opens the dialog with this text. */
export const openDialog = (t: ConfirmText) => ({
  dialogShow: true,
  dialogTitle: t.title,
  dialogMessage: t.message,
  dialogConfirm: t.confirm,
});
