// The 消息 tab's rows as the user sees them: the window's filled slots in screen order
// (miniprogram/utils/rowWindow.ts renders only the rows near the viewport, each at its y).
import type { Rendered } from './harness';

export interface ListedRow {
  id: string;
  y: number;
  title: string;
  preview: string;
  prefix: string;
  unread: string;
  pinned: boolean;
  quiet: boolean;
}

export const listedRows = (page: Rendered): ListedRow[] =>
  (page.data.slots as ListedRow[]).filter((s) => s.id).sort((a, b) => a.y - b.y);
