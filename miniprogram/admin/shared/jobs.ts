// Long work (jobs) as the admin pages show it: title, a status line, progress in percent.
import type { Job, JobStatus } from '../../../typings/api';
import { formatDateTime } from './format';

export interface JobRow {
  id: string;
  title: string;
  status: JobStatus;
  /** "进行中 12/300 个群", "已中断，将自动继续", "失败：…", "已完成". */
  line: string;
  percent: number;
  /** van-progress colour: green running, orange stalled, red failed, grey done. */
  color: string;
  by: string;
}

export function jobRow(j: Job): JobRow {
  const count = j.total ? ` ${j.done}/${j.total} ${j.unit}` : '';
  const line =
    j.status === 'done'
      ? `已完成${count}`
      : j.status === 'failed'
        ? `失败：${j.lastError ?? ''}（重试或自动修复会继续）`
        : j.stalled
          ? `已中断${count}，将自动继续`
          : `进行中${count}`;
  return {
    id: j.id,
    title: j.title,
    status: j.status,
    line,
    percent: j.status === 'done' ? 100 : j.total ? Math.floor((j.done / j.total) * 100) : 0,
    color:
      j.status === 'done' ? '#c8c9cc' : j.status === 'failed' ? '#ee0a24' : j.stalled ? '#ff976a' : '#07c160',
    by: `${j.startedBy.name} · ${formatDateTime(j.startedAt)}`,
  };
}
