// One way to load a back-office list page by page: the first page replaces the list (with the
// page's loading/refusal/error state), later pages append only their new rows as path keys so
// a long list is never sent to the view again.
import type { Page } from '../../../typings/api';
import { errorMessage } from '../../services/cloud';
import { initialLoadState, loadGuarded } from './guard';

/** The data a paged list page starts with (spread into `data`). */
export const initialListState = {
  ...initialLoadState,
  nextCursor: null as string | null,
  loadingMore: false,
  moreError: '',
};

/** What the helpers need of a Component instance. */
interface PagedListPage<R> {
  data: { items: R[]; nextCursor: string | null; loading: boolean; loadingMore: boolean };
  setData(patch: Record<string, unknown>): void;
}

type FetchPage<T> = (cursor: string | null) => Promise<Page<T>>;

/** Shows the spinner, then the first page, or the refusal / error with a retry. */
export function reloadList<T, R>(
  page: PagedListPage<R>,
  fetch: FetchPage<T>,
  toRow: (item: T) => R,
): Promise<void> {
  return loadGuarded(
    page,
    async () => {
      const first = await fetch(null);
      return { items: first.items.map(toRow), nextCursor: first.nextCursor };
    },
    { items: [], nextCursor: null, moreError: '' },
  );
}

/** Appends the next page when there is one and nothing is loading; a failure shows under the list. */
export async function loadMoreList<T, R>(
  page: PagedListPage<R>,
  fetch: FetchPage<T>,
  toRow: (item: T) => R,
): Promise<void> {
  const { nextCursor, loadingMore, loading } = page.data;
  if (!nextCursor || loadingMore || loading) return;
  page.setData({ loadingMore: true, moreError: '' });
  try {
    const next = await fetch(nextCursor);
    const start = page.data.items.length;
    const patch: Record<string, unknown> = { loadingMore: false, nextCursor: next.nextCursor };
    next.items.forEach((item, i) => (patch[`items[${start + i}]`] = toRow(item)));
    page.setData(patch);
  } catch (e) {
    page.setData({ loadingMore: false, moreError: errorMessage(e) });
  }
}

/** A list page that loads one page per `fetch(cursor)`. */
type FetchingPage<T, R> = PagedListPage<R> & {
  fetch: FetchPage<T>;
  reload(): Promise<void>;
  loadMore(): Promise<void>;
};

/** The paging methods of a list page (spread into `methods`): reload, more, bottom, pull-down. */
export function pagedListMethods<T, R>(toRow: (item: T) => R) {
  return {
    reload(this: FetchingPage<T, R>): Promise<void> {
      return reloadList(this, (cursor) => this.fetch(cursor), toRow);
    },
    loadMore(this: FetchingPage<T, R>): Promise<void> {
      return loadMoreList(this, (cursor) => this.fetch(cursor), toRow);
    },
    onReachBottom(this: FetchingPage<T, R>): Promise<void> {
      return this.loadMore();
    },
    onPullDownRefresh(this: FetchingPage<T, R>): Promise<void> {
      return this.reload().then(() => void wx.stopPullDownRefresh());
    },
  };
}
