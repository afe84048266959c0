// Display helpers shared by the admin pages (China time, like the rest of the app).
import dayjs from 'dayjs';
import type { ConversationStatus } from '../../../typings/api';

/** 2026-11-25 13:05 in the phone's local time. */
export const formatDateTime = (ms: number): string => dayjs(ms).format('YYYY-MM-DD HH:mm');

export const formatDate = (ms: number): string => dayjs(ms).format('YYYY-MM-DD');

export const STATUS_LABEL: Record<ConversationStatus, string> = {
  active: '正常',
  disabled: '已禁用',
  dissolved: '已解散',
};

/** van-tag colours: 正常 green, 已禁用 orange, 已解散 grey. */
export const STATUS_COLOR: Record<ConversationStatus, string> = {
  active: '#07c160',
  disabled: '#ff976a',
  dissolved: '#c8c9cc',
};
